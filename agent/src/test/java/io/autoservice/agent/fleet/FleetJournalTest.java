package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.RunEvent;
import io.autoservice.proto.v1.RunReport;
import io.autoservice.proto.v1.RunStatus;
import io.autoservice.proto.v1.TaskStatus;
import io.autoservice.testsupport.GrpcCleanupExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The durable journal wired as {@code agent connect} wires it: restarts, resends, recovery. */
class FleetJournalTest {
  static final String TWO_SLOW =
      "{\"tasks\":[{\"type\":\"hello_service\",\"params\":{\"seconds\":30}},"
          + "{\"type\":\"hello_service\",\"params\":{\"name\":\"Resumed\"}}]%s}";

  @TempDir Path dataDir;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private FleetFixture fleet;

  @BeforeEach
  void setUp() throws Exception {
    fleet = new FleetFixture(dataDir, grpc);
    fleet.durable = true;
  }

  @AfterEach
  void tearDown() throws Exception {
    fleet.close();
  }

  private FakeController.Conn start(Map<String, Long> acked) throws Exception {
    fleet.startAgent();
    FakeController.Conn conn = fleet.controller.nextConnection();
    await().until(() -> !conn.received().isEmpty());
    int before = fleet.listener.connected.get();
    conn.welcome(acked, 15);
    await().until(() -> fleet.listener.connected.get() == before + 1);
    return conn;
  }

  private List<String> journalFiles() throws Exception {
    try (Stream<Path> s = Files.list(dataDir.resolve("journal"))) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }

  /** What a crashed agent left: the run accepted, task 0 started, nothing more. */
  private void crashedInTheFirstTask(String runId, String planJson) throws Exception {
    try (FileRunJournal journal =
            FileRunJournal.open(
                dataDir.resolve("journal"), FileRunJournal.DEFAULT_MAX_BYTES, Clock.systemUTC());
        TakenRuns taken = TakenRuns.open(dataDir.resolve("taken-runs"))) {
      journal.store(runId, PlanParser.parse(planJson));
      taken.add(runId);
      Instant t = Instant.now();
      journal.append(
          WireMapper.toProto(
              new io.autoservice.common.event.RunEvent(
                  runId,
                  1,
                  t,
                  new EventPayload.RunStarted(List.of("hello_service", "hello_service")))));
      journal.append(
          WireMapper.toProto(
              new io.autoservice.common.event.RunEvent(
                  runId, 2, t, new EventPayload.TaskStarted(0, "hello_service", null))));
    }
  }

  @Test
  void shouldResendAfterARestartExactlyWhatTheControllerDoesNotHold() throws Exception {
    // given: a whole run sent to a controller that acked none of it
    FakeController.Conn first = start(Map.of());
    first.assign("run-1", FleetRunTest.HELLO);
    await().until(() -> first.finished("run-1") && fleet.runs.isIdle());
    long n = first.sequences("run-1").size();
    fleet.stopAgent();
    assertThat(journalFiles()).contains("run-1.log", "run-1.plan");

    // when: the agent restarts and the controller says it persisted 1..2 only
    FakeController.Conn second = start(Map.of("run-1", 2L));
    await().until(() -> second.finished("run-1"));

    // then: 3..n once each, nothing run again
    Hello hello = second.hello();
    assertThat(hello.getOpenRunsList())
        .singleElement()
        .satisfies(r -> assertThat(r.getLastSequence()).isEqualTo(n));
    assertThat(second.sequences("run-1")).isEqualTo(LongStream.rangeClosed(3, n).boxed().toList());
    assertThat(second.events("run-1")).isEqualTo(first.events("run-1").subList(2, (int) n));
    assertThat(fleet.listener.started).isEmpty();

    // when: the end is acked
    second.ack("run-1", n);

    // then: nothing left to send, but the files stay until a Welcome confirms the whole run
    await().until(() -> fleet.journal.isEmpty());
    assertThat(journalFiles()).isNotEmpty();

    // when: the controller drops the stream and the agent's next Hello still lists the run
    int gone = fleet.listener.disconnected.size();
    second.close(io.grpc.Status.UNAVAILABLE);
    await().until(() -> fleet.listener.disconnected.size() > gone && fleet.timer.pending() == 1);
    fleet.clock.advance(java.time.Duration.ofSeconds(1));
    FakeController.Conn third = fleet.controller.nextConnection();
    await().until(() -> !third.received().isEmpty());
    assertThat(third.hello().getOpenRunsList())
        .singleElement()
        .satisfies(r -> assertThat(r.getRunId()).isEqualTo("run-1"));
    third.welcome(Map.of("run-1", n), 15);

    // then
    await().until(() -> journalFiles().isEmpty());
    assertThat(third.events("run-1")).as("nothing sent again").isEmpty();
  }

