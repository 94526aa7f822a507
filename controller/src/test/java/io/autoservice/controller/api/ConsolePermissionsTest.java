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
                entry("SetUserPassword", Permission.MANAGE_USERS),
                entry("ListAlerts", Permission.READ),
                entry("AcknowledgeAlert", Permission.ACK_ALERTS),
                entry("CreateSchedule", Permission.MANAGE_SCHEDULES),
                entry("ListSchedules", Permission.READ),
                entry("SetScheduleEnabled", Permission.MANAGE_SCHEDULES),
                entry("DeleteSchedule", Permission.MANAGE_SCHEDULES),
                entry("RunScheduleNow", Permission.MANAGE_SCHEDULES),
                entry("ListScheduleOccurrences", Permission.READ),
                entry("SetMaintenanceWindow", Permission.MANAGE_SCHEDULES),
                entry("ListMaintenanceWindows", Permission.READ),
                entry("DeleteMaintenanceWindow", Permission.MANAGE_SCHEDULES),
                entry("GetAgentHistory", Permission.READ)));
  }

  @Test
  void shouldLetTechniciansAndAdminsAcknowledgeAlertsAndViewersOnlyListThem() {
    assertThat(io.autoservice.common.auth.Role.VIEWER.allows(Permission.ACK_ALERTS)).isFalse();
    assertThat(io.autoservice.common.auth.Role.VIEWER.allows(Permission.READ)).isTrue();
    assertThat(io.autoservice.common.auth.Role.TECHNICIAN.allows(Permission.ACK_ALERTS)).isTrue();
    assertThat(io.autoservice.common.auth.Role.ADMIN.allows(Permission.ACK_ALERTS)).isTrue();
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
