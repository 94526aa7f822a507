package io.autoservice.controller.web;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.autoservice.common.json.Json;
import io.autoservice.controller.auth.AuditLog;
import io.autoservice.controller.auth.AuthInterceptor;
import io.autoservice.controller.auth.Caller;
import io.autoservice.controller.auth.Passwords;
import io.autoservice.controller.auth.TokenStore;
import io.autoservice.controller.model.User;
import io.autoservice.controller.store.StoreException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in, the current session, and sign-out: the only web endpoints outside the console service. A
 * sign-in takes a user name and password, or a console token; it is throttled per address and
 * audited either way, as {@code web <address>}. Hashing runs on the blocking executor, at most
 * {@link #CONCURRENT_HASHES} at a time, so a flood of sign-ins cannot take every core.
 */
final class SessionApi {
  private static final Logger log = LoggerFactory.getLogger(SessionApi.class);
  static final int MAX_BODY = 4096;
  static final int CONCURRENT_HASHES = 2;

  private final WebSessions sessions;
  private final TokenStore tokens;
  private final Passwords passwords;
  private final AuditLog audit;
  private final LoginThrottle throttle;
  private final Semaphore hashing = new Semaphore(CONCURRENT_HASHES);

  SessionApi(
      WebSessions sessions,
      TokenStore tokens,
      Passwords passwords,
      AuditLog audit,
      LoginThrottle throttle) {
    this.sessions = requireNonNull(sessions, "sessions");
    this.tokens = requireNonNull(tokens, "tokens");
    this.passwords = requireNonNull(passwords, "passwords");
    this.audit = requireNonNull(audit, "audit");
    this.throttle = requireNonNull(throttle, "throttle");
  }

  HttpResponse login(ServiceRequestContext ctx, HttpRequest req) {
    return HttpResponse.of(
        req.aggregate().thenApplyAsync(agg -> loginNow(ctx, agg), ctx.blockingTaskExecutor()));
  }

  HttpResponse session(ServiceRequestContext ctx, HttpRequest req) {
    Optional<WebSessions.Session> s = current(req);
    return s.map(session -> json(HttpStatus.OK, describe(session), null))
        .orElseGet(() -> error(HttpStatus.UNAUTHORIZED, "not signed in"));
  }

  HttpResponse logout(ServiceRequestContext ctx, HttpRequest req) {
    String id = cookie(req);
    Optional<WebSessions.Session> s = current(req);
    if (s.isEmpty()) {
      return json(HttpStatus.UNAUTHORIZED, error("not signed in"), SessionCookie.clear());
    }
    if (!WebSessions.sameToken(s.get().csrf(), req.headers().get("x-csrf-token"))) {
      return error(HttpStatus.FORBIDDEN, "missing or wrong CSRF token");
    }
    sessions.close(id);
    appendAudit(new Caller(s.get().user(), s.get().role(), remote(ctx)), AuditLog.LOGOUT, "");
    return HttpResponse.of(
        ResponseHeaders.builder(HttpStatus.NO_CONTENT)
            .add(HttpHeaderNames.SET_COOKIE, SessionCookie.clear())
            .build());
  }

  /**
   * The session this request's cookie belongs to, if any and if its user is still valid (a revoked
   * user's sessions end here). Reads the store: call it off the event loops.
   */
  Optional<WebSessions.Session> current(HttpRequest req) {
    Optional<WebSessions.Session> s = sessions.find(cookie(req));
    if (s.isPresent() && tokens.find(s.get().user()).map(User::revoked).orElse(true)) {
      sessions.closeAll(s.get().user());
      return Optional.empty();
    }
    return s;
  }

  private HttpResponse loginNow(ServiceRequestContext ctx, AggregatedHttpRequest agg) {
    String address = address(ctx);
    long wait = throttle.retryAfterSeconds(address);
    if (wait > 0) {
      return error(
          HttpStatus.TOO_MANY_REQUESTS,
          "too many failed sign-ins from this address; try again in " + wait + " s");
    }
    if (agg.content().length() > MAX_BODY) {
      return error(HttpStatus.BAD_REQUEST, "request: at most " + MAX_BODY + " bytes");
    }
    JsonNode body;
    try {
      body = Json.mapper().readTree(agg.contentUtf8());
    } catch (IOException e) {
      return error(HttpStatus.BAD_REQUEST, "request: expected a JSON object");
    }
    if (body == null || !body.isObject()) {
      return error(HttpStatus.BAD_REQUEST, "request: expected a JSON object");
    }
    boolean byToken = body.has("token");
    for (String field : byToken ? new String[] {"token"} : new String[] {"user", "password"}) {
      if (!body.path(field).isTextual() || body.get(field).asText().isEmpty()) {
        return error(HttpStatus.BAD_REQUEST, field + ": expected a non-empty string");
      }
    }
    Optional<User> user;
    try {
      if (byToken) {
        user = tokens.authenticate(body.get("token").asText());
      } else {
        if (!hashing.tryAcquire()) {
          return error(HttpStatus.SERVICE_UNAVAILABLE, "busy signing others in; try again");
        }
        try {
          user = passwords.authenticate(body.get("user").asText(), body.get("password").asText());
        } finally {
          hashing.release();
        }
      }
    } catch (StoreException e) {
      log.warn("web sign-in from {}: the store failed: {}", address, e.getMessage());
      return error(HttpStatus.SERVICE_UNAVAILABLE, "the controller's store is unavailable");
    }
    String how = byToken ? "token" : "password";
    if (user.isEmpty()) {
      throttle.failed(address);
      String claimed = byToken ? "" : " as " + safeName(body.get("user").asText());
      appendAudit(
          new Caller(AuditLog.ANONYMOUS, null, remote(ctx)),
          AuditLog.LOGIN_FAILURE,
          "web sign-in with " + how + claimed);
      return error(
          HttpStatus.UNAUTHORIZED,
          byToken ? "invalid or revoked token" : "wrong user name or password");
    }
    throttle.succeeded(address);
    User u = user.get();
    Map.Entry<String, WebSessions.Session> opened = sessions.open(u.name(), u.role(), how);
    appendAudit(new Caller(u.name(), u.role(), remote(ctx)), AuditLog.LOGIN, "with " + how);
    return json(
        HttpStatus.OK,
        describe(opened.getValue()),
        SessionCookie.set(opened.getKey(), WebSessions.ABSOLUTE));
  }

  private static ObjectNode describe(WebSessions.Session s) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("user", s.user());
    o.put("role", s.role().wireName());
    o.put("csrf", s.csrf());
    o.put("expiresAt", s.expiresAt().toString());
    return o;
  }

  private void appendAudit(Caller who, String action, String detail) {
    try {
      audit.append(who, action, "web", detail, null);
    } catch (StoreException e) {
      log.error(
          "audit append failed ({} {} from {}): {}",
          who.name(),
          action,
          who.remoteAddr(),
          e.getMessage());
    }
  }

  private static String safeName(String name) {
    String n = name.length() > 64 ? name.substring(0, 64) + "…" : name;
    return n.replaceAll("[^A-Za-z0-9._@-]", "?");
  }

  static String cookie(HttpRequest req) {
    return SessionCookie.value(req.headers().getAll(HttpHeaderNames.COOKIE));
  }

  private static String remote(ServiceRequestContext ctx) {
    return "web " + AuthInterceptor.remote(ctx.remoteAddress());
  }

  private static String address(ServiceRequestContext ctx) {
    InetSocketAddress a = ctx.remoteAddress();
    return a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
  }

  static ObjectNode error(String message) {
    return Json.mapper().createObjectNode().put("error", message);
  }

  static HttpResponse error(HttpStatus status, String message) {
    return json(status, error(message), null);
  }

  static HttpResponse json(HttpStatus status, JsonNode body, String setCookie) {
    com.linecorp.armeria.common.ResponseHeadersBuilder h =
        ResponseHeaders.builder(status)
            .contentType(com.linecorp.armeria.common.MediaType.JSON_UTF_8);
    if (setCookie != null) {
      h.add(HttpHeaderNames.SET_COOKIE, setCookie);
    }
    return HttpResponse.of(h.build(), com.linecorp.armeria.common.HttpData.ofUtf8(body.toString()));
  }
}
