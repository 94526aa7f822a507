package io.autoservice.controller.runs;

/** A console request the dispatcher refuses; the console service maps the kind to a gRPC status. */
public final class DispatchException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the request was refused. */
  public enum Kind {
    NOT_FOUND,
    INVALID,
    FAILED_PRECONDITION
  }

  private final Kind kind;

  public DispatchException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
