package io.autoservice.common.wire;

import io.autoservice.common.auth.Permission;
import io.autoservice.proto.v1.ConsolePermission;

/**
 * {@link Permission} to the wire's {@code ConsolePermission} and back: console.proto declares with
 * it the permission each console method needs.
 */
public final class PermissionWire {
  private PermissionWire() {}

  public static ConsolePermission toProto(Permission p) {
    return switch (p) {
      case READ -> ConsolePermission.CONSOLE_PERMISSION_READ;
      case DISPATCH -> ConsolePermission.CONSOLE_PERMISSION_DISPATCH;
      case CANCEL -> ConsolePermission.CONSOLE_PERMISSION_CANCEL;
      case ENROL_AGENTS -> ConsolePermission.CONSOLE_PERMISSION_ENROL_AGENTS;
      case REVOKE_AGENTS -> ConsolePermission.CONSOLE_PERMISSION_REVOKE_AGENTS;
      case MANAGE_USERS -> ConsolePermission.CONSOLE_PERMISSION_MANAGE_USERS;
      case READ_AUDIT -> ConsolePermission.CONSOLE_PERMISSION_READ_AUDIT;
      case MANAGE_SCHEDULES -> ConsolePermission.CONSOLE_PERMISSION_MANAGE_SCHEDULES;
      case ACK_ALERTS -> ConsolePermission.CONSOLE_PERMISSION_ACK_ALERTS;
    };
  }

  /** {@code null} when unset or unknown, which leaves the method to admins only. */
  public static Permission fromProto(ConsolePermission p) {
    return switch (p) {
      case CONSOLE_PERMISSION_READ -> Permission.READ;
      case CONSOLE_PERMISSION_DISPATCH -> Permission.DISPATCH;
      case CONSOLE_PERMISSION_CANCEL -> Permission.CANCEL;
      case CONSOLE_PERMISSION_ENROL_AGENTS -> Permission.ENROL_AGENTS;
      case CONSOLE_PERMISSION_REVOKE_AGENTS -> Permission.REVOKE_AGENTS;
      case CONSOLE_PERMISSION_MANAGE_USERS -> Permission.MANAGE_USERS;
      case CONSOLE_PERMISSION_READ_AUDIT -> Permission.READ_AUDIT;
      case CONSOLE_PERMISSION_MANAGE_SCHEDULES -> Permission.MANAGE_SCHEDULES;
      case CONSOLE_PERMISSION_ACK_ALERTS -> Permission.ACK_ALERTS;
      default -> null;
    };
  }
}
