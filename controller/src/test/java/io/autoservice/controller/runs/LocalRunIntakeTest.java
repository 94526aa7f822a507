package io.autoservice.controller.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.common.json.Json;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.protocol.MarkerDialect;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.OfflineRun;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.model.RunOrigin;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.RunStore;
import io.autoservice.controller.store.StoreException;
import io.autoservice.controller.store.StoreWriter;
import io.autoservice.testsupport.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Uploaded local runs ({@code agent run --sync}) on the controller, against a real SQLite store.
 */
class LocalRunIntakeTest {
  private final FakeClock clock = new FakeClock(RunDomainTest.T0);
  private final List<RunRecord> exported = Collections.synchronizedList(new ArrayList<>());
  @org.junit.jupiter.api.io.TempDir java.nio.file.Path data;
  private Database db;
  private RunStore store;
  private StoreWriter writer;
  private Dispatcher dispatcher;
  private LocalRunIntake intake;

  @BeforeEach
  void setUp() throws Exception {
    db = Database.open(data, clock);
    store = db.stores().runs();
    writer = new StoreWriter(db.stores().writeTarget(), 512);
    WatchHub hub = new WatchHub();
    FleetRegistry fleet =
        new FleetRegistry(db.stores().agents(), writer, hub, clock, Duration.ofSeconds(90));
    dispatcher =
        new RunDomain(
                store,
                db.stores().events(),
                writer,
                fleet,
                hub,
                clock,
                Duration.ofMinutes(10),
                exported::add)
            .dispatcher();
    intake = new LocalRunIntake(store, dispatcher, hub, exported::add);
  }

  @AfterEach
  void tearDown() {
    intake.close();
    writer.close();
    db.close();
  }

  static OfflineRun run(String id) throws Exception {
    Instant start = Instant.parse("2026-11-20T08:00:00Z");
    var plan =
        PlanParser.parse(
            "{\"tasks\":[{\"type\":\"hello_service\"},{\"type\":\"disk_space_report\"}],"
                + "\"metadata\":{\"technician_name\":\"Ada\"}}");
    TaskResult hello =
        TaskResult.ofReason("hello_service", null, TaskStatus.SUCCESS, "Hello!", 0.1);
    TaskResult disk =
        TaskResult.ofReason("disk_space_report", null, TaskStatus.ERROR, "no volumes", 0.2);
    var meta = Json.object().put("hostname", "PC-OFFLINE").put("technician_name", "Ada");
    RunReport report =
        new RunReport(
            id, RunStatus.COMPLETED_WITH_ERRORS, List.of(hello, disk), 0.4, start, meta, null);
    return new OfflineRun(id, start, start.plusSeconds(2), plan, report);
  }

  @Test
  void shouldStoreAFinishedLocalRunBeforeAnswering() throws Exception {
    OfflineRun run = run(UUID.randomUUID().toString());

    CompletableFuture<Boolean> storedWhenAnswered =
        intake.receive("a1", "pc-a1", run).thenApply(a -> store.run(a.runId()).isPresent());

    assertThat(storedWhenAnswered.get(5, TimeUnit.SECONDS))
        .as("in the database once answered")
        .isTrue();
    RunRecord r = store.run(run.localRunId()).orElseThrow();
    assertThat(r.origin()).isEqualTo(RunOrigin.LOCAL);
    assertThat(r.state()).isEqualTo(RunState.FINISHED);
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
    assertThat(r.agentId()).isEqualTo("a1");
    assertThat(r.hostname()).as("the report's hostname").isEqualTo("PC-OFFLINE");
    assertThat(r.dispatchedBy()).as("the plan's technician").isEqualTo("Ada");
    assertThat(r.dispatchedAt()).isEqualTo(run.startedAt());
    assertThat(r.finishedAt()).isEqualTo(run.finishedAt());
    assertThat(r.completedTasks()).isEqualTo(2);
    assertThat(ReportJson.report(r.report(), MarkerDialect.SEED))
        .isEqualTo(ReportJson.report(run.report(), MarkerDialect.SEED));
    assertThat(exported).extracting(RunRecord::runId).containsExactly(run.localRunId());
    assertThat(dispatcher.activeRun(run.localRunId()))
        .as("nothing left for the dispatcher")
        .isEmpty();
  }

  @Test
  void shouldStoreARunUploadedTwiceOnceAndAnswerTheSame() throws Exception {
    OfflineRun run = run(UUID.randomUUID().toString());

    LocalRunIntake.Answer first = intake.receive("a1", "pc-a1", run).get(5, TimeUnit.SECONDS);
    LocalRunIntake.Answer again = intake.receive("a1", "pc-a1", run).get(5, TimeUnit.SECONDS);

    assertThat(again).isEqualTo(first);
    assertThat(first.accepted()).isTrue();
    assertThat(
            store.runs(new io.autoservice.controller.model.RunFilter(null, null, null, null, 100)))
        .hasSize(1);
    assertThat(exported).as("exported once").hasSize(1);
  }

