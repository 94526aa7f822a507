package io.autoservice.common.wire;

import io.autoservice.common.auth.Role;
import io.autoservice.proto.v1.UserRole;

/**
 * {@link Role} to the wire's {@code UserRole} and back: the one mapping the server and the console
 * share.
 */
public final class RoleWire {
  private RoleWire() {}

  public static UserRole toProto(Role r) {
    return switch (r) {
      case VIEWER -> UserRole.USER_ROLE_VIEWER;
      case TECHNICIAN -> UserRole.USER_ROLE_TECHNICIAN;
      case ADMIN -> UserRole.USER_ROLE_ADMIN;
    };
  }

  /** {@code null} when unset or unknown (a role from a newer peer). */
  public static Role fromProto(UserRole r) {
    return switch (r) {
      case USER_ROLE_VIEWER -> Role.VIEWER;
      case USER_ROLE_TECHNICIAN -> Role.TECHNICIAN;
      case USER_ROLE_ADMIN -> Role.ADMIN;
      default -> null;
    };
  }
}
