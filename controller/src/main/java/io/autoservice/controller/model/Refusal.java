package io.autoservice.controller.model;

import static java.util.Objects.requireNonNull;

/**
 * Why the controller will not do what a console or an agent asked, in words to show that caller.
 * Domain code throws it without knowing about gRPC; the doors turn it into a status with {@code
 * io.autoservice.controller.errors.Statuses}, the one mapping, so a refusal reads the same whether
 * it ends a unary call, a watch, an enrolment or an agent's stream.
 *
 * <p>Unchecked because refusals come from validation deep in a call (a label inside a map, a field
 * inside a message) and every door catches at its edge anyway.
 */
public class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The gRPC status codes the controller refuses with, by their gRPC names. */
  public enum Code {
    INVALID_ARGUMENT,
    NOT_FOUND,
    ALREADY_EXISTS,
    FAILED_PRECONDITION,
    PERMISSION_DENIED,
    UNAUTHENTICATED,
    RESOURCE_EXHAUSTED,
    UNAVAILABLE,
    /** The caller was cut off (e.g. a newer stream of the same agent replaced this one). */
    ABORTED,
    /** The controller failed, and says so in words chosen by the door rather than the mapper's. */
    INTERNAL
  }

  private final Code code;

  public Refusal(Code code, String message) {
    super(requireNonNull(message, "message"));
    this.code = requireNonNull(code, "code");
  }

  public Code code() {
    return code;
  }

  public static Refusal invalid(String message) {
    return new Refusal(Code.INVALID_ARGUMENT, message);
  }

  public static Refusal notFound(String message) {
    return new Refusal(Code.NOT_FOUND, message);
  }

  public static Refusal alreadyExists(String message) {
    return new Refusal(Code.ALREADY_EXISTS, message);
  }

  public static Refusal failedPrecondition(String message) {
    return new Refusal(Code.FAILED_PRECONDITION, message);
  }

  public static Refusal permissionDenied(String message) {
    return new Refusal(Code.PERMISSION_DENIED, message);
  }

  public static Refusal unauthenticated(String message) {
    return new Refusal(Code.UNAUTHENTICATED, message);
  }

  public static Refusal resourceExhausted(String message) {
    return new Refusal(Code.RESOURCE_EXHAUSTED, message);
  }

  public static Refusal unavailable(String message) {
    return new Refusal(Code.UNAVAILABLE, message);
  }
}
