package io.autoservice.bench.sim;

import io.grpc.Metadata;
import io.grpc.Status;
import java.util.concurrent.TimeUnit;

/**
 * How long a simulated agent waits before its next stream, by how the last one ended: the rules of
 * the real agent (PROTOCOL.md "Opening", the agent's ReconnectDelays), so the storm the bench
 * measures is the storm a real fleet makes.
 */
final class ReconnectPolicy {
  static final long NEVER = -1;
  static final long CONGESTION_MIN_NANOS = TimeUnit.SECONDS.toNanos(30);
  static final long PUSHBACK_MAX_NANOS = TimeUnit.MINUTES.toNanos(10);
  static final Metadata.Key<String> PUSHBACK =
      Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER);

  private ReconnectPolicy() {}

  static long delayNanos(Status status, Metadata trailers, boolean welcomed, Backoff backoff) {
    switch (status.getCode()) {
      case PERMISSION_DENIED, UNAUTHENTICATED, UNIMPLEMENTED:
        return NEVER; // revoked or refused for good: a real agent stops too
      case RESOURCE_EXHAUSTED:
        {
          Long ms = pushbackMillis(trailers);
          return ms != null
              ? Math.min(TimeUnit.MILLISECONDS.toNanos(ms), PUSHBACK_MAX_NANOS)
              : Math.max(backoff.nextNanos(), CONGESTION_MIN_NANOS);
        }
      case ABORTED, FAILED_PRECONDITION, INVALID_ARGUMENT:
        return backoff.nextNanos(); // reconnecting at once would only be refused again
      default:
        // After a healthy session (a controller restart looks like this) at once; else back off.
        return welcomed ? 0 : backoff.nextNanos();
    }
  }

  private static Long pushbackMillis(Metadata trailers) {
    if (trailers == null) {
      return null;
    }
    String v = trailers.get(PUSHBACK);
    try {
      return v == null ? null : Math.max(0, Long.parseLong(v.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
