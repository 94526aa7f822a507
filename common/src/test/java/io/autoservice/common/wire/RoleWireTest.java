package io.autoservice.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.auth.Role;
import io.autoservice.proto.v1.UserRole;
import org.junit.jupiter.api.Test;

class RoleWireTest {
  @Test
  void everyRoleCrossesTheWireAndBack() {
    for (Role r : Role.values()) {
      assertThat(RoleWire.fromProto(RoleWire.toProto(r))).isEqualTo(r);
    }
  }

  @Test
  void anUnsetOrUnknownRoleIsNoRole() {
    assertThat(RoleWire.fromProto(UserRole.USER_ROLE_UNSPECIFIED)).isNull();
    assertThat(RoleWire.fromProto(UserRole.UNRECOGNIZED)).isNull();
  }
}
