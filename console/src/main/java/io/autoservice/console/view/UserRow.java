package io.autoservice.console.view;

import io.autoservice.common.auth.Role;
import io.autoservice.common.wire.RoleWire;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.UserInfo;
import java.time.Instant;

/**
 * A user as the console shows it; never its token.
 *
 * @param revokedAt when its token was revoked, {@code null} while valid
 */
public record UserRow(String name, Role role, Instant createdAt, Instant revokedAt) {
  /** A user just created, with its token (shown once). */
  public record Created(UserRow user, String token) {}

  public static UserRow from(UserInfo u) {
    return new UserRow(
        u.getName(),
        RoleWire.fromProto(u.getRole()),
        u.hasCreatedAt() ? WireMapper.fromProto(u.getCreatedAt()) : null,
        u.hasRevokedAt() ? WireMapper.fromProto(u.getRevokedAt()) : null);
  }
}
