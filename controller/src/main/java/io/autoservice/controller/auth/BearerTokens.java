package io.autoservice.controller.auth;

import static java.util.Objects.requireNonNull;

import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.model.User;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import java.util.Locale;
import java.util.Optional;

/**
 * The CLI's credential: {@code authorization: Bearer <token>}. None, or another scheme: "missing
 * bearer token". A token that matches no valid user: "invalid or revoked token" (one message for
 * both, so a caller cannot tell a revoked token from a made-up one).
 */
public final class BearerTokens implements Authenticator {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "bearer ";

  private final TokenStore tokens;

  public BearerTokens(TokenStore tokens) {
    this.tokens = requireNonNull(tokens, "tokens");
  }

  @Override
  public Outcome authenticate(ServerCall<?, ?> call, Metadata headers) {
    String remote =
        AuthInterceptor.remote(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    String token = bearer(headers.get(AUTHORIZATION));
    if (token == null) {
      return new Refused(
          new Caller(AuditLog.ANONYMOUS, null, remote),
          AuditLog.LOGIN_FAILURE,
          Refusal.unauthenticated("missing bearer token"));
    }
    Optional<User> user = tokens.authenticate(token);
    if (user.isEmpty()) {
      return new Refused(
          new Caller(AuditLog.ANONYMOUS, null, remote),
          AuditLog.LOGIN_FAILURE,
          Refusal.unauthenticated("invalid or revoked token"));
    }
    return new Authenticated(new Caller(user.get().name(), user.get().role(), remote));
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
}
