package io.autoservice.controller.tls;

/** An enrolment that is refused; {@link #reason} says which gRPC status fits. */
public final class EnrollmentException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why an enrolment was refused. */
  public enum Reason { UNKNOWN_TOKEN, TOKEN_SPENT, TOKEN_EXPIRED, BAD_REQUEST, ID_TAKEN, NOT_DUE, TOO_SOON }

  private final Reason reason;

  public EnrollmentException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
