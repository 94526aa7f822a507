package io.autoservice.controller.auth;

import static java.util.Objects.requireNonNull;

import io.autoservice.common.auth.Permission;
import io.autoservice.common.auth.Role;
import io.autoservice.controller.errors.Statuses;
import io.autoservice.controller.metrics.RefusalCounter;
import io.autoservice.controller.model.Refusal;
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
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates and authorises every call of the service it wraps (the console service only; the
 * agent gateway has its own transport security).
 *
 * <ol>
 *   <li>Asks the {@link Authenticator} who calls: {@link BearerTokens} for the CLI, the web
 *       console's session cookie for the browser. Refused: {@code UNAUTHENTICATED} with its reason.
 *   <li>Checks the method's {@link Permission} against the user's {@link Role}. Not granted: {@code
 *       PERMISSION_DENIED} "role viewer may not dispatch". A method missing from the map is refused
 *       to everyone but admins (fail closed).
 *   <li>Runs the call with the {@link Caller} in its {@link Context}.
 * </ol>
 *
 * Both kinds of refusal are written to the audit log with the caller's address ({@link
 * Grpc#TRANSPORT_ATTR_REMOTE_ADDR}). grpc-java starts calls, and so runs this, on the server's
 * application executor, never on a transport thread, so the database lookups here are allowed (the
 * web server is set to do the same).
 */
public final class AuthInterceptor implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(AuthInterceptor.class);

  private final Authenticator authenticator;
  private final AuditLog audit;
  private final Map<String, Permission> required;
  private final RefusalCounter refusals;

  /**
   * @param required the permission each method needs, by full method name ({@code
   *     autoservice.v1.ConsoleService/Dispatch})
   */
  public AuthInterceptor(TokenStore tokens, AuditLog audit, Map<String, Permission> required) {
    this(new BearerTokens(tokens), audit, required);
  }

  public AuthInterceptor(
      Authenticator authenticator, AuditLog audit, Map<String, Permission> required) {
    this(authenticator, audit, required, RefusalCounter.NONE);
  }

  /** As above, counting refusals ({@code auth}: no valid token; {@code permission}: the role). */
  public AuthInterceptor(
      Authenticator authenticator,
      AuditLog audit,
      Map<String, Permission> required,
      RefusalCounter refusals) {
    this.refusals = requireNonNull(refusals, "refusals");
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.audit = requireNonNull(audit, "audit");
    this.required = Map.copyOf(required);
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    MethodDescriptor<ReqT, RespT> method = call.getMethodDescriptor();
    Authenticator.Outcome outcome;
    try {
      outcome = authenticator.authenticate(call, headers);
    } catch (StoreException e) {
      call.close(Statuses.of(e), new Metadata()); // UNAVAILABLE, logged there
      return new ServerCall.Listener<>() {};
    }
    if (outcome instanceof Authenticator.Refused r) {
      refusals.refused("auth");
      return refuse(call, r.who(), r.action(), r.refusal());
    }
    Caller caller = ((Authenticator.Authenticated) outcome).caller();
    Permission needed = required.get(method.getFullMethodName());
    boolean allowed = needed == null ? caller.role() == Role.ADMIN : caller.role().allows(needed);
    if (!allowed) {
      refusals.refused("permission");
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

  /** {@code 127.0.0.1:50412}, {@code [::1]:50412}, or the address's own text (in-process). */
  public static String remote(SocketAddress addr) {
    if (addr instanceof InetSocketAddress in) {
      String host = in.getAddress() == null ? in.getHostString() : in.getAddress().getHostAddress();
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + in.getPort();
    }
    return addr == null ? "unknown" : addr.toString();
  }
}
