package io.autoservice.controller.model;

import io.autoservice.common.auth.Role;
import java.time.Instant;

/**
 * A console user as the controller keeps it; its token exists only with its owner.
 *
 * @param revokedAt when its token was revoked, {@code null} while it is valid
 * @param hasPassword whether it may sign in to the web console with a password
 */
public record User(
    String name, Role role, Instant createdAt, Instant revokedAt, boolean hasPassword) {
  public boolean revoked() {
    return revokedAt != null;
  }
}
