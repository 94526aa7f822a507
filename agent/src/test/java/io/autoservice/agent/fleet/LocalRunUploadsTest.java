package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoservice.common.result.OfflineRun;
import io.autoservice.common.wire.LocalRunWire;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.LocalRunReport;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent connect} uploading what {@code agent run --sync} queued, against a fake controller.
 */
class LocalRunUploadsTest {
  @TempDir Path dataDir;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private FleetFixture fleet;
  private LocalRunOutbox outbox;

  @BeforeEach
  void setUp() throws Exception {
    fleet = new FleetFixture(dataDir, grpc);
    outbox = LocalRunOutbox.open(AgentDataDir.open(dataDir).outboxDir());
    fleet.localRuns = outbox;
  }

  @AfterEach
  void tearDown() throws Exception {
    fleet.close();
  }

  private Path queue(OfflineRun run, String modified) throws Exception {
    Path file = outbox.queue(run, "agent");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse(modified)));
    return file;
  }

  private static void ack(FakeController.Conn conn, LocalRunReport r) {
    conn.send(
        FakeController.message()
            .setLocalRunAck(LocalRunWire.accepted(r.getLocalRunId(), "ctl-" + r.getLocalRunId()))
            .build());
  }

  private FakeController.Conn welcomed() throws Exception {
    FakeController.Conn conn = fleet.controller.nextConnection();
    await().until(() -> !conn.received().isEmpty());
    conn.welcome();
    return conn;
  }

  @Test
  void shouldUploadOldestFirstOneAtATimeAndDeleteOnlyAfterTheAck() throws Exception {
    OfflineRun older = LocalRunOutboxTest.run("A");
    OfflineRun newer = LocalRunOutboxTest.run("B");
    Path olderFile = queue(older, "2026-01-01T00:00:00Z");
    Path newerFile = queue(newer, "2026-01-02T00:00:00Z");
    fleet.startAgent();
    FakeController.Conn conn = welcomed();

    await().until(() -> conn.localRuns().size() == 1);
    LocalRunReport first = conn.localRuns().get(0);
    assertThat(first.getLocalRunId()).isEqualTo(older.localRunId());
    assertThat(LocalRunWire.fromProto(first).report().tasks().get(0).summary())
        .isEqualTo(older.report().tasks().get(0).summary());
    // Two heartbeats: the first looks at the outbox again, and whatever it queued precedes the
    // second.
    fleet.clock.advance(Duration.ofSeconds(15));
    await().until(() -> conn.heartbeats() == 1);
    fleet.clock.advance(Duration.ofSeconds(15));
    await().until(() -> conn.heartbeats() == 2);
    assertThat(conn.localRuns()).as("the next waits for the ack").hasSize(1);
    assertThat(olderFile).as("kept until acked").exists();

    ack(conn, first);
    await().until(() -> conn.localRuns().size() == 2);
    assertThat(olderFile).doesNotExist();
    assertThat(conn.localRuns().get(1).getLocalRunId()).isEqualTo(newer.localRunId());
    ack(conn, conn.localRuns().get(1));
    await().until(() -> !Files.exists(newerFile));
    assertThat(outbox.pending()).isEmpty();
  }

  @Test
  void shouldUploadAgainAfterAStreamLostBeforeTheAck() throws Exception {
    OfflineRun run = LocalRunOutboxTest.run("A");
    Path file = queue(run, "2026-01-01T00:00:00Z");
    fleet.startAgent();
    FakeController.Conn first = welcomed();
    await().until(() -> first.localRuns().size() == 1);

    first.close(Status.UNAVAILABLE.withDescription("controller restarting"));
    await().until(() -> !fleet.listener.disconnected.isEmpty() && fleet.timer.pending() == 1);
    fleet.clock.advance(Duration.ofSeconds(1));
    FakeController.Conn second = welcomed();

    await().until(() -> second.localRuns().size() == 1);
    assertThat(second.localRuns().get(0).getLocalRunId()).isEqualTo(run.localRunId());
    assertThat(file).exists();
    ack(second, second.localRuns().get(0));
    await().until(() -> !Files.exists(file));
  }

  @Test
  void shouldSetACorruptFileAsideAndUploadTheRest() throws Exception {
    Path corrupt = queue(LocalRunOutboxTest.run("A"), "2026-01-01T00:00:00Z");
    Files.writeString(corrupt, "{\"format\": \"autoservice-local-run/1\", \"local_run");
    Files.setLastModifiedTime(corrupt, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    OfflineRun good = LocalRunOutboxTest.run("B");
    queue(good, "2026-01-02T00:00:00Z");
    fleet.startAgent();
    FakeController.Conn conn = welcomed();

    await().until(() -> conn.localRuns().size() == 1);
    assertThat(conn.localRuns().get(0).getLocalRunId()).isEqualTo(good.localRunId());
    assertThat(corrupt).doesNotExist();
    assertThat(corrupt.resolveSibling(corrupt.getFileName() + ".corrupt"))
        .as("kept beside the queue, not deleted")
        .hasContent("{\"format\": \"autoservice-local-run/1\", \"local_run");
  }

  @Test
  void shouldSetAsideAReportTheControllerRefused() throws Exception {
    OfflineRun run = LocalRunOutboxTest.run("A");
    Path file = queue(run, "2026-01-01T00:00:00Z");
    fleet.startAgent();
    FakeController.Conn conn = welcomed();
    await().until(() -> conn.localRuns().size() == 1);

    conn.send(
        ControllerMessage.newBuilder()
            .setLocalRunAck(LocalRunWire.refused(run.localRunId(), "report.run_id: wrong"))
            .build());

    Path refused = file.resolveSibling(file.getFileName() + ".refused");
    await().until(() -> Files.exists(refused));
    assertThat(file).doesNotExist();
  }

  @Test
  void shouldPickUpAReportQueuedWhileConnectedAtTheNextHeartbeat() throws Exception {
    fleet.startAgent();
    FakeController.Conn conn = welcomed();
    await().until(() -> fleet.listener.connected.get() == 1);
    OfflineRun run = LocalRunOutboxTest.run("A");
    outbox.queue(run, "agent");

    fleet.clock.advance(Duration.ofSeconds(15));

    await().until(() -> conn.localRuns().size() == 1);
    assertThat(conn.localRuns().get(0).getLocalRunId()).isEqualTo(run.localRunId());
  }
}
