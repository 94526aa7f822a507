package io.autoservice.common.auth;

import static io.autoservice.common.auth.Permission.ACK_ALERTS;
import static io.autoservice.common.auth.Permission.CANCEL;
import static io.autoservice.common.auth.Permission.DISPATCH;
import static io.autoservice.common.auth.Permission.MANAGE_SCHEDULES;
import static io.autoservice.common.auth.Permission.READ;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A user's role and the permission matrix. Each role includes the one before it:
 *
 * <pre>
 *              read  dispatch  cancel  schedules  ack alerts  enrol/revoke agents  users  audit
 * viewer        x
 * technician    x       x        x         x          x
 * admin         x       x        x         x          x              x            x      x
 * </pre>
 */
public enum Role {
  VIEWER(EnumSet.of(READ)),
  TECHNICIAN(EnumSet.of(READ, DISPATCH, CANCEL, MANAGE_SCHEDULES, ACK_ALERTS)),
  ADMIN(EnumSet.allOf(Permission.class));

  private final Set<Permission> granted;

  Role(Set<Permission> granted) {
    this.granted = granted;
  }

  public boolean allows(Permission p) {
    return granted.contains(p);
  }

  /**
   * {@code viewer}, {@code technician} or {@code admin}: how the CLI, the database and logs name
   * it.
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name, any case. */
  public static Role fromWireName(String s) {
    for (Role r : values()) {
      if (r.wireName().equalsIgnoreCase(s == null ? "" : s.strip())) {
        return r;
      }
    }
    throw new IllegalArgumentException("role: '" + s + "' (expected: viewer, technician or admin)");
  }
}
