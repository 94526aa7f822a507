package io.autoservice.controller.model;

import java.util.Locale;

/** Where a run stands on the controller. */
public enum RunState {
  /** Waiting for its agent to be online and free. */
  QUEUED,
  /** Sent to the agent, not yet acknowledged. */
  ASSIGNED,
  /** The agent acknowledged it and is executing it. */
  RUNNING,
  /** Ended; the run's status says how. */
  FINISHED;

  public String dbName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunState fromDb(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }

  /** Assigned or running: the agent is (or should be) working on it. */
  public boolean active() {
    return this == ASSIGNED || this == RUNNING;
  }
}
