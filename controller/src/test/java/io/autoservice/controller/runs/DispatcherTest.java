package io.autoservice.controller.runs;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.model.RunRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.autoservice.controller.fleet.AgentLink;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {
  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-11-26T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Records what the controller sent to an agent. */
  static final class RecordingLink implements AgentLink {
    final List<String> sent = new ArrayList<>();

    @Override
    public void assign(RunRecord run) {
      sent.add("assign " + run.runId());
    }

    @Override
    public void cancel(String runId, String reason) {
      sent.add("cancel " + runId + " " + reason);
    }

    @Override
    public void close(String why) {
      sent.add("close " + why);
    }

    @Override
    public void revoke(String why) {
      close(why);
    }
  }

  private final MutableClock clock = new MutableClock();
  private final List<RunRecord> exported = new ArrayList<>();
  private Database db;
  private RunStore store;
  private FleetRegistry fleet;
  private Dispatcher dispatcher;
  private Plan plan;

  @BeforeEach
  void setUp() throws Exception {
    db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    store = new RunStore(db.dataSource());
    newDispatcher();
    plan = PlanParser.parse("[{\"type\":\"hello_service\"},{\"type\":\"disk_space_report\"}]");
  }

  private void newDispatcher() {
    WatchHub hub = new WatchHub();
    fleet = new FleetRegistry(store, hub, clock, Duration.ofSeconds(90));
    dispatcher = new Dispatcher(store, fleet, hub, clock, Duration.ofMinutes(10), exported::add);
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private static AgentRecord agent(String id) {
    return new AgentRecord(id, "host-" + id, "Linux", "6", "1", "u", Map.of("site", "a"),
        List.of("hello_service", "disk_space_report"), Instant.EPOCH, Instant.EPOCH);
  }

  private RecordingLink connect(String id) {
    RecordingLink link = new RecordingLink();
    fleet.connected(agent(id), link);
    dispatcher.agentConnected(id, link, List.of());
    return link;
  }

  private void finishRun(String agentId, String runId) {
    long seq = 1;
    TaskResult hello = TaskResult.ofReason("hello_service", null, TaskStatus.SUCCESS, "ok", 1);
    TaskResult disk = TaskResult.ofReason("disk_space_report", null, TaskStatus.SUCCESS, "ok", 1);
    for (EventPayload p : List.<EventPayload>of(
        new EventPayload.RunStarted(List.of("hello_service", "disk_space_report")),
        new EventPayload.TaskFinished(0, hello),
        new EventPayload.TaskFinished(1, disk),
        new EventPayload.RunFinished(new RunReport(runId, RunStatus.OK, List.of(hello, disk), 2, clock.now, Json.object(), null)))) {
      assertThat(dispatcher.acceptEvent(agentId, runId, seq).action()).isEqualTo(EventVerdict.Action.ACCEPT);
      store.appendEvents(List.of(new RunStore.EventRow(runId, seq, clock.now, new byte[] {1})));
      dispatcher.persisted(new RunEvent(runId, seq++, clock.now, p));
    }
  }

  /**
   * Killed between committing a run's RunFinished (and acking it: the agent forgets the run) and
   * committing the run's finished state: the restarted controller finishes it from the stored
   * report, instead of waiting forever for an agent that no longer has it.
   */
  @Test
  void shouldFinishARunWhoseReportWasStoredWhenTheControllerStopped() {
    connect("a9");
    RunRecord run = dispatcher.dispatch(plan, List.of(agent("a9")), "tech", Duration.ofDays(7)).get(0);
    dispatcher.assignAcked("a9", run.runId(), true, "");
    TaskResult hello = TaskResult.ofReason("hello_service", null, TaskStatus.SUCCESS, "ok", 1);
    TaskResult disk = TaskResult.ofReason("disk_space_report", null, TaskStatus.WARNING, "full", 1);
    List<EventPayload> payloads = List.of(
        new EventPayload.RunStarted(List.of("hello_service", "disk_space_report")),
        new EventPayload.TaskFinished(0, hello),
        new EventPayload.TaskFinished(1, disk),
        new EventPayload.RunFinished(new RunReport(run.runId(), RunStatus.OK, List.of(hello, disk), 2, clock.now,
            Json.object(), null)));
    for (int i = 0; i < payloads.size(); i++) {
      RunEvent e = new RunEvent(run.runId(), i + 1, clock.now, payloads.get(i));
      assertThat(dispatcher.acceptEvent("a9", run.runId(), e.sequence()).action()).isEqualTo(EventVerdict.Action.ACCEPT);
      store.appendEvents(List.of(new RunStore.EventRow(run.runId(), e.sequence(), e.time(),
          WireMapper.toProto(e).toByteArray())));
      if (i < payloads.size() - 1) {
        dispatcher.persisted(e); // the last one's after-commit step never ran: the controller died
      }
    }
    assertThat(store.run(run.runId()).orElseThrow().state()).isEqualTo(RunState.RUNNING);

    newDispatcher(); // restarted over the same database

    RunRecord done = store.run(run.runId()).orElseThrow();
    assertThat(done.state()).isEqualTo(RunState.FINISHED);
    assertThat(done.status()).isEqualTo(RunStatus.OK);
    assertThat(done.report().tasks()).hasSize(2);
    assertThat(exported).extracting(RunRecord::runId).containsExactly(run.runId());
    // The agent, acked up to the RunFinished, comes back without the run: no "results were lost".
    connect("a9");
    assertThat(store.run(run.runId()).orElseThrow().status()).isEqualTo(RunStatus.OK);
  }

  @Test
  void shouldRunOnePlanAtATimePerAgentInDispatchOrder() {
    RecordingLink link = connect("a1");

    RunRecord first = dispatcher.dispatch(plan, List.of(agent("a1")), "tech", Duration.ofDays(7)).get(0);
    RunRecord second = dispatcher.dispatch(plan, List.of(agent("a1")), "tech", Duration.ofDays(7)).get(0);

    assertThat(link.sent).containsExactly("assign " + first.runId());
    assertThat(dispatcher.queued("a1")).isEqualTo(1);
    dispatcher.assignAcked("a1", first.runId(), true, "");
    finishRun("a1", first.runId());
    assertThat(link.sent).containsExactly("assign " + first.runId(), "assign " + second.runId());
    RunRecord done = store.run(first.runId()).orElseThrow();
    assertThat(done.state()).isEqualTo(RunState.FINISHED);
    assertThat(done.status()).isEqualTo(RunStatus.OK);
    assertThat(done.completedTasks()).isEqualTo(2);
    assertThat(exported).extracting(RunRecord::runId).containsExactly(first.runId());
  }

  @Test
  void shouldWaitForAnOfflineAgentAndExpireAfterTheDeadline() {
    fleet.connected(agent("a2"), new RecordingLink());
    fleet.disconnected("a2", fleet.link("a2").orElseThrow());

    RunRecord run = dispatcher.dispatch(plan, List.of(agent("a2")), "tech", Duration.ofHours(1)).get(0);
    clock.now = clock.now.plus(Duration.ofMinutes(59));
    dispatcher.sweep();
    assertThat(dispatcher.activeRun(run.runId())).isPresent();

    clock.now = clock.now.plus(Duration.ofMinutes(2));
    dispatcher.sweep();

    RunRecord expired = store.run(run.runId()).orElseThrow();
    assertThat(expired.status()).isEqualTo(RunStatus.EXPIRED);
    assertThat(expired.error()).startsWith("not delivered before");
  }

  @Test
  void shouldDeliverToAnAgentThatConnectsLater() {
    RunRecord run = dispatcher.dispatch(plan, List.of(agent("a3")), "tech", Duration.ofDays(7)).get(0);

    RecordingLink link = connect("a3");

    assertThat(link.sent).containsExactly("assign " + run.runId());
  }

  @Test
  void shouldAcceptEventsInOrderOnceAndRefuseOtherAgentsEvents() {
    connect("a4");
    RunRecord run = dispatcher.dispatch(plan, List.of(agent("a4")), "tech", Duration.ofDays(7)).get(0);

    assertThat(dispatcher.acceptEvent("a4", run.runId(), 1).action()).isEqualTo(EventVerdict.Action.ACCEPT);
    assertThat(dispatcher.acceptEvent("a4", run.runId(), 1).action()).isEqualTo(EventVerdict.Action.DUPLICATE);
    assertThat(dispatcher.acceptEvent("a4", run.runId(), 3).action()).isEqualTo(EventVerdict.Action.REJECT);
    EventVerdict foreign = dispatcher.acceptEvent("intruder", run.runId(), 2);
    assertThat(foreign.action()).isEqualTo(EventVerdict.Action.REJECT);
    assertThat(foreign.reason()).contains("not assigned to agent intruder");
  }

  @Test
  void shouldCancelAQueuedRunWithoutTheAgentAndAskTheAgentForARunningOne() throws Exception {
    RecordingLink link = connect("a5");
    RunRecord running = dispatcher.dispatch(plan, List.of(agent("a5")), "tech", Duration.ofDays(7)).get(0);
    RunRecord queued = dispatcher.dispatch(plan, List.of(agent("a5")), "tech", Duration.ofDays(7)).get(0);

    RunRecord cancelledQueued = dispatcher.cancel(queued.runId(), "not needed");
    dispatcher.cancel(running.runId(), "wrong PC");

    assertThat(cancelledQueued.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(link.sent).containsExactly("assign " + running.runId(), "cancel " + running.runId() + " wrong PC");
    assertThatThrownBy(() -> dispatcher.cancel(queued.runId(), "again"))
        .isInstanceOf(DispatchException.class).hasMessageContaining("already finished (cancelled)");
    assertThatThrownBy(() -> dispatcher.cancel("nope", "x"))
        .isInstanceOf(DispatchException.class).hasMessageContaining("run nope not found");
  }

  @Test
  void shouldEndARunTheAgentForgotAcrossARestart() {
    RecordingLink link = connect("a6");
    RunRecord run = dispatcher.dispatch(plan, List.of(agent("a6")), "tech", Duration.ofDays(7)).get(0);
    dispatcher.assignAcked("a6", run.runId(), true, "");
    fleet.disconnected("a6", link);

    dispatcher.agentConnected("a6", new RecordingLink(), List.of());

    RunRecord lost = store.run(run.runId()).orElseThrow();
    assertThat(lost.status()).isEqualTo(RunStatus.ERROR);
    assertThat(lost.error()).contains("agent restarted");
  }

  @Test
  void shouldPickUpQueuedAndRunningWorkAfterAControllerRestart() {
    RecordingLink link = connect("a7");
    RunRecord running = dispatcher.dispatch(plan, List.of(agent("a7")), "tech", Duration.ofDays(7)).get(0);
    RunRecord queued = dispatcher.dispatch(plan, List.of(agent("a7")), "tech", Duration.ofDays(7)).get(0);
    dispatcher.assignAcked("a7", running.runId(), true, "");
    assertThat(dispatcher.acceptEvent("a7", running.runId(), 1).action()).isEqualTo(EventVerdict.Action.ACCEPT);
    store.appendEvents(List.of(new RunStore.EventRow(running.runId(), 1, clock.now, new byte[] {1})));
    fleet.disconnected("a7", link);

    newDispatcher(); // a restarted controller over the same database
    RecordingLink again = new RecordingLink();
    fleet.connected(agent("a7"), again);
    Map<String, Long> acked = dispatcher.agentConnected("a7", again, List.of(running.runId()));

    assertThat(acked).containsEntry(running.runId(), 1L);
    assertThat(dispatcher.acceptEvent("a7", running.runId(), 1).action()).isEqualTo(EventVerdict.Action.DUPLICATE);
    assertThat(dispatcher.acceptEvent("a7", running.runId(), 2).action()).isEqualTo(EventVerdict.Action.ACCEPT);
    assertThat(dispatcher.queued("a7")).isEqualTo(1);
    assertThat(dispatcher.activeRun(queued.runId())).isPresent();
  }

  @Test
  void shouldEndARunWhoseAgentStaysAwayTooLong() {
    RecordingLink link = connect("a8");
    RunRecord run = dispatcher.dispatch(plan, List.of(agent("a8")), "tech", Duration.ofDays(7)).get(0);
    dispatcher.assignAcked("a8", run.runId(), true, "");
    fleet.disconnected("a8", link);

    clock.now = clock.now.plus(Duration.ofMinutes(11));
    dispatcher.sweep();

    RunRecord lost = store.run(run.runId()).orElseThrow();
    assertThat(lost.status()).isEqualTo(RunStatus.ERROR);
    assertThat(lost.error()).contains("offline since");
  }
}
