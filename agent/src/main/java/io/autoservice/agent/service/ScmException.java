package io.autoservice.agent.service;

/** A service control manager call failed with this Win32 error code. */
public final class ScmException extends Exception {
  public static final int ERROR_ACCESS_DENIED = 5;
  public static final int ERROR_SERVICE_ALREADY_RUNNING = 1056;
  public static final int ERROR_SERVICE_DOES_NOT_EXIST = 1060;
  public static final int ERROR_SERVICE_NOT_ACTIVE = 1062;
  public static final int ERROR_FAILED_SERVICE_CONTROLLER_CONNECT = 1063;
  public static final int ERROR_SERVICE_SPECIFIC_ERROR = 1066;
  public static final int ERROR_SERVICE_MARKED_FOR_DELETE = 1072;
  public static final int ERROR_SERVICE_EXISTS = 1073;

  private final String operation;
  private final int win32Error;

  public ScmException(String operation, int win32Error) {
    super(operation + " failed: Win32 error " + win32Error);
    this.operation = operation;
    this.win32Error = win32Error;
  }

  public String operation() {
    return operation;
  }

  public int win32Error() {
    return win32Error;
  }

  /** What a technician reads: the call, the error, and what to do when we know. */
  public String explain() {
    String what = operation + " failed (Win32 error " + win32Error + ")";
    return switch (win32Error) {
      case ERROR_ACCESS_DENIED ->
          what + ": access denied; run it as Administrator (an elevated prompt)";
      case ERROR_SERVICE_MARKED_FOR_DELETE ->
          what
              + ": the service is marked for deletion; close the Services console (services.msc)"
              + " or reboot, then try again";
      case ERROR_FAILED_SERVICE_CONTROLLER_CONNECT ->
          what
              + ": 'service run' is started by the service manager; to run the agent in a console"
              + " use 'agent connect'";
      default -> what;
    };
  }
}
