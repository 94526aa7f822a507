package io.autoservice.common.auth;

/**
 * What a console call needs. Each {@link Role} grants a set of these; the console service maps each
 * of its methods to one (declared in console.proto, read by {@code ConsolePermissions}).
 */
public enum Permission {
  /** List agents and runs, watch, read reports. */
  READ("read the fleet"),
  DISPATCH("dispatch"),
  CANCEL("cancel runs"),
  ENROL_AGENTS("enrol agents"),
  REVOKE_AGENTS("revoke agents"),
  MANAGE_USERS("manage users"),
  READ_AUDIT("read the audit log"),
  /** Create, pause, resume, delete and run schedules; set maintenance windows. */
  MANAGE_SCHEDULES("manage schedules"),
  /** Acknowledge alerts (technicians and admins; viewers only list them). */
  ACK_ALERTS("acknowledge alerts");

  private final String phrase;

  Permission(String phrase) {
    this.phrase = phrase;
  }

  /** How a refusal names it: "role viewer may not {@code <phrase>}". */
  public String phrase() {
    return phrase;
  }
}
