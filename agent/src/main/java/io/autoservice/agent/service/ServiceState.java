package io.autoservice.agent.service;

/** A Windows service's current state ({@code dwCurrentState}), with its Win32 code. */
public enum ServiceState {
  STOPPED(1),
  START_PENDING(2),
  STOP_PENDING(3),
  RUNNING(4),
  CONTINUE_PENDING(5),
  PAUSE_PENDING(6),
  PAUSED(7);

  private final int code;

  ServiceState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static ServiceState of(int code) {
    for (ServiceState s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown service state " + code);
  }
}
