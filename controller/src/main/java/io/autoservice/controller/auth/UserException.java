package io.autoservice.controller.auth;

/** A user-management request that cannot be done, with the reason to show. */
public final class UserException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why, which decides the gRPC status. */
  public enum Kind {
    INVALID,
    NOT_FOUND,
    ALREADY_EXISTS
  }

  private final Kind kind;

  public UserException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
