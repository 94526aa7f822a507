package io.autoservice.controller.auth;

import static java.util.Objects.requireNonNull;

import io.autoservice.common.auth.Permission;
import io.autoservice.common.auth.Role;
import io.autoservice.controller.errors.Statuses;
import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.model.User;
import io.autoservice.controller.store.StoreException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates and authorises every call of the service it wraps (the console service only; the
 * agent gateway has its own transport security).
 *
 * <ol>
 *   <li>Reads {@code authorization: Bearer <token>}. None, or another scheme: {@code
 *       UNAUTHENTICATED} "missing bearer token".
 *   <li>Resolves the token to a valid user ({@link TokenStore#authenticate}). None: {@code
 *       UNAUTHENTICATED} "invalid or revoked token" (one message for both, so a caller cannot tell
 *       a revoked token from a made-up one).
 *   <li>Checks the method's {@link Permission} against the user's {@link Role}. Not granted: {@code
 *       PERMISSION_DENIED} "role viewer may not dispatch". A method missing from the map is refused
 *       to everyone but admins (fail closed).
 *   <li>Runs the call with the {@link Caller} in its {@link Context}.
 * </ol>
 *
 * Both kinds of refusal are written to the audit log with the caller's address ({@link
 * Grpc#TRANSPORT_ATTR_REMOTE_ADDR}). grpc-java starts calls, and so runs this, on the server's
 * application executor, never on a transport thread, so the database lookups here are allowed.
 */
public final class AuthInterceptor implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(AuthInterceptor.class);
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "bearer ";

  private final TokenStore tokens;
  private final AuditLog audit;
  private final Map<String, Permission> required;

  /**
   * @param required the permission each method needs, by full method name ({@code
   *     autoservice.v1.ConsoleService/Dispatch})
   */
  public AuthInterceptor(TokenStore tokens, AuditLog audit, Map<String, Permission> required) {
    this.tokens = requireNonNull(tokens, "tokens");
    this.audit = requireNonNull(audit, "audit");
    this.required = Map.copyOf(required);
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    MethodDescriptor<ReqT, RespT> method = call.getMethodDescriptor();
    String remote = remote(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    String token = bearer(headers.get(AUTHORIZATION));
    if (token == null) {
      return refuse(
          call,
          new Caller(AuditLog.ANONYMOUS, null, remote),
          AuditLog.LOGIN_FAILURE,
          Refusal.unauthenticated("missing bearer token"));
    }
    Optional<User> user;
    try {
      user = tokens.authenticate(token);
    } catch (StoreException e) {
      call.close(Statuses.of(e), new Metadata()); // UNAVAILABLE, logged there
      return new ServerCall.Listener<>() {};
    }
    if (user.isEmpty()) {
      return refuse(
          call,
          new Caller(AuditLog.ANONYMOUS, null, remote),
          AuditLog.LOGIN_FAILURE,
          Refusal.unauthenticated("invalid or revoked token"));
    }
    Caller caller = new Caller(user.get().name(), user.get().role(), remote);
    Permission needed = required.get(method.getFullMethodName());
    boolean allowed = needed == null ? caller.role() == Role.ADMIN : caller.role().allows(needed);
    if (!allowed) {
      String what = needed == null ? "call " + method.getBareMethodName() : needed.phrase();
      return refuse(
          call,
          caller,
          AuditLog.DENIED,
          Refusal.permissionDenied("role " + caller.role().wireName() + " may not " + what));
    }
    Context context = Context.current().withValue(Caller.KEY, caller);
    return Contexts.interceptCall(context, call, headers, next);
  }

  private <ReqT, RespT> ServerCall.Listener<ReqT> refuse(
      ServerCall<ReqT, RespT> call, Caller who, String action, Refusal refusal) {
    String method = call.getMethodDescriptor().getBareMethodName();
    log.info(
        "console {} refused for {} from {}: {}",
        method,
        who.name(),
        who.remoteAddr(),
        refusal.getMessage());
    try {
      audit.append(who, action, method, refusal.getMessage(), null);
    } catch (StoreException e) {
      log.error(
          "audit append failed ({} {} {} from {}): {}",
          who.name(),
          action,
          method,
          who.remoteAddr(),
          e.getMessage());
    }
    call.close(Statuses.of(refusal), new Metadata());
    return new ServerCall.Listener<>() {};
  }

  /** The token of {@code Bearer <token>} (scheme in any case), or null. */
  static String bearer(String header) {
    if (header == null
        || header.length() <= BEARER.length()
        || !header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return null;
    }
    String token = header.substring(BEARER.length()).strip();
    return token.isEmpty() ? null : token;
  }

  /** {@code 127.0.0.1:50412}, {@code [::1]:50412}, or the address's own text (in-process). */
  public static String remote(SocketAddress addr) {
    if (addr instanceof InetSocketAddress in) {
      String host = in.getAddress() == null ? in.getHostString() : in.getAddress().getHostAddress();
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + in.getPort();
    }
    return addr == null ? "unknown" : addr.toString();
  }
}
