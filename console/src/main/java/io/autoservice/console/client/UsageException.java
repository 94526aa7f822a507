package io.autoservice.console.client;

/**
 * A combination of arguments picocli cannot check by itself (e.g. two token sources, an unreadable
 * CA file); the console prints it with a usage hint and exits {@code 2}. Apart from {@link
 * ConsoleException}, which is a call that failed, because the two end differently.
 */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
