package io.autoservice.controller.api;

import io.autoservice.common.auth.Permission;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import java.util.Map;

/**
 * The permission each console method needs, for the {@code AuthInterceptor}. A method not listed
 * here is open to admins only; a test checks that every method of the service is listed, so a new
 * RPC gets an explicit decision.
 */
public final class ConsolePermissions {
  private ConsolePermissions() {}

  /** Full method name ({@code autoservice.v1.ConsoleService/Dispatch}) to permission. */
  public static Map<String, Permission> byMethod() {
    return Map.ofEntries(
        Map.entry(ConsoleServiceGrpc.getListAgentsMethod().getFullMethodName(), Permission.READ),
        Map.entry(ConsoleServiceGrpc.getWatchRunsMethod().getFullMethodName(), Permission.READ),
        Map.entry(ConsoleServiceGrpc.getWatchFleetMethod().getFullMethodName(), Permission.READ),
        Map.entry(ConsoleServiceGrpc.getListRunsMethod().getFullMethodName(), Permission.READ),
        Map.entry(ConsoleServiceGrpc.getGetReportMethod().getFullMethodName(), Permission.READ),
        Map.entry(ConsoleServiceGrpc.getDispatchMethod().getFullMethodName(), Permission.DISPATCH),
        Map.entry(ConsoleServiceGrpc.getCancelRunMethod().getFullMethodName(), Permission.CANCEL),
        Map.entry(
            ConsoleServiceGrpc.getListAuditMethod().getFullMethodName(), Permission.READ_AUDIT),
        Map.entry(
            ConsoleServiceGrpc.getAddUserMethod().getFullMethodName(), Permission.MANAGE_USERS),
        Map.entry(
            ConsoleServiceGrpc.getListUsersMethod().getFullMethodName(), Permission.MANAGE_USERS),
        Map.entry(
            ConsoleServiceGrpc.getRevokeUserMethod().getFullMethodName(), Permission.MANAGE_USERS),
        Map.entry(
            ConsoleServiceGrpc.getCreateEnrollmentTokenMethod().getFullMethodName(),
            Permission.ENROL_AGENTS),
        Map.entry(
            ConsoleServiceGrpc.getRevokeAgentMethod().getFullMethodName(),
            Permission.REVOKE_AGENTS));
  }
}
