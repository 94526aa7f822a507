package io.autoservice.controller.model;

import java.util.Locale;

/** How a run came to the controller. */
public enum RunOrigin {
  /** A technician dispatched it; the agent streamed its events as it ran. */
  DISPATCHED,
  /** The agent ran it on its own ({@code agent run --sync}) and uploaded only its report later. */
  LOCAL;

  /** The lower-case name kept in the database and shown by the console. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A stored name; anything unknown reads as dispatched, the only origin before local runs. */
  public static RunOrigin fromDb(String s) {
    return s != null && s.equalsIgnoreCase("local") ? LOCAL : DISPATCHED;
  }
}