  @Test
  void shouldListLocalRunsAmongDispatchedOnesNewestFirst() throws Exception {
    OfflineRun run = run(UUID.randomUUID().toString());
    intake.receive("a1", "pc-a1", run).get(5, TimeUnit.SECONDS);
    RunRecord dispatched =
        dispatcher
            .dispatch(
                PlanParser.parse("{\"type\":\"hello_service\"}"),
                List.of(
                    new io.autoservice.controller.model.AgentRecord(
                        "a1",
                        "pc-a1",
                        "Linux",
                        "6",
                        "1",
                        "u",
                        java.util.Map.of(),
                        List.of("hello_service"),
                        Instant.EPOCH,
                        Instant.EPOCH)),
                "tech",
                Duration.ofHours(1))
            .get(5, TimeUnit.SECONDS)
            .get(0);

    List<RunRecord> listed =
        store.runs(new io.autoservice.controller.model.RunFilter("a1", null, null, null, 100));

    assertThat(listed)
        .extracting(RunRecord::runId)
        .containsExactly(dispatched.runId(), run.localRunId());
    assertThat(listed)
        .extracting(RunRecord::origin)
        .containsExactly(RunOrigin.DISPATCHED, RunOrigin.LOCAL);
  }

  @Test
  void shouldKeepTwoAgentsRunsApartEvenWithTheSameLocalId() throws Exception {
    String id = UUID.randomUUID().toString();
    LocalRunIntake.Answer a1 = intake.receive("a1", "pc-a1", run(id)).get(5, TimeUnit.SECONDS);
    LocalRunIntake.Answer a2 = intake.receive("a2", "pc-a2", run(id)).get(5, TimeUnit.SECONDS);

    assertThat(a1.runId()).isEqualTo(id);
    assertThat(a2.runId()).as("a fresh id for the clash").isNotEqualTo(id);
    assertThat(store.run(a2.runId()).orElseThrow().agentId()).isEqualTo("a2");
    assertThat(intake.receive("a2", "pc-a2", run(id)).get(5, TimeUnit.SECONDS).runId())
        .isEqualTo(a2.runId());
  }

  @Test
  void shouldRefuseAReportThatIsNotTheUploadedRun() throws Exception {
    OfflineRun good = run(UUID.randomUUID().toString());
    OfflineRun bad =
        new OfflineRun("other-id", good.startedAt(), good.finishedAt(), good.plan(), good.report());

    LocalRunIntake.Answer answer = intake.receive("a1", "pc-a1", bad).get(5, TimeUnit.SECONDS);

    assertThat(answer.accepted()).isFalse();
    assertThat(answer.error())
        .startsWith(
            "report.run_id: \"" + good.localRunId() + "\" is not the local_run_id \"other-id\"");
    assertThat(store.run("other-id")).isEmpty();
  }

  @Test
  void shouldKeepTheReportOfAnUploadWhosePlanFailsTheGateWithThePlanReplacedByANote()
      throws Exception {
    // given: an offline plan the controller never saw, with an empty task type (a row holding it
    // could not be read back)
    OfflineRun good = run(UUID.randomUUID().toString());
    var badPlan =
        new io.autoservice.common.plan.Plan(
            List.of(new io.autoservice.common.plan.TaskSpec(0, null, "", Json.object())),
            Json.object());
    OfflineRun bad =
        new OfflineRun(
            good.localRunId(), good.startedAt(), good.finishedAt(), badPlan, good.report());

    // when
    LocalRunIntake.Answer answer = intake.receive("a1", "pc-a1", bad).get(5, TimeUnit.SECONDS);

    // then: stored, readable, the report whole, and the agent told which field was refused
    assertThat(answer.accepted()).isTrue();
    assertThat(answer.note())
        .isEqualTo(
            "plan not kept, it fails the plan checks: tasks[0].type: expected a task type name but it is empty");
    RunRecord stored = store.run(answer.runId()).orElseThrow();
    assertThat(stored.plan().tasks()).isEmpty();
    assertThat(stored.plan().metadata().path(LocalRunIntake.PLAN_REFUSED).asText())
        .isEqualTo(answer.note());
    assertThat(ReportJson.report(stored.report(), MarkerDialect.SEED))
        .isEqualTo(ReportJson.report(good.report(), MarkerDialect.SEED));
  }

  @Test
  void shouldNotAnswerWhenTheRunCannotBeStored() throws Exception {
    OfflineRun run = run(UUID.randomUUID().toString());
    db.close(); // the database is gone: nothing may be acked

    CompletableFuture<LocalRunIntake.Answer> answer = intake.receive("a1", "pc-a1", run);

    assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(StoreException.class);
    assertThat(exported).isEmpty();
  }
}
