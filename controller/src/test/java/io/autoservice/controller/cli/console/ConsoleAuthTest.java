package io.autoservice.controller.cli.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.common.auth.Role;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.console.client.BearerToken;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.controller.api.ConsolePermissions;
import io.autoservice.controller.auth.AuditLog;
import io.autoservice.controller.auth.TokenStore;
import io.autoservice.proto.v1.AddUserRequest;
import io.autoservice.proto.v1.AgentIdList;
import io.autoservice.proto.v1.AuditEntry;
import io.autoservice.proto.v1.CancelRunRequest;
import io.autoservice.proto.v1.ConsolePermission;
import io.autoservice.proto.v1.ConsoleProto;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.ConsoleServiceGrpc.ConsoleServiceBlockingStub;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.GetReportRequest;
import io.autoservice.proto.v1.ListAgentsRequest;
import io.autoservice.proto.v1.ListAuditRequest;
import io.autoservice.proto.v1.ListRunsRequest;
import io.autoservice.proto.v1.UserRole;
import io.autoservice.proto.v1.WatchRunsRequest;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console API's authentication, roles and audit, over Netty on loopback. */
class ConsoleAuthTest {
  @TempDir Path dir;
  ConsoleHarness h;
  ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    h = new ConsoleHarness(dir);
    h.agent("agent-a", "PC-ALPHA", Map.of());
    channel = NettyChannelBuilder.forTarget(h.address).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    h.close();
  }

  ConsoleServiceBlockingStub as(String token) {
    ConsoleServiceBlockingStub s = ConsoleServiceGrpc.newBlockingStub(channel);
    return token == null ? s : s.withCallCredentials(new BearerToken(token));
  }

  static DispatchRequest dispatch() {
    try {
      return DispatchRequest.newBuilder()
          .setPlan(WireMapper.toProto(PlanParser.parse(DispatchVerbTest.PLAN)))
          .setAgentIds(AgentIdList.newBuilder().addIds("agent-a"))
          .build();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Status refusal(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
    throw new AssertionError("the call was not refused");
  }

  List<AuditEntry> audit(String action) {
    return as(h.adminToken)
        .listAudit(ListAuditRequest.newBuilder().setAction(action).build())
        .getEntriesList();
  }

  @Test
  void shouldRefuseACallWithoutTokenAndAuditIt() {
    Status s = refusal(() -> as(null).listAgents(ListAgentsRequest.getDefaultInstance()));

    assertThat(s.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(s.getDescription()).isEqualTo("missing bearer token");
    AuditEntry e = audit(AuditLog.LOGIN_FAILURE).get(0);
    assertThat(e.getActor()).isEqualTo("anonymous");
    assertThat(e.getTarget()).isEqualTo("ListAgents");
    assertThat(e.getDetail()).isEqualTo("missing bearer token");
    assertThat(e.getRemoteAddr()).matches("127\\.0\\.0\\.1:\\d+");
  }

  @Test
  void shouldRefuseAWrongTokenAndAuditItWithTheCallersAddress() {
    Status s =
        refusal(() -> as(TokenStore.newToken()).listRuns(ListRunsRequest.getDefaultInstance()));

    assertThat(s.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(s.getDescription()).isEqualTo("invalid or revoked token");
    AuditEntry e = audit(AuditLog.LOGIN_FAILURE).get(0);
    assertThat(e.getActor()).isEqualTo("anonymous");
    assertThat(e.getAction()).isEqualTo("login_failure");
    assertThat(e.getTarget()).isEqualTo("ListRuns");
    assertThat(e.getDetail()).isEqualTo("invalid or revoked token");
    assertThat(e.getRemoteAddr()).matches("127\\.0\\.0\\.1:\\d+");
    assertThat(e.hasAt()).isTrue();
  }

  @Test
  void shouldRefuseAStreamWithoutToken() {
    Status s =
        refusal(
            () ->
                as(null)
                    .watchRuns(WatchRunsRequest.newBuilder().addRunIds("r1").build())
                    .hasNext());

    assertThat(s.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void shouldRefuseARevokedTokenOnItsNextCall() throws Exception {
    String token = h.addUser("leaver", Role.TECHNICIAN);
    ConsoleServiceBlockingStub leaver = as(token);
    leaver.listAgents(ListAgentsRequest.getDefaultInstance());

    try (ConsoleClient admin = h.client(h.adminToken)) {
      admin.revokeUser("leaver");
    }

    Status s = refusal(() -> leaver.listAgents(ListAgentsRequest.getDefaultInstance()));
    assertThat(s.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(s.getDescription()).isEqualTo("invalid or revoked token");
  }

  @Test
  void shouldLetAViewerReadButNotDispatchOrCancel() {
    String runId = as(h.techToken).dispatch(dispatch()).getRuns(0).getRunId();
    ConsoleServiceBlockingStub viewer = as(h.addUser("watcher", Role.VIEWER));

    assertThat(viewer.listAgents(ListAgentsRequest.getDefaultInstance()).getAgentsCount())
        .isEqualTo(1);
    assertThat(viewer.listRuns(ListRunsRequest.getDefaultInstance()).getRunsCount()).isEqualTo(1);
    assertThat(
            viewer
                .getReport(GetReportRequest.newBuilder().setRunId(runId).build())
                .getRun()
                .getRunId())
        .isEqualTo(runId);
    Status dispatch = refusal(() -> viewer.dispatch(dispatch()));
    Status cancel =
        refusal(() -> viewer.cancelRun(CancelRunRequest.newBuilder().setRunId(runId).build()));
    Status audit = refusal(() -> viewer.listAudit(ListAuditRequest.getDefaultInstance()));

    assertThat(dispatch.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(dispatch.getDescription()).isEqualTo("role viewer may not dispatch");
    assertThat(cancel.getDescription()).isEqualTo("role viewer may not cancel runs");
    assertThat(audit.getDescription()).isEqualTo("role viewer may not read the audit log");
    AuditEntry denied = audit(AuditLog.DENIED).get(2);
    assertThat(denied.getActor()).isEqualTo("watcher");
    assertThat(denied.getTarget()).isEqualTo("Dispatch");
    assertThat(denied.getDetail()).isEqualTo("role viewer may not dispatch");
  }

  @Test
  void shouldLetATechnicianDispatchAndCancelButNotAdminister() {
    ConsoleServiceBlockingStub tech = as(h.techToken);

    String runId = tech.dispatch(dispatch()).getRuns(0).getRunId();
    try {
      var cancelled =
          tech.cancelRun(
              CancelRunRequest.newBuilder().setRunId(runId).setReason("wrong PC").build());
      assertThat(cancelled.getRun().getDispatchedBy()).isEqualTo("tech");
    } catch (io.grpc.StatusRuntimeException e) {
      // The harness's agent may finish the run first: the cancel was still allowed, not refused.
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(e.getStatus().getDescription()).contains("already finished");
    }
    assertThat(refusal(() -> tech.listAudit(ListAuditRequest.getDefaultInstance())).getCode())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    Status addUser =
        refusal(
            () ->
                tech.addUser(
                    AddUserRequest.newBuilder()
                        .setName("x")
                        .setRole(UserRole.USER_ROLE_ADMIN)
                        .build()));
    assertThat(addUser.getDescription()).isEqualTo("role technician may not manage users");
  }

  @Test
  void shouldAuditDispatchAndCancelWithActorAddressAndPlanHash() throws Exception {
    ConsoleServiceBlockingStub tech = as(h.techToken);
    String runId = tech.dispatch(dispatch()).getRuns(0).getRunId();
    tech.cancelRun(CancelRunRequest.newBuilder().setRunId(runId).setReason("wrong PC").build());

    AuditEntry d = audit(AuditLog.DISPATCH).get(0);
    AuditEntry c = audit(AuditLog.CANCEL).get(0);

    assertThat(d.getActor()).isEqualTo("tech");
    assertThat(d.getTarget()).isEqualTo("agents agent-a");
    assertThat(d.getDetail())
        .contains(runId)
        .contains("PC-ALPHA")
        .contains("hello_service, disk_space_report");
    assertThat(d.getRemoteAddr()).matches("127\\.0\\.0\\.1:\\d+");
    String planJson = Json.compact(PlanParser.parse(DispatchVerbTest.PLAN).toJson());
    assertThat(d.getPlanSha256()).isEqualTo(AuditLog.sha256Hex(planJson)).hasSize(64);
    try (Connection db = sharedDatabase();
        ResultSet rs =
            db.createStatement()
                .executeQuery(
                    "SELECT plan_json, dispatched_by FROM runs WHERE run_id = '" + runId + "'")) {
      rs.next();
      assertThat(AuditLog.sha256Hex(rs.getString(1)))
          .as("the hash of the stored plan")
          .isEqualTo(d.getPlanSha256());
      assertThat(rs.getString(2)).isEqualTo("tech");
    }
    assertThat(c.getActor()).isEqualTo("tech");
    assertThat(c.getTarget()).isEqualTo(runId);
    assertThat(c.getDetail()).contains("reason: wrong PC");
    assertThat(c.getPlanSha256()).isEmpty();
    assertThat(c.getId()).isGreaterThan(d.getId());
  }

  @Test
  void shouldKeepOnlyHashesOfTokensInTheDatabase() throws Exception {
    List<String> tokens = List.of(h.adminToken, h.techToken, h.addUser("watcher", Role.VIEWER));
    StringBuilder dump = new StringBuilder();
    try (Connection db = sharedDatabase()) {
      dumpAllTables(db, dump);
    }
    h.close();
    String file =
        new String(Files.readAllBytes(dir.resolve("controller.db")), StandardCharsets.ISO_8859_1);
    h = new ConsoleHarness(dir.resolve("again")); // for stop()

    for (String token : tokens) {
      assertThat(dump).as("the database's SQL dump").doesNotContain(token);
      assertThat(file).as("the database file").doesNotContain(token);
      assertThat(dump.toString().toLowerCase(Locale.ROOT))
          .as("the token's SHA-256 is what is kept")
          .contains(AuditLog.sha256Hex(token));
    }
  }

  @Test
  void shouldMapEveryConsoleMethodToAPermission() {
    for (var rpc : ConsoleProto.getDescriptor().findServiceByName("ConsoleService").getMethods()) {
      assertThat(rpc.getOptions().getExtension(ConsoleProto.requiredPermission))
          .as(
              "every ConsoleService rpc needs an explicit (required_permission) option in"
                  + " console.proto: %s does not declare one",
              rpc.getName())
          .isNotEqualTo(ConsolePermission.CONSOLE_PERMISSION_UNSPECIFIED);
    }
    assertThat(ConsolePermissions.byMethod().keySet())
        .as("the controller enforces every declared permission")
        .containsAll(
            ConsoleServiceGrpc.getServiceDescriptor().getMethods().stream()
                .map(MethodDescriptor::getFullMethodName)
                .toList());
  }

  @Test
  void shouldLetOnlyAnAdminReadTheAuditLog() {
    as(h.techToken).dispatch(dispatch());

    var entries =
        as(h.adminToken)
            .listAudit(ListAuditRequest.newBuilder().setLimit(10).build())
            .getEntriesList();

    assertThat(entries).extracting(AuditEntry::getAction).contains("dispatch", "user_add");
    assertThat(entries.get(0).getId())
        .as("newest first")
        .isGreaterThan(entries.get(entries.size() - 1).getId());
    assertThatThrownBy(
            () -> as(h.adminToken).listAudit(ListAuditRequest.newBuilder().setLimit(5000).build()))
        .hasMessageContaining("INVALID_ARGUMENT");
  }

  /**
   * The running controller's database (SQLite in WAL mode: another connection reads it as it runs).
   */
  Connection sharedDatabase() throws Exception {
    return DriverManager.getConnection(
        "jdbc:sqlite:" + dir.toAbsolutePath().resolve("controller.db"));
  }

  /**
   * Every row of every table, text as is and bytes as lower-case hex: what a stolen file yields.
   */
  private static void dumpAllTables(Connection db, StringBuilder dump) throws Exception {
    List<String> tables = new java.util.ArrayList<>();
    try (ResultSet rs =
        db.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    for (String t : tables) {
      try (ResultSet rs = db.createStatement().executeQuery("SELECT * FROM \"" + t + "\"")) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= n; i++) {
            Object v = rs.getObject(i);
            dump.append(
                    v instanceof byte[] b
                        ? java.util.HexFormat.of().formatHex(b)
                        : String.valueOf(v))
                .append(' ');
          }
          dump.append('\n');
        }
      }
    }
  }
}
