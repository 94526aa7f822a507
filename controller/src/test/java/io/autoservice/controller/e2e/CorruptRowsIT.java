package io.autoservice.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.controller.store.Database;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.GetReportRequest;
import io.autoservice.proto.v1.GetReportResponse;
import io.autoservice.proto.v1.ListRunsRequest;
import io.autoservice.proto.v1.RunState;
import io.autoservice.proto.v1.RunStatus;
import io.autoservice.proto.v1.RunSummary;
import io.autoservice.proto.v1.WatchEvent;
import io.autoservice.proto.v1.WatchRunsRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows the controller never wrote (a damaged disk, a hand edit, an older bug) put into its store
 * with plain JDBC: the controller still starts, lists, reports and follows, and shows each bad run
 * as unreadable instead of failing for everyone.
 */
class CorruptRowsIT {
  private static final String PLAN =
      "{\"tasks\":[{\"type\":\"hello_service\",\"params\":{}}],\"metadata\":{}}";
  private static final long NOW_MICROS = System.currentTimeMillis() * 1000;

  @TempDir Path data;
  private ControllerServer server;
  private ManagedChannel channel;

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
  }

  private ConsoleServiceGrpc.ConsoleServiceBlockingStub console(String token) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return ConsoleServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private static void insert(
      Connection c,
      String runId,
      String state,
      String status,
      String plan,
      String report,
      Object dispatchedAt,
      Object finishedAt,
      String hostname,
      String error)
      throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO runs (run_id, agent_id, hostname, queue_seq, state,"
                + " status, plan_json, total_tasks, dispatched_at, deliver_by, finished_at, report_json, error)"
                + " VALUES (?, 'pc1', ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)")) {
      ps.setString(1, runId);
      ps.setString(2, hostname);
      ps.setLong(3, Math.abs(runId.hashCode()) % 1000 + 1);
      ps.setString(4, state);
      ps.setString(5, status);
      ps.setString(6, plan);
      ps.setObject(7, dispatchedAt);
      ps.setObject(8, NOW_MICROS + 3_600_000_000L);
      ps.setObject(9, finishedAt);
      ps.setString(10, report);
      ps.setString(11, error);
      ps.executeUpdate();
    }
  }

  @Test
  void shouldStartListReportAndFollowWithUnreadableRowsInTheStore() throws Exception {
    // given a controller's store holding one good run and many bad ones
    server =
        ControllerServer.start(
            ControllerSettings.defaults().withManagementListen("", null).with("127.0.0.1:0", data),
            Clock.systemUTC(),
            true);
    String token = Files.readString(server.adminTokenFile().orElseThrow()).strip();
    server.close();
    server = null;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + Database.fileIn(data))) {
      insert(c, "good", "finished", "ok", PLAN, null, NOW_MICROS, NOW_MICROS, "pc1", null);
      insert(c, "bad-plan", "running", null, "{not json", null, NOW_MICROS, null, "pc1", null);
      insert(
          c,
          "empty-type",
          "queued",
          null,
          "{\"tasks\":[{\"type\":\"\"}]}",
          null,
          NOW_MICROS,
          null,
          "pc1",
          null);
      insert(c, "bad-report", "finished", "ok", PLAN, "[1,2", NOW_MICROS, NOW_MICROS, "pc1", null);
      insert(c, "bad-state", "flying", null, PLAN, null, NOW_MICROS, null, "pc1", null);
      insert(
          c, "bad-status", "finished", "splendid", PLAN, null, NOW_MICROS, NOW_MICROS, "pc1", null);
      insert(c, "absurd-time", "assigned", null, PLAN, null, Long.MAX_VALUE, null, "pc1", null);
      insert(
          c,
          "huge",
          "finished",
          "error",
          PLAN,
          null,
          NOW_MICROS,
          NOW_MICROS,
          "h".repeat(100_000),
          "e".repeat(1_000_000));
      insert(c, "nulls", "finished", null, PLAN, null, NOW_MICROS, null, null, null);
    }

    // when the controller starts on it
    server =
        ControllerServer.start(
            ControllerSettings.defaults().withManagementListen("", null).with("127.0.0.1:0", data),
            Clock.systemUTC(),
            true);
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.address().port())
            .usePlaintext()
            .maxInboundMessageSize(16 * 1024 * 1024)
            .build();
    var console = console(token);

    // then `console runs` lists every run, the bad ones ended error
    Map<String, RunSummary> listed =
        console.listRuns(ListRunsRequest.newBuilder().setLimit(100).build()).getRunsList().stream()
            .collect(Collectors.toMap(RunSummary::getRunId, r -> r));
    assertThat(listed)
        .containsKeys(
            "good",
            "bad-plan",
            "empty-type",
            "bad-report",
            "bad-state",
            "bad-status",
            "absurd-time",
            "huge",
            "nulls");
    assertThat(listed.get("good").getStatus()).isEqualTo(RunStatus.RUN_STATUS_OK);
    for (String bad :
        List.of(
            "bad-plan",
            "empty-type",
            "bad-report",
            "bad-state",
            "bad-status",
            "absurd-time",
            "nulls")) {
      assertThat(listed.get(bad).getState()).as(bad).isEqualTo(RunState.RUN_STATE_FINISHED);
      assertThat(listed.get(bad).getStatus()).as(bad).isEqualTo(RunStatus.RUN_STATUS_ERROR);

      // and each one's report says it is unreadable and which column
      GetReportResponse r = console.getReport(GetReportRequest.newBuilder().setRunId(bad).build());
      assertThat(r.getReport().getError())
          .as(bad)
          .startsWith("the controller cannot read this run's stored row");
    }
    assertThat(
            console
                .getReport(GetReportRequest.newBuilder().setRunId("bad-plan").build())
                .getReport()
                .getError())
        .contains("plan_json");

    // and following a bad run answers
    Iterator<WatchEvent> follow =
        console.watchRuns(WatchRunsRequest.newBuilder().addRunIds("bad-plan").build());
    assertThat(follow.hasNext()).isTrue();

    // and the runs that were unfinished are ended in the store, so they never come back
    server.close();
    server = null;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + Database.fileIn(data));
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT run_id, state, status FROM runs WHERE run_id IN ('bad-plan', 'empty-type', 'bad-state', 'absurd-time')")) {
      int n = 0;
      while (rs.next()) {
        assertThat(rs.getString("state")).as(rs.getString("run_id")).isEqualTo("finished");
        assertThat(rs.getString("status")).as(rs.getString("run_id")).isEqualTo("error");
        n++;
      }
      assertThat(n).isEqualTo(4);
    }
  }
}
