package io.autoservice.agent.fleet;

import io.grpc.Metadata;
import io.grpc.Status;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * What a closed Connect stream means for the agent, by status code: try again with backoff, back
 * off harder because the controller is overloaded, or stop because retrying cannot help.
 */
enum StreamCloseKind {
  /** Network trouble, a controller restart or rotation, or a bug: reconnect with backoff. */
  RETRY,
  /** RESOURCE_EXHAUSTED: the controller sheds load; wait longer (or as long as it asks). */
  CONGESTION,
  /** The controller will not serve this agent (revoked, not allowed, wrong protocol): stop. */
  FATAL;

  /**
   * The standard gRPC retry pushback trailer: how many milliseconds the server wants the client to
   * wait. The controller may set it on RESOURCE_EXHAUSTED.
   */
  static final Metadata.Key<String> RETRY_PUSHBACK_MS =
      Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER);

  /** A pushback above this is capped: a confused controller must not park the agent for days. */
  static final long MAX_PUSHBACK_MS = TimeUnit.MINUTES.toMillis(10);

  static StreamCloseKind of(Status status) {
    return switch (status.getCode()) {
      case UNAUTHENTICATED, PERMISSION_DENIED, UNIMPLEMENTED -> FATAL;
      case RESOURCE_EXHAUSTED -> CONGESTION;
      default -> RETRY;
    };
  }

  /** The pushback the trailers ask for, if they carry a sensible one. */
  static OptionalLong pushbackNanos(Metadata trailers) {
    String value = trailers == null ? null : trailers.get(RETRY_PUSHBACK_MS);
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      long ms = Long.parseLong(value.strip());
      return ms < 0
          ? OptionalLong.empty()
          : OptionalLong.of(TimeUnit.MILLISECONDS.toNanos(Math.min(ms, MAX_PUSHBACK_MS)));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
