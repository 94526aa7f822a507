package io.autoservice.controller.api;

import io.autoservice.controller.auth.UserException;
import io.autoservice.controller.runs.DispatchException;
import io.autoservice.controller.store.StoreException;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's one Throwable -> gRPC status mapping for console calls. Expected refusals are
 * not logged as errors; a database failure is UNAVAILABLE (try again), anything else INTERNAL and
 * logged with its stack.
 */
final class ErrorMapper {
  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {}

  interface Call<T> {
    T get() throws Exception;
  }

  /** Runs a unary call and answers with its value or its mapped status. */
  static <T> void call(StreamObserver<T> out, Call<T> call) {
    T value;
    try {
      value = call.get();
    } catch (Exception e) {
      out.onError(toStatus(e).asRuntimeException());
      return;
    }
    out.onNext(value);
    out.onCompleted();
  }

  /** A status description goes out in a trailer: bounded, so an echoed value cannot overflow it. */
  private static final int MAX_DESCRIPTION = 400; // x9 when percent-encoded: under 8 KiB

  static Status toStatus(Throwable e) {
    Status s = mapped(e);
    String d = s.getDescription();
    return d != null && d.length() > MAX_DESCRIPTION ? s.withDescription(d.substring(0, MAX_DESCRIPTION) + "…") : s;
  }

  private static Status mapped(Throwable e) {
    if (e instanceof DispatchException d) {
      return switch (d.kind()) {
        case NOT_FOUND -> Status.NOT_FOUND.withDescription(d.getMessage());
        case INVALID -> Status.INVALID_ARGUMENT.withDescription(d.getMessage());
        case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION.withDescription(d.getMessage());
      };
    }
    if (e instanceof UserException u) {
      return switch (u.kind()) {
        case NOT_FOUND -> Status.NOT_FOUND.withDescription(u.getMessage());
        case INVALID -> Status.INVALID_ARGUMENT.withDescription(u.getMessage());
        case ALREADY_EXISTS -> Status.ALREADY_EXISTS.withDescription(u.getMessage());
      };
    }
    if (e instanceof IllegalArgumentException) {
      return Status.INVALID_ARGUMENT.withDescription(e.getMessage());
    }
    if (e instanceof StoreException) {
      log.warn("console call failed on the database: {}", e.getMessage());
      return Status.UNAVAILABLE.withDescription("the controller's database is unavailable; try again");
    }
    log.error("console call failed", e);
    return Status.INTERNAL.withDescription("internal error: " + e);
  }
}