  @Test
  void shouldCloseARunACrashInterruptedAndNeverRunItAgain() throws Exception {
    // given
    crashedInTheFirstTask("run-x", String.format(TWO_SLOW, ""));

    // when: the agent starts; the controller holds event 1
    FakeController.Conn conn = start(Map.of("run-x", 1L));
    await().until(() -> conn.finished("run-x"));
    conn.assign("run-x", String.format(TWO_SLOW, ""));
    await().until(() -> conn.acks().size() == 1);

    // then
    assertThat(conn.hello().getOpenRunsList())
        .singleElement()
        .satisfies(r -> assertThat(r.getLastSequence()).isEqualTo(5));
    assertThat(conn.sequences("run-x")).containsExactly(2L, 3L, 4L, 5L);
    List<RunEvent> events = conn.events("run-x");
    assertThat(events.get(1).getTaskFinished().getResult().getStatus())
        .isEqualTo(TaskStatus.TASK_STATUS_ERROR);
    RunReport report = events.get(3).getRunFinished().getReport();
    assertThat(report.getStatus()).isEqualTo(RunStatus.RUN_STATUS_COMPLETED_WITH_ERRORS);
    assertThat(report.getTasksList())
        .extracting(t -> t.getStatus())
        .containsExactly(TaskStatus.TASK_STATUS_ERROR, TaskStatus.TASK_STATUS_SKIPPED);
    assertThat(report.getTasks(0).getSummary().toString()).contains("agent restarted during task");
    assertThat(report.getTasks(1).getSummary().toString())
        .contains("not run: the agent restarted during the run");
    assertThat(conn.acks().get(0).getAccepted()).isTrue();
    assertThat(fleet.listener.started).isEmpty();
  }

  @Test
  void shouldContinueAResumablePlanFromTheNextTask() throws Exception {
    // given
    crashedInTheFirstTask("run-r", String.format(TWO_SLOW, ",\"metadata\":{\"resumable\":true}"));

    // when
    FakeController.Conn conn = start(Map.of());
    await().until(() -> conn.finished("run-r"));

    // then
    List<RunEvent> events = conn.events("run-r");
    assertThat(conn.sequences("run-r"))
        .isEqualTo(LongStream.rangeClosed(1, events.size()).boxed().toList());
    assertThat(events.stream().filter(RunEvent::hasRunStarted)).hasSize(1);
    assertThat(events.get(2).getTaskFinished().getResult().getSummary().toString())
        .contains("agent restarted during task");
    assertThat(events.get(3).getTaskStarted().getIndex()).isEqualTo(1);
    RunReport report = events.get(events.size() - 1).getRunFinished().getReport();
    assertThat(report.getStatus()).isEqualTo(RunStatus.RUN_STATUS_COMPLETED_WITH_ERRORS);
    assertThat(report.getTasksList())
        .extracting(t -> t.getStatus())
        .containsExactly(TaskStatus.TASK_STATUS_ERROR, TaskStatus.TASK_STATUS_SUCCESS);
    assertThat(report.getTasks(1).getSummary().toString()).contains("Hello, Resumed!");
    assertThat(fleet.listener.started).containsExactly("run-r");
  }
}
