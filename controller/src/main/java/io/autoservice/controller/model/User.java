package io.autoservice.controller.model;

import io.autoservice.common.auth.Role;
import java.time.Instant;

/**
 * A console user as the controller keeps it; its token exists only with its owner.
 *
 * @param revokedAt when its token was revoked, {@code null} while it is valid
 */
public record User(String name, Role role, Instant createdAt, Instant revokedAt) {
  public boolean revoked() {
    return revokedAt != null;
  }
}
