package io.autoservice.controller.web;

import static java.util.Objects.requireNonNull;

import io.autoservice.controller.auth.AuditLog;
import io.autoservice.controller.auth.AuthInterceptor;
import io.autoservice.controller.auth.Authenticator;
import io.autoservice.controller.auth.Caller;
import io.autoservice.controller.auth.TokenStore;
import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.model.User;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import java.util.Optional;

/**
 * The browser's credential for a console call: the session cookie, plus the session's CSRF token in
 * the {@code x-csrf-token} header (a cross-site page can make the browser send the cookie, never
 * read the token), plus, when the browser says where the call comes from, {@code sec-fetch-site:
 * same-origin}. The session's user must still be valid: revoking a user ends its web sessions at
 * its next call. The caller's address is recorded as {@code web <address>}.
 */
final class WebCalls implements Authenticator {
  static final Metadata.Key<String> COOKIE =
      Metadata.Key.of("cookie", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> CSRF =
      Metadata.Key.of("x-csrf-token", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> FETCH_SITE =
      Metadata.Key.of("sec-fetch-site", Metadata.ASCII_STRING_MARSHALLER);

  private final WebSessions sessions;
  private final TokenStore users;

  WebCalls(WebSessions sessions, TokenStore users) {
    this.sessions = requireNonNull(sessions, "sessions");
    this.users = requireNonNull(users, "users");
  }

  @Override
  public Outcome authenticate(ServerCall<?, ?> call, Metadata headers) {
    String remote =
        "web " + AuthInterceptor.remote(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    Caller anonymous = new Caller(AuditLog.ANONYMOUS, null, remote);
    String site = headers.get(FETCH_SITE);
    if (site != null && !site.equals("same-origin")) {
      return new Refused(
          anonymous,
          AuditLog.DENIED,
          Refusal.permissionDenied("cross-site request refused (sec-fetch-site: " + site + ")"));
    }
    Optional<WebSessions.Session> session =
        sessions.find(SessionCookie.value(headers.getAll(COOKIE)));
    if (session.isEmpty()) {
      return new Refused(
          anonymous, AuditLog.LOGIN_FAILURE, Refusal.unauthenticated("not signed in"));
    }
    WebSessions.Session s = session.get();
    Caller caller = new Caller(s.user(), s.role(), remote);
    if (!WebSessions.sameToken(s.csrf(), headers.get(CSRF))) {
      return new Refused(
          caller, AuditLog.DENIED, Refusal.permissionDenied("missing or wrong CSRF token"));
    }
    Optional<User> user = users.find(s.user());
    if (user.isEmpty() || user.get().revoked()) {
      sessions.closeAll(s.user());
      return new Refused(
          anonymous, AuditLog.LOGIN_FAILURE, Refusal.unauthenticated("not signed in"));
    }
    return new Authenticated(caller);
  }
}
