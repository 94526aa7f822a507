package io.autoservice.controller.errors;

import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.store.StoreException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's one Throwable -> gRPC status mapping, for every door: console calls and watches,
 * enrolment, agent streams and the interceptors. A {@link Refusal} keeps its code and words and is
 * not logged here (the door logs what it refused, if it wants); an {@link IllegalArgumentException}
 * is INVALID_ARGUMENT; a database failure is UNAVAILABLE (try again), logged as a warning; anything
 * else INTERNAL, logged with its stack.
 */
public final class Statuses {
  private static final Logger log = LoggerFactory.getLogger(Statuses.class);

  /** A status description goes out in a trailer: bounded, so an echoed value cannot overflow it. */
  static final int MAX_DESCRIPTION = 400; // x9 when percent-encoded: under 8 KiB

  static final String DATABASE_UNAVAILABLE = "the controller's database is unavailable; try again";

  private Statuses() {}

  /** The status that tells the caller why its call failed. */
  public static Status of(Throwable e) {
    Status s = mapped(e);
    String d = s.getDescription();
    return d != null && d.length() > MAX_DESCRIPTION
        ? s.withDescription(d.substring(0, MAX_DESCRIPTION) + "…")
        : s;
  }

  /** {@link #of} as the exception a handler passes to {@code onError}. */
  public static StatusRuntimeException exception(Throwable e) {
    return of(e).asRuntimeException();
  }

  private static Status mapped(Throwable e) {
    if (e instanceof Refusal r) {
      return code(r.code()).withDescription(r.getMessage());
    }
    if (e instanceof IllegalArgumentException) {
      return Status.INVALID_ARGUMENT.withDescription(e.getMessage());
    }
    if (e instanceof StoreException) {
      log.warn("call failed on the database: {}", e.getMessage());
      return Status.UNAVAILABLE.withDescription(DATABASE_UNAVAILABLE);
    }
    log.error("call failed", e);
    return Status.INTERNAL.withDescription("internal error: " + e);
  }

  private static Status code(Refusal.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
      case NOT_FOUND -> Status.NOT_FOUND;
      case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
      case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
      case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
      case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
      case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
      case UNAVAILABLE -> Status.UNAVAILABLE;
      case ABORTED -> Status.ABORTED;
      case INTERNAL -> Status.INTERNAL;
    };
  }
}
