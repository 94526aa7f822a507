package io.autoservice.controller.auth;

import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.store.StoreException;
import io.grpc.Metadata;
import io.grpc.ServerCall;

/**
 * How a console call proves who makes it: a bearer token (the CLI) or a web session cookie with its
 * CSRF token (the browser). Authorisation is the {@link AuthInterceptor}'s, the same for both.
 */
public interface Authenticator {
  /** The caller, or why it is refused; reads the store, so runs off the transport threads. */
  Outcome authenticate(ServerCall<?, ?> call, Metadata headers) throws StoreException;

  /** What {@link #authenticate} found. */
  sealed interface Outcome permits Authenticated, Refused {}

  /** A known, valid caller. */
  record Authenticated(Caller caller) implements Outcome {}

  /**
   * Refused before any permission check.
   *
   * @param who as much of the caller as is known (for the audit log)
   * @param action the audit action, e.g. {@link AuditLog#LOGIN_FAILURE}
   */
  record Refused(Caller who, String action, Refusal refusal) implements Outcome {}
}
