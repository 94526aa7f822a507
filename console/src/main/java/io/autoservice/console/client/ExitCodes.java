package io.autoservice.console.client;

/**
 * The console's exit codes, shared by every verb; here rather than on the command so the client's
 * {@link ConsoleException} can carry its code without depending on the command line.
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int UNREACHABLE = 3;

  /** No token, a wrong or revoked one, or a role that does not allow the call. */
  public static final int DENIED = 4;

  public static final int CANCELLED = 130;

  private ExitCodes() {}
}
