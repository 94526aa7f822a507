package io.autoservice.controller.cli.console;

import io.autoservice.common.auth.Role;
import java.time.Instant;

/**
 * A user as the console shows it; never its token.
 *
 * @param revokedAt when its token was revoked, {@code null} while valid
 */
public record UserRow(String name, Role role, Instant createdAt, Instant revokedAt) {
  /** A user just created, with its token (shown once). */
  public record Created(UserRow user, String token) {}
}
