package io.autoservice.console.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * A console call that did not succeed, with the one line to show and the exit code to end with.
 * This is the console side's single gRPC-status mapping:
 *
 * <ul>
 *   <li>{@link Kind#UNREACHABLE} (exit {@value ExitCodes#UNREACHABLE}): {@code UNAVAILABLE} or
 *       {@code DEADLINE_EXCEEDED}, i.e. no connection, or no answer in time; worth retrying later.
 *   <li>{@link Kind#DENIED} (exit {@value ExitCodes#DENIED}): {@code UNAUTHENTICATED} (no token, a
 *       wrong or a revoked one: "the controller refused the token (…)") or {@code
 *       PERMISSION_DENIED} (the user's role does not allow the call).
 *   <li>{@link Kind#CANCELLED} (exit {@value ExitCodes#FAILED}): the call was cancelled on our side
 *       (Ctrl-C, or the caller closed a watch).
 *   <li>{@link Kind#REFUSED} (exit {@value ExitCodes#FAILED}): anything else, e.g. {@code
 *       NOT_FOUND} "run X not found" or {@code INVALID_ARGUMENT}; the controller's own description
 *       is shown as it is.
 * </ul>
 */
public final class ConsoleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How the call failed, which decides the exit code. */
  public enum Kind {
    REFUSED,
    UNREACHABLE,
    DENIED,
    CANCELLED
  }

  /** Added to the controller's "missing bearer token". */
  static final String NO_TOKEN_HINT =
      "; give one with --token-file FILE, --token TOKEN, $AUTOSERVICE_TOKEN or"
          + " $AUTOSERVICE_TOKEN_FILE";

  private final Kind kind;
  private final String statusCode;

  public ConsoleException(Kind kind, String statusCode, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.statusCode = statusCode;
  }

  public Kind kind() {
    return kind;
  }

  /** The gRPC status code's name, e.g. {@code NOT_FOUND}. */
  public String statusCode() {
    return statusCode;
  }

  /** The process exit code for this failure. */
  public int exitCode() {
    return switch (kind) {
      case UNREACHABLE -> ExitCodes.UNREACHABLE;
      case DENIED -> ExitCodes.DENIED;
      case REFUSED, CANCELLED -> ExitCodes.FAILED;
    };
  }

  /** Maps a failed call on the controller at {@code target}. */
  static ConsoleException from(StatusRuntimeException e, String target) {
    Status s = e.getStatus();
    String code = s.getCode().name();
    String desc = s.getDescription() == null ? "" : s.getDescription();
    return switch (s.getCode()) {
      case UNAVAILABLE -> new ConsoleException(Kind.UNREACHABLE, code, unavailable(s, target), e);
      case DEADLINE_EXCEEDED ->
          new ConsoleException(
              Kind.UNREACHABLE,
              code,
              "the controller at " + target + " did not answer in time (" + desc + ")",
              e);
      case CANCELLED ->
          new ConsoleException(
              Kind.CANCELLED, code, "cancelled" + (desc.isEmpty() ? "" : ": " + desc), e);
      case RESOURCE_EXHAUSTED ->
          desc.contains("exceeds maximum size")
              // The transport's message limit (8 MiB) refused it before any check of the
              // controller's.
              ? new ConsoleException(
                  Kind.REFUSED,
                  code,
                  "the plan is larger on the wire than the controller accepts ("
                      + desc
                      + "); numbers and"
                      + " short values take several times their JSON size there: split it into smaller plans",
                  e)
              : new ConsoleException(
                  Kind.REFUSED, code, desc.isEmpty() ? "the call failed: " + code : desc, e);
      case UNIMPLEMENTED ->
          new ConsoleException(
              Kind.REFUSED,
              code,
              "the controller at " + target + " does not offer this call (is it an older version?)",
              e);
      case UNAUTHENTICATED ->
          new ConsoleException(
              Kind.DENIED,
              code,
              "the controller refused the token ("
                  + (desc.isEmpty() ? "unauthenticated" : desc)
                  + (desc.equals("missing bearer token") ? NO_TOKEN_HINT : "")
                  + ")",
              e);
      case PERMISSION_DENIED ->
          new ConsoleException(
              Kind.DENIED,
              code,
              "the controller at "
                  + target
                  + " refused the call: "
                  + (desc.isEmpty() ? code.toLowerCase(Locale.ROOT) : desc),
              e);
      default ->
          new ConsoleException(
              Kind.REFUSED, code, desc.isEmpty() ? "the call failed: " + code : desc, e);
    };
  }

  /**
   * "cannot reach the controller at 127.0.0.1:7443 (connection refused)" when the transport says
   * why; the controller's own UNAVAILABLE (e.g. its database is down) keeps its description.
   */
  private static String unavailable(Status s, String target) {
    String why = transportReason(s.getCause());
    if (why != null) {
      return "cannot reach the controller at " + target + " (" + why + ")";
    }
    String desc = s.getDescription() == null ? "unavailable" : s.getDescription();
    return "the controller at " + target + " is unavailable (" + desc + ")";
  }

  private static String transportReason(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof ConnectException) {
        // Netty's native transport says "finishConnect(..) failed with error(-111): Connection
        // refused".
        return m.contains("refused")
            ? "connection refused"
            : m.contains("timed out") ? "connection timed out" : last(m);
      }
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "unknown host";
      }
      if (t instanceof NoRouteToHostException) {
        return "no route to host";
      }
      if (t instanceof javax.net.ssl.SSLException
          || t instanceof java.security.cert.CertificateException) {
        return "TLS failed: "
            + last(m)
            + "; is --ca the controller's <data>/tls/ca.pem, or does the controller"
            + " run with --insecure?";
      }
    }
    return cause == null ? null : last(String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT));
  }

  /** The part after the last ": ", where Java and Netty put the reason. */
  private static String last(String message) {
    int i = message.lastIndexOf(": ");
    return i < 0 ? message : message.substring(i + 2);
  }
}
