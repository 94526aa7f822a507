package io.autoservice.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.auth.Permission;
import io.autoservice.proto.v1.ConsolePermission;
import org.junit.jupiter.api.Test;

class PermissionWireTest {
  @Test
  void everyPermissionCrossesTheWireAndBack() {
    for (Permission p : Permission.values()) {
      assertThat(PermissionWire.fromProto(PermissionWire.toProto(p))).isEqualTo(p);
    }
  }

  @Test
  void everyDeclarablePermissionIsOneTheControllerKnows() {
    for (ConsolePermission c : ConsolePermission.values()) {
      if (c == ConsolePermission.CONSOLE_PERMISSION_UNSPECIFIED
          || c == ConsolePermission.UNRECOGNIZED) {
        continue;
      }
      assertThat(PermissionWire.fromProto(c)).as(c.name()).isNotNull();
      assertThat(PermissionWire.toProto(PermissionWire.fromProto(c))).isEqualTo(c);
    }
  }

  @Test
  void anUnsetOrUnknownPermissionIsNoPermission() {
    assertThat(PermissionWire.fromProto(ConsolePermission.CONSOLE_PERMISSION_UNSPECIFIED)).isNull();
    assertThat(PermissionWire.fromProto(ConsolePermission.UNRECOGNIZED)).isNull();
  }
}
