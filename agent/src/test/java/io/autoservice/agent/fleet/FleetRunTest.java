package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoservice.common.result.RunStatus;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.RunEvent;
import io.autoservice.testsupport.GrpcCleanupExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Runs assigned over the stream: acks, events in order, duplicates, refusals, cancel, restart. */
class FleetRunTest {
  static final String HELLO =
      "{\"tasks\":[{\"type\":\"hello_service\",\"params\":{\"name\":\"Fleet\"}}]}";
  static final String SLOW =
      "{\"tasks\":[{\"type\":\"hello_service\",\"params\":{\"seconds\":30}}]}";

  @TempDir Path dataDir;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private FleetFixture fleet;

  @BeforeEach
  void setUp() throws Exception {
    fleet = new FleetFixture(dataDir, grpc);
  }

  @AfterEach
  void tearDown() throws Exception {
    fleet.close();
  }

  @Test
  void shouldRunAnAssignedPlanAndStreamItsEventsInOrder() throws Exception {
    // given
    FakeController.Conn conn = connect();

    // when
    conn.assign("run-1", HELLO);
    await().until(() -> conn.finished("run-1"));

    // then
    CommandAck ack = conn.acks().get(0);
    assertThat(ack.getRunId()).isEqualTo("run-1");
    assertThat(ack.getCommand()).isEqualTo(CommandAck.Command.COMMAND_ASSIGN_RUN);
    assertThat(ack.getAccepted()).isTrue();
    List<AgentMessage> all = conn.received();
    int ackAt = all.indexOf(AgentMessage.newBuilder().setCommandAck(ack).build());
    int firstEventAt =
        all.indexOf(all.stream().filter(AgentMessage::hasRunEvent).findFirst().orElseThrow());
    assertThat(ackAt).isLessThan(firstEventAt);

    List<RunEvent> events = conn.events("run-1");
    assertThat(conn.sequences("run-1"))
        .isEqualTo(LongStream.rangeClosed(1, events.size()).boxed().toList());
    assertThat(events.get(0).hasRunStarted()).isTrue();
    assertThat(events.get(0).getRunStarted().getTaskTypesList()).containsExactly("hello_service");
    assertThat(events.get(1).hasTaskStarted()).isTrue();
    RunEvent last = events.get(events.size() - 1);
    assertThat(last.getRunFinished().getReport().getStatus())
        .isEqualTo(io.autoservice.proto.v1.RunStatus.RUN_STATUS_OK);
    assertThat(last.getRunFinished().getReport().getRunId()).isEqualTo("run-1");
    assertThat(last.getRunFinished().getReport().getTasks(0).getSummary().toString())
        .contains("Hello, Fleet!");
    await().until(() -> fleet.listener.finished.get("run-1") == RunStatus.OK);
    assertThat(fleet.listener.started).containsExactly("run-1");
  }

  @Test
  void shouldAckADuplicateAssignmentWithoutRunningItAgain() throws Exception {
    // given
    FakeController.Conn conn = connect();
    conn.assign("run-1", HELLO);
    await().until(() -> conn.finished("run-1") && fleet.listener.finished.containsKey("run-1"));
    int events = conn.events("run-1").size();

    // when
    conn.assign("run-1", HELLO);
    await().until(() -> conn.acks().size() == 2);

    // then
    assertThat(conn.acks().get(1).getAccepted()).isTrue();
    assertThat(fleet.runs.isIdle()).isTrue();
    assertThat(fleet.listener.started).containsExactly("run-1");
    assertThat(conn.events("run-1")).hasSize(events);
  }

  @Test
  void shouldDropAFinishedRunOnceItsRunFinishedIsAcked() throws Exception {
    // given
    FakeController.Conn conn = connect();
    conn.assign("run-1", HELLO);
    await().until(() -> conn.finished("run-1"));
    List<Long> seqs = conn.sequences("run-1");
    long last = seqs.get(seqs.size() - 1);

    // when: a partial ack keeps the run, the final one drops it
    conn.ack("run-1", last - 1);
    await()
        .until(
            () ->
                fleet.journal.next("run-1", 0) != null
                    && fleet.journal.next("run-1", 0).getSequence() == last);
    conn.ack("run-1", last);

    // then
    await().until(() -> fleet.journal.isEmpty());
  }

