package io.autoservice.controller.runs;

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
import io.autoservice.controller.fleet.AgentLink;
import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.EventRow;
import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.store.InMemoryStore;
import io.autoservice.controller.store.ManualWrites;
import io.autoservice.testsupport.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The run domain over an in-memory store whose commits the test makes by hand: acks and
 * announcements follow commits, state changes commit with their events, and a crash loses exactly
 * what was not committed.
 */
class RunDomainTest {
  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

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

  private final FakeClock clock = new FakeClock(T0);
  private final List<RunRecord> exported = new ArrayList<>();
  private final List<String> acks = new ArrayList<>();
  private final InMemoryStore store = new InMemoryStore();
  private ManualWrites writes;
  private FleetRegistry fleet;
  private Dispatcher dispatcher;
  private EventIngest ingest;
  private Plan plan;

  @BeforeEach
  void setUp() throws Exception {
    newController();
    plan = PlanParser.parse("[{\"type\":\"hello_service\"},{\"type\":\"disk_space_report\"}]");
  }

  /** A (re)started controller over the same store. */
  private void newController() {
    writes = new ManualWrites(store);
    WatchHub hub = new WatchHub();
    fleet = new FleetRegistry(store, writes, hub, clock, Duration.ofSeconds(90));
    RunDomain domain =
        new RunDomain(
            store, store, writes, fleet, hub, clock, Duration.ofMinutes(10), exported::add);
    dispatcher = domain.dispatcher();
    ingest = domain.ingest();
    writes.commit();
  }

  private static AgentRecord agent(String id) {
    return new AgentRecord(
        id,
        "host-" + id,
        "Linux",
        "6",
        "1",
        "u",
        Map.of("site", "a"),
        List.of("hello_service", "disk_space_report"),
        Instant.EPOCH,
        Instant.EPOCH);
  }

  private RecordingLink connect(String id) {
    RecordingLink link = new RecordingLink();
    fleet.connected(agent(id), link);
    dispatcher.agentConnected(id, link, List.of());
    writes.commit();
    return link;
  }

  private RunRecord dispatch(String agentId, Duration deadline) {
    CompletableFuture<List<RunRecord>> f =
        dispatcher.dispatch(plan, List.of(agent(agentId)), "tech", deadline);
    assertThat(f).as("answered only once stored").isNotDone();
    writes.commit();
    return f.join().get(0);
  }

  private EventVerdict offer(String agentId, String runId, long seq, EventPayload p) {
    RunEvent e = new RunEvent(runId, seq, clock.instant(), p);
    store.remember(e);
    return ingest.offer(
        agentId,
        e,
        new EventRow(runId, seq, clock.instant(), new byte[] {1}),
        ack -> acks.add(runId + "@" + ack));
  }

  private static EventPayload started() {
    return new EventPayload.RunStarted(List.of("hello_service", "disk_space_report"));
  }

  private List<EventPayload> wholeRun(String runId) {
    TaskResult hello = TaskResult.ofReason("hello_service", null, TaskStatus.SUCCESS, "ok", 1);
    TaskResult disk = TaskResult.ofReason("disk_space_report", null, TaskStatus.WARNING, "full", 1);
    return List.of(
        started(),
        new EventPayload.TaskFinished(0, hello),
        new EventPayload.TaskFinished(1, disk),
        new EventPayload.RunFinished(
            new RunReport(
                runId,
                RunStatus.OK,
                List.of(hello, disk),
                2,
                clock.instant(),
                Json.object(),
                null)));
  }

  private void finishRun(String agentId, String runId) {
    long seq = 1;
    for (EventPayload p : wholeRun(runId)) {
      assertThat(offer(agentId, runId, seq++, p).action()).isEqualTo(EventVerdict.Action.ACCEPT);
    }
    writes.commit();
  }

