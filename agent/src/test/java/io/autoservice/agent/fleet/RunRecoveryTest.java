package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.exec.PlanExecutor;
import io.autoservice.agent.process.CancellationToken;
import io.autoservice.agent.process.ProcessRunner;
import io.autoservice.agent.tasks.BuiltinTasks;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import io.autoservice.common.wire.WireMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a restart does with the runs a crash interrupted. */
class RunRecoveryTest {
  static final String THREE =
      "{\"tasks\":[{\"type\":\"hello_service\",\"id\":\"first\"},{\"type\":\"hello_service\","
          + "\"params\":{\"seconds\":30}},{\"type\":\"hello_service\",\"id\":\"third\"}],"
          + "\"metadata\":{\"ticket\":\"T-9\"%s}}";
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  @TempDir Path dir;
  private FileRunJournal journal;
  private TakenRuns taken;
  private final Clock clock = Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC);

  @BeforeEach
  void setUp() throws Exception {
    journal = FileRunJournal.open(dir.resolve("journal"), FileRunJournal.DEFAULT_MAX_BYTES, clock);
    taken = TakenRuns.open(dir.resolve("taken-runs"));
  }

  @AfterEach
  void tearDown() throws Exception {
    journal.close();
    taken.close();
  }

  private static Plan plan(boolean resumable) throws Exception {
    return PlanParser.parse(String.format(THREE, resumable ? ",\"resumable\":true" : ""));
  }

  /** Journals what an agent had written when it died in the second task, then restarts. */
  private Plan interruptedInTheSecondTask(String runId, boolean resumable) throws Exception {
    Plan plan = plan(resumable);
    journal.store(runId, plan);
    List<EventPayload> payloads =
        List.of(
            new EventPayload.RunStarted(List.of("hello_service", "hello_service", "hello_service")),
            new EventPayload.TaskStarted(0, "hello_service", "first"),
            new EventPayload.TaskFinished(
                0, TaskResult.ofReason("hello_service", "first", TaskStatus.SUCCESS, "hi", 1.5)),
            new EventPayload.TaskStarted(1, "hello_service", null),
            new EventPayload.TaskProgress(1, 10, "working 3 of 30 s"),
            new EventPayload.TaskOutput(1, EventPayload.OutputSource.LOG, "still working"));
    long seq = 0;
    for (EventPayload p : payloads) {
      seq++;
      journal.append(WireMapper.toProto(new RunEvent(runId, seq, T0.plusSeconds(seq), p)));
    }
    journal.ack(runId, 3);
    journal.close();
    journal = FileRunJournal.open(dir.resolve("journal"), FileRunJournal.DEFAULT_MAX_BYTES, clock);
    return plan;
  }

  private List<RunEvent> events(String runId) throws Exception {
    List<RunEvent> all = new ArrayList<>();
    journal.replay(runId, e -> all.add(WireMapper.fromProto(e)));
    return all;
  }

  private RunRecovery recovery() {
    return new RunRecovery(journal, taken, FleetFixture.MACHINE, clock);
  }

  @Test
  void shouldEndTheInterruptedTaskInErrorSkipTheRestAndReport() throws Exception {
    // given
    interruptedInTheSecondTask("run-1", false);

    // when
    List<RunRecovery.Resumable> resumed = recovery().recover();

    // then
    assertThat(resumed).isEmpty();
    assertThat(taken.contains("run-1")).isTrue();
    List<RunEvent> events = events("run-1");
    assertThat(events)
        .extracting(RunEvent::sequence)
        .isEqualTo(LongStream.rangeClosed(1, 9).boxed().toList());
    List<RunEvent> added = events.subList(6, 9);
    TaskResult interrupted = ((EventPayload.TaskFinished) added.get(0).payload()).result();
    assertThat(((EventPayload.TaskFinished) added.get(0).payload()).index()).isEqualTo(1);
    assertThat(interrupted.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(interrupted.reason()).isEqualTo("agent restarted during task");
    assertThat(interrupted.durationSeconds()).isEqualTo(2.0); // TaskStarted at +4 s, last sign +6 s
    TaskResult skipped = ((EventPayload.TaskFinished) added.get(1).payload()).result();
    assertThat(((EventPayload.TaskFinished) added.get(1).payload()).index()).isEqualTo(2);
    assertThat(skipped.status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(skipped.taskId()).isEqualTo("third");
    assertThat(skipped.reason()).isEqualTo("not run: the agent restarted during the run");
    RunReport report = ((EventPayload.RunFinished) added.get(2).payload()).report();
    assertThat(report.runId()).isEqualTo("run-1");
    assertThat(report.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
    assertThat(report.tasks())
        .extracting(TaskResult::status)
        .containsExactly(TaskStatus.SUCCESS, TaskStatus.ERROR, TaskStatus.SKIPPED);
    assertThat(report.tasks().get(0).taskId()).isEqualTo("first");
    assertThat(report.runTimestamp()).isEqualTo(T0.plusSeconds(1));
    assertThat(report.totalDurationSeconds()).isEqualTo(599.0);
    assertThat(report.metadata().path("hostname").asText()).isEqualTo("pc-042");
    assertThat(report.metadata().path("ticket").asText()).isEqualTo("T-9");
    assertThat(journal.unfinishedRuns()).isEmpty();
    assertThat(journal.openRuns()).containsEntry("run-1", 9L);
    // and: the controller, which holds 1..3, gets the rest
    assertThat(journal.next("run-1", 3).getSequence()).isEqualTo(4);
  }

  @Test
  void shouldEndTheInterruptedTaskInErrorAndResumeAResumablePlan() throws Exception {
    // given
    Plan plan = interruptedInTheSecondTask("run-1", true);

    // when
    List<RunRecovery.Resumable> resumed = recovery().recover();

    // then: only the interrupted task is closed; the run continues with task 3, event 8
    assertThat(resumed)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.runId()).isEqualTo("run-1");
              assertThat(r.nextTask()).isEqualTo(2);
              assertThat(r.nextSequence()).isEqualTo(8);
              assertThat(r.started()).isEqualTo(T0.plusSeconds(1));
              assertThat(r.results())
                  .extracting(TaskResult::status)
                  .containsExactly(TaskStatus.SUCCESS, TaskStatus.ERROR);
              assertThat(WireMapper.toProto(r.plan())).isEqualTo(WireMapper.toProto(plan));
            });
    assertThat(events("run-1")).hasSize(7);
    assertThat(journal.unfinishedRuns()).containsExactly("run-1");

    // when: the executor continues it into the journal
    RunRecovery.Resumable r = resumed.get(0);
    try (PlanExecutor executor =
        new PlanExecutor(
            BuiltinTasks.registry(false),
            new ProcessRunner(),
            new ToolLocator(Map.of(), false),
            FleetFixture.MACHINE,
            clock,
            Duration.ofMillis(50))) {
      RunReport report =
          executor.resume(
              r.runId(),
              r.plan(),
              e -> journal.append(WireMapper.toProto(e)),
              new CancellationToken(),
              r.nextTask(),
              r.results(),
              r.nextSequence(),
              r.started());

      // then
      assertThat(report.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
      assertThat(report.tasks())
          .extracting(TaskResult::status)
          .containsExactly(TaskStatus.SUCCESS, TaskStatus.ERROR, TaskStatus.SUCCESS);
      assertThat(report.runTimestamp()).isEqualTo(T0.plusSeconds(1));
      assertThat(report.totalDurationSeconds()).isEqualTo(599.0);
    }
    List<RunEvent> events = events("run-1");
    assertThat(events)
        .extracting(RunEvent::sequence)
        .isEqualTo(LongStream.rangeClosed(1, events.size()).boxed().toList());
    assertThat(events.stream().filter(e -> e.payload() instanceof EventPayload.RunStarted))
        .hasSize(1);
    assertThat(events.get(7).payload())
        .isEqualTo(new EventPayload.TaskStarted(2, "hello_service", "third"));
    assertThat(events.get(events.size() - 1).payload())
        .isInstanceOf(EventPayload.RunFinished.class);
    assertThat(journal.unfinishedRuns()).isEmpty();
  }

  @Test
  void shouldCloseAnAcceptedRunThatNeverStarted() throws Exception {
    // given: the agent died between accepting the run and starting it
    journal.store("run-1", plan(false));

    // when
    List<RunRecovery.Resumable> resumed = recovery().recover();

    // then
    assertThat(resumed).isEmpty();
    List<RunEvent> events = events("run-1");
    assertThat(events).hasSize(5);
    assertThat(events.get(0).payload())
        .isEqualTo(
            new EventPayload.RunStarted(
                List.of("hello_service", "hello_service", "hello_service")));
    RunReport report = ((EventPayload.RunFinished) events.get(4).payload()).report();
    assertThat(report.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
    assertThat(report.tasks()).extracting(TaskResult::status).containsOnly(TaskStatus.SKIPPED);
    assertThat(journal.openRuns()).containsEntry("run-1", 5L);
  }

  @Test
  void shouldReportARunWhoseTasksAllEndedButWhoseReportWasNotWritten() throws Exception {
    // given
    journal.store("run-1", PlanParser.parse("{\"tasks\":[{\"type\":\"hello_service\"}]}"));
    journal.append(
        WireMapper.toProto(
            new RunEvent("run-1", 1, T0, new EventPayload.RunStarted(List.of("hello_service")))));
    journal.append(
        WireMapper.toProto(
            new RunEvent(
                "run-1",
                2,
                T0,
                new EventPayload.TaskFinished(
                    0, TaskResult.ofReason("hello_service", null, TaskStatus.SUCCESS, "ok", 1)))));

    // when
    recovery().recover();

    // then
    List<RunEvent> events = events("run-1");
    RunReport report = ((EventPayload.RunFinished) events.get(2).payload()).report();
    assertThat(report.status()).isEqualTo(RunStatus.OK);
    assertThat(report.tasks()).hasSize(1);
  }

  @Test
  void shouldLeaveAFinishedRunThatWaitsForItsAckAlone() throws Exception {
    // given
    journal.append(
        WireMapper.toProto(new RunEvent("run-1", 1, T0, new EventPayload.RunStarted(List.of()))));
    journal.append(
        WireMapper.toProto(
            new RunEvent(
                "run-1",
                2,
                T0,
                new EventPayload.RunFinished(
                    new RunReport("run-1", RunStatus.OK, List.of(), 0, T0, Json.object(), null)))));

    // when
    List<RunRecovery.Resumable> resumed = recovery().recover();

    // then
    assertThat(resumed).isEmpty();
    assertThat(events("run-1")).hasSize(2);
    assertThat(taken.contains("run-1")).isTrue();
  }
}