  @Test
  void shouldRefuseAnInvalidPlan() throws Exception {
    // given
    FakeController.Conn conn = connect();

    // when
    conn.assign(
        "run-bad", "{\"tasks\":[{\"type\":\"hello_service\",\"params\":{\"seconds\":-5}}]}");
    await().until(() -> conn.acks().size() == 1);

    // then
    CommandAck ack = conn.acks().get(0);
    assertThat(ack.getAccepted()).isFalse();
    assertThat(ack.getError()).startsWith("invalid plan: ").contains("seconds");
    assertThat(fleet.runs.isIdle()).isTrue();
    assertThat(conn.events("run-bad")).isEmpty();
    assertThat(Files.readString(dataDir.resolve("taken-runs"))).doesNotContain("run-bad");
  }

  @Test
  void shouldCancelARunningRun() throws Exception {
    // given
    FakeController.Conn conn = connect();
    conn.assign("run-slow", SLOW);
    await().until(() -> conn.events("run-slow").stream().anyMatch(RunEvent::hasTaskStarted));

    // when
    long t0 = System.nanoTime();
    conn.cancel("run-slow");

    // then
    await().atMost(Duration.ofSeconds(5)).until(() -> conn.finished("run-slow"));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    CommandAck cancelAck = conn.acks().get(1);
    assertThat(cancelAck.getCommand()).isEqualTo(CommandAck.Command.COMMAND_CANCEL_RUN);
    assertThat(cancelAck.getAccepted()).isTrue();
    List<RunEvent> events = conn.events("run-slow");
    RunEvent last = events.get(events.size() - 1);
    assertThat(last.getRunFinished().getReport().getStatus())
        .isEqualTo(io.autoservice.proto.v1.RunStatus.RUN_STATUS_CANCELLED);
    assertThat(conn.sequences("run-slow"))
        .isEqualTo(LongStream.rangeClosed(1, events.size()).boxed().toList());
    await().until(() -> fleet.listener.finished.get("run-slow") == RunStatus.CANCELLED);
  }

  @Test
  void shouldRefuseToCancelAnUnknownRun() throws Exception {
    // given
    FakeController.Conn conn = connect();

    // when
    conn.cancel("nobody");
    await().until(() -> conn.acks().size() == 1);

    // then
    assertThat(conn.acks().get(0).getAccepted()).isFalse();
    assertThat(conn.acks().get(0).getError()).contains("unknown");
  }

  @Test
  void shouldRememberTakenRunsAcrossARestart() throws Exception {
    // given: a run taken and delivered before the agent restarts
    FakeController.Conn first = connect();
    first.assign("run-1", HELLO);
    await().until(() -> first.finished("run-1"));
    String agentId = fleet.agentId;
    fleet.stopAgent();
    assertThat(Files.readAllLines(dataDir.resolve("taken-runs"))).containsExactly("run-1");

    // when: the controller resends it to the restarted agent
    FakeController.Conn second = connect();
    second.assign("run-1", HELLO);
    await().until(() -> second.acks().size() == 1);

    // then
    assertThat(second.hello().getAgentId()).isEqualTo(agentId);
    assertThat(second.acks().get(0).getAccepted()).isTrue();
    assertThat(fleet.runs.isIdle()).isTrue();
    assertThat(fleet.listener.started).isEmpty();
    assertThat(second.events("run-1")).isEmpty();
  }

  @Test
  void shouldDeliverTheCancelledReportOnShutdown() throws Exception {
    // given
    FakeController.Conn conn = connect();
    conn.autoAck = true;
    conn.assign("run-slow", SLOW);
    await().until(() -> conn.events("run-slow").stream().anyMatch(RunEvent::hasTaskStarted));

    // when
    boolean delivered = CompletableFuture.supplyAsync(this::shutdown).get();

    // then
    assertThat(delivered).isTrue();
    assertThat(conn.finished("run-slow")).isTrue();
    assertThat(conn.closed.get().isOk()).isTrue();
    assertThat(fleet.client.terminated().get().isOk()).isTrue();
    assertThat(fleet.journal.isEmpty()).isTrue();
  }

  private boolean shutdown() {
    try {
      return fleet.client.shutdown(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts the agent and answers its Hello. */
  private FakeController.Conn connect() throws Exception {
    fleet.startAgent();
    FakeController.Conn conn = fleet.controller.nextConnection();
    await().until(() -> !conn.received().isEmpty());
    int before = fleet.listener.connected.get();
    conn.welcome();
    await().until(() -> fleet.listener.connected.get() == before + 1);
    return conn;
  }
}