  @Test
  void shouldAckAnEventOnlyOnceItAndTheStateChangeItCausesAreCommittedTogether() {
    connect("a0");
    RunRecord run = dispatch("a0", Duration.ofDays(7));
    List<EventPayload> payloads = wholeRun(run.runId());

    offer("a0", run.runId(), 1, payloads.get(0));
    offer("a0", run.runId(), 2, payloads.get(1));
    assertThat(acks).as("nothing acked before the commit").isEmpty();
    assertThat(store.maxSeq(run.runId())).isZero();

    writes.commitOnce();

    assertThat(acks).containsExactly(run.runId() + "@1", run.runId() + "@2");
    RunRecord stored = store.run(run.runId()).orElseThrow();
    assertThat(stored.state())
        .as("the first event proves the agent took it")
        .isEqualTo(RunState.RUNNING);
    assertThat(stored.completedTasks()).isEqualTo(1);
    assertThat(store.maxSeq(run.runId())).isEqualTo(2);

    offer("a0", run.runId(), 3, payloads.get(2));
    offer("a0", run.runId(), 4, payloads.get(3));
    writes.crash(); // killed before the commit: neither was acked, so the agent still has both
    assertThat(acks).hasSize(2);
    newController();
    assertThat(store.run(run.runId()).orElseThrow().state()).isEqualTo(RunState.RUNNING);
    RecordingLink again = new RecordingLink();
    fleet.connected(agent("a0"), again);
    assertThat(dispatcher.agentConnected("a0", again, List.of(run.runId())))
        .containsEntry(run.runId(), 2L);
    offer("a0", run.runId(), 3, payloads.get(2));
    offer("a0", run.runId(), 4, payloads.get(3));
    writes.commit();
    RunRecord done = store.run(run.runId()).orElseThrow();
    assertThat(done.state()).isEqualTo(RunState.FINISHED);
    assertThat(done.completedTasks()).isEqualTo(2);
    assertThat(acks).endsWith(run.runId() + "@3", run.runId() + "@4");
    assertThat(exported).extracting(RunRecord::runId).containsExactly(run.runId());
  }

  /** The agent's stream dropped and it said Hello again, the run still open on neither side. */
  private RecordingLink reconnect(String id) {
    RecordingLink link = new RecordingLink();
    fleet.connected(agent(id), link);
    dispatcher.agentConnected(id, link, List.of());
    writes.commit();
    return link;
  }

  @Test
  void shouldEndARunWhoseAssignmentIsNeverAcknowledgedAfterThreeResends() {
    // given an agent that reconnects after every AssignRun and never answers it
    RecordingLink first = connect("a0");
    RunRecord run = dispatch("a0", Duration.ofDays(7));
    assertThat(first.sent).containsExactly("assign " + run.runId());
    for (int i = 0; i < 3; i++) {
      clock.advance(Dispatcher.ASSIGN_RESEND_FLOOR);
      assertThat(reconnect("a0").sent)
          .as("resend " + (i + 1))
          .containsExactly("assign " + run.runId());
    }

    // when it says Hello once more
    clock.advance(Dispatcher.ASSIGN_RESEND_FLOOR);
    RecordingLink last = reconnect("a0");

    // then the run is not sent again but ended error, saying why
    assertThat(last.sent).isEmpty();
    RunRecord done = store.run(run.runId()).orElseThrow();
    assertThat(done.state()).isEqualTo(RunState.FINISHED);
    assertThat(done.status()).isEqualTo(RunStatus.ERROR);
    assertThat(done.error()).startsWith("the agent could not accept the assignment");
  }

  @Test
  void shouldResendAnAssignmentNoSoonerThanTheFloorAfterTheLastSend() {
    // given an assignment sent a moment ago
    connect("a0");
    RunRecord run = dispatch("a0", Duration.ofDays(7));

    // when the agent reconnects at once
    clock.advance(Duration.ofMillis(200));
    RecordingLink quick = reconnect("a0");

    // then it waits for the floor, and the sweep sends it then
    assertThat(quick.sent).isEmpty();
    dispatcher.sweep();
    assertThat(quick.sent).isEmpty();
    clock.advance(Dispatcher.ASSIGN_RESEND_FLOOR);
    dispatcher.sweep();
    assertThat(quick.sent).containsExactly("assign " + run.runId());
  }

