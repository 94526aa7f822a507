package io.autoservice.controller.auth;

import io.autoservice.common.auth.Role;
import io.grpc.Context;

/**
 * Who is calling: the user a console call authenticated as, with the address it came from. The
 * {@link AuthInterceptor} puts it in the call's {@link Context}; the console service reads it with
 * {@link #current()} to record who dispatched or cancelled.
 *
 * @param name the user's name, or {@link AuditLog#ANONYMOUS} for a refused call
 * @param role the user's role, {@code null} for a refused call
 * @param remoteAddr {@code host:port} as the controller saw it
 */
public record Caller(String name, Role role, String remoteAddr) {
  static final Context.Key<Caller> KEY = Context.key("autoservice-caller");

  /** The caller of the current console call. */
  public static Caller current() {
    Caller c = KEY.get();
    if (c == null) {
      throw new IllegalStateException(
          "no authenticated caller (is the AuthInterceptor installed?)");
    }
    return c;
  }
}
