package io.autoservice.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.auth.Permission;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsolePermissionsTest {
  @Test
  void shouldRequireWhatEachConsoleMethodRequiredBeforeTheContractDeclaredIt() {
    assertThat(ConsolePermissions.byMethod())
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                entry("ListAgents", Permission.READ),
                entry("WatchRuns", Permission.READ),
                entry("WatchFleet", Permission.READ),
                entry("WatchFleetSnapshot", Permission.READ),
                entry("ListRuns", Permission.READ),
                entry("GetReport", Permission.READ),
                entry("Dispatch", Permission.DISPATCH),
                entry("CancelRun", Permission.CANCEL),
                entry("ListAudit", Permission.READ_AUDIT),
                entry("AddUser", Permission.MANAGE_USERS),
                entry("ListUsers", Permission.MANAGE_USERS),
                entry("RevokeUser", Permission.MANAGE_USERS),
                entry("CreateEnrollmentToken", Permission.ENROL_AGENTS),
                entry("RevokeAgent", Permission.REVOKE_AGENTS),
                entry("GetTaskSchemas", Permission.READ),
                entry("SetUserPassword", Permission.MANAGE_USERS)));
  }

  @Test
  void shouldLeaveOutAMethodThatDeclaresNoPermissionSoOnlyAdminsMayCallIt() {
    assertThat(AgentGatewayGrpc.getServiceDescriptor().getMethods()).isNotEmpty();

    assertThat(ConsolePermissions.declaredBy(AgentGatewayGrpc.getServiceDescriptor())).isEmpty();
  }

  private static Map.Entry<String, Permission> entry(String method, Permission p) {
    return Map.entry(ConsoleServiceGrpc.SERVICE_NAME + "/" + method, p);
  }
}