  @Test
  void shouldDispatchToAThousandAgentsInTwoCommits() {
    List<RecordingLink> links = new ArrayList<>();
    List<AgentRecord> agents = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      RecordingLink link = new RecordingLink();
      fleet.connected(agent("b" + i), link);
      dispatcher.agentConnected("b" + i, link, List.of());
      links.add(link);
      agents.add(agent("b" + i));
    }
    writes.commit();

    CompletableFuture<List<RunRecord>> f =
        dispatcher.dispatch(plan, agents, "tech", Duration.ofDays(1));
    int commits = writes.commit();

    assertThat(f.join()).hasSize(1000);
    assertThat(commits).as("the runs, then every assignment").isEqualTo(2);
    assertThat(links)
        .allSatisfy(l -> assertThat(l.sent).hasSize(1).allMatch(s -> s.startsWith("assign ")));
    assertThat(store.unfinished()).hasSize(1000).allMatch(r -> r.state() == RunState.ASSIGNED);
  }

  /**
   * A controller from before the batched writer could be killed between committing a run's
   * RunFinished (and acking it: the agent forgets the run) and committing the run's finished state:
   * a start finishes it from the stored report, instead of waiting forever.
   */
  @Test
  void shouldFinishARunWhoseReportWasStoredWhenTheControllerStopped() {
    connect("a9");
    RunRecord run = dispatch("a9", Duration.ofDays(7));
    dispatcher.assignAcked("a9", run.runId(), true, "");
    writes.commit();
    long seq = 1;
    for (EventPayload p : wholeRun(run.runId())) {
      RunEvent e = new RunEvent(run.runId(), seq, clock.instant(), p);
      store.remember(e);
      store.append(List.of(new EventRow(run.runId(), seq++, clock.instant(), new byte[] {1})));
    }
    assertThat(store.run(run.runId()).orElseThrow().state()).isEqualTo(RunState.RUNNING);

    newController();

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

    RunRecord first = dispatch("a1", Duration.ofDays(7));
    RunRecord second = dispatch("a1", Duration.ofDays(7));

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

    RunRecord run = dispatch("a2", Duration.ofHours(1));
    clock.advance(Duration.ofMinutes(59));
    dispatcher.sweep();
    writes.commit();
    assertThat(dispatcher.activeRun(run.runId())).isPresent();

    clock.advance(Duration.ofMinutes(2));
    dispatcher.sweep();
    writes.commit();

    RunRecord expired = store.run(run.runId()).orElseThrow();
    assertThat(expired.status()).isEqualTo(RunStatus.EXPIRED);
    assertThat(expired.error()).startsWith("not delivered before");
  }

  @Test
  void shouldDeliverToAnAgentThatConnectsLater() {
    RunRecord run = dispatch("a3", Duration.ofDays(7));

    RecordingLink link = connect("a3");

    assertThat(link.sent).containsExactly("assign " + run.runId());
    assertThat(store.run(run.runId()).orElseThrow().state())
        .as("stored before sent")
        .isEqualTo(RunState.ASSIGNED);
  }

  @Test
  void shouldAcceptEventsInOrderOnceAndRefuseOtherAgentsEvents() {
    connect("a4");
    RunRecord run = dispatch("a4", Duration.ofDays(7));

    assertThat(offer("a4", run.runId(), 1, started()).action())
        .isEqualTo(EventVerdict.Action.ACCEPT);
    assertThat(offer("a4", run.runId(), 1, started()).action())
        .isEqualTo(EventVerdict.Action.DUPLICATE);
    assertThat(offer("a4", run.runId(), 3, started()).action())
        .isEqualTo(EventVerdict.Action.REJECT);
    EventVerdict foreign = offer("intruder", run.runId(), 2, started());
    assertThat(foreign.action()).isEqualTo(EventVerdict.Action.REJECT);
    assertThat(foreign.reason()).contains("not assigned to agent intruder");
  }

  @Test
  void shouldCancelAQueuedRunWithoutTheAgentAndAskTheAgentForARunningOne() throws Exception {
    RecordingLink link = connect("a5");
    RunRecord running = dispatch("a5", Duration.ofDays(7));
    RunRecord queued = dispatch("a5", Duration.ofDays(7));

    CompletableFuture<RunRecord> cancelledQueued = dispatcher.cancel(queued.runId(), "not needed");
    CompletableFuture<RunRecord> cancelledRunning = dispatcher.cancel(running.runId(), "wrong PC");
    assertThat(link.sent).as("sent only once stored").containsExactly("assign " + running.runId());
    writes.commit();

    assertThat(cancelledQueued.join().status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(cancelledRunning.join().cancelReason()).isEqualTo("wrong PC");
    assertThat(link.sent)
        .containsExactly("assign " + running.runId(), "cancel " + running.runId() + " wrong PC");
    assertThatThrownBy(() -> dispatcher.cancel(queued.runId(), "again"))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("already finished (cancelled)");
    assertThatThrownBy(() -> dispatcher.cancel("nope", "x"))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("run nope not found");
  }

  @Test
  void shouldEndARunTheAgentForgotAcrossARestart() {
    RecordingLink link = connect("a6");
    RunRecord run = dispatch("a6", Duration.ofDays(7));
    dispatcher.assignAcked("a6", run.runId(), true, "");
    writes.commit();
    fleet.disconnected("a6", link);

    dispatcher.agentConnected("a6", new RecordingLink(), List.of());
    writes.commit();

    RunRecord lost = store.run(run.runId()).orElseThrow();
    assertThat(lost.status()).isEqualTo(RunStatus.ERROR);
    assertThat(lost.error()).contains("agent restarted");
  }

  @Test
  void shouldPickUpQueuedAndRunningWorkAfterAControllerRestart() {
    RecordingLink link = connect("a7");
    RunRecord running = dispatch("a7", Duration.ofDays(7));
    RunRecord queued = dispatch("a7", Duration.ofDays(7));
    dispatcher.assignAcked("a7", running.runId(), true, "");
    assertThat(offer("a7", running.runId(), 1, started()).action())
        .isEqualTo(EventVerdict.Action.ACCEPT);
    writes.commit();
    fleet.disconnected("a7", link);

    newController();
    RecordingLink again = new RecordingLink();
    fleet.connected(agent("a7"), again);
    Map<String, Long> acked = dispatcher.agentConnected("a7", again, List.of(running.runId()));

    assertThat(acked).containsEntry(running.runId(), 1L);
    assertThat(offer("a7", running.runId(), 1, started()).action())
        .isEqualTo(EventVerdict.Action.DUPLICATE);
    assertThat(offer("a7", running.runId(), 2, started()).action())
        .isEqualTo(EventVerdict.Action.ACCEPT);
    assertThat(dispatcher.queued("a7")).isEqualTo(1);
    assertThat(dispatcher.activeRun(queued.runId())).isPresent();
  }

  @Test
  void shouldEndARunWhoseAgentStaysAwayTooLong() {
    RecordingLink link = connect("a8");
    RunRecord run = dispatch("a8", Duration.ofDays(7));
    dispatcher.assignAcked("a8", run.runId(), true, "");
    writes.commit();
    fleet.disconnected("a8", link);

    clock.advance(Duration.ofMinutes(11));
    dispatcher.sweep();
    writes.commit();

    RunRecord lost = store.run(run.runId()).orElseThrow();
    assertThat(lost.status()).isEqualTo(RunStatus.ERROR);
    assertThat(lost.error()).contains("offline since");
  }

  @Test
  void shouldAckAgainFromMemoryWhatAFinishedRunResends() {
    connect("c1");
    RunRecord run = dispatch("c1", Duration.ofDays(7));
    finishRun("c1", run.runId());

    EventVerdict again = offer("c1", run.runId(), 4, started());

    assertThat(again.action()).isEqualTo(EventVerdict.Action.DUPLICATE);
    assertThat(again.ackSequence()).isEqualTo(4);
    assertThat(offer("c2", run.runId(), 5, started()).action())
        .isEqualTo(EventVerdict.Action.REJECT);
  }
}
