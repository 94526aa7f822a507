package io.autoservice.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.plan.PlanParser;
import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.AgentState;
import io.autoservice.controller.model.AgentView;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.proto.v1.FleetSnapshot;
import io.autoservice.proto.v1.RunStatus;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * WatchFleetSnapshot as a console reads it: the whole fleet first, in one message, by host name as
 * people read them; then only what changed, the latest state of each agent and run, many a message;
 * nothing before the snapshot and nothing outside the label selector.
 */
class FleetSnapshotStreamTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  /** A console's stream whose readiness the test decides. */
  private static final class Console extends ServerCallStreamObserver<FleetSnapshot> {
    final List<FleetSnapshot> received = new ArrayList<>();
    boolean ready = true;
    Runnable onReady = () -> {};

    @Override
    public boolean isReady() {
      return ready;
    }

    @Override
    public void setOnReadyHandler(Runnable r) {
      onReady = r;
    }

    @Override
    public void setOnCancelHandler(Runnable r) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void setCompression(String compression) {}

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}

    @Override
    public void onNext(FleetSnapshot value) {
      received.add(value);
    }

    @Override
    public void onError(Throwable t) {
      throw new AssertionError("the watch failed", t);
    }

    @Override
    public void onCompleted() {}
  }

  /** An agent as a console would read it back from a message: column values by name. */
  private record Row(
      String id,
      String host,
      String state,
      String os,
      String osVersion,
      String version,
      Map<String, String> labels,
      long lastSeenMs,
      String currentRun,
      int queued) {}

  private static List<Row> rows(FleetSnapshot s) {
    var a = s.getAgents();
    Function<Integer, String> str = s::getStrings;
    List<Row> out = new ArrayList<>();
    int pair = 0;
    for (int i = 0; i < a.getAgentIdCount(); i++) {
      Map<String, String> labels = new LinkedHashMap<>();
      for (int k = 0; k < a.getLabelCount(i); k++, pair += 2) {
        labels.put(str.apply(a.getLabelPairs(pair)), str.apply(a.getLabelPairs(pair + 1)));
      }
      out.add(
          new Row(
              a.getAgentId(i),
              a.getHostname(i),
              str.apply(a.getState(i)),
              str.apply(a.getOsName(i)),
              str.apply(a.getOsVersion(i)),
              str.apply(a.getAgentVersion(i)),
              labels,
              a.getLastSeenMs(i),
              a.getCurrentRunId(i),
              a.getQueuedRuns(i)));
    }
    return out;
  }

  private static AgentView agent(String id, String host, Map<String, String> labels) {
    return agent(id, host, labels, AgentState.OFFLINE, null);
  }

  private static AgentView agent(
      String id, String host, Map<String, String> labels, AgentState state, String run) {
    AgentRecord r =
        new AgentRecord(
            id,
            host,
            "Windows 11 Pro",
            "10.0.22631",
            "1.0.1",
            "tech",
            labels,
            List.of("smartctl_report"),
            T0,
            T0);
    return new AgentView(r, state, T0.plusSeconds(60), run, run == null ? 0 : 2);
  }

  private static RunRecord run(String runId, String agentId, RunState state, int done)
      throws Exception {
    return new RunRecord(
        runId,
        agentId,
        "PC-" + agentId,
        1,
        state,
        state == RunState.FINISHED ? io.autoservice.common.result.RunStatus.OK : null,
        PlanParser.parse("[{\"type\":\"hello_service\"},{\"type\":\"hello_service\"}]"),
        done,
        "anna",
        T0,
        T0.plusSeconds(3600),
        state == RunState.FINISHED ? T0.plusSeconds(90) : null,
        0,
        null,
        null,
        null);
  }

  private final WatchHub hub = new WatchHub();
  private final Console console = new Console();
  private final List<Runnable> tasks = new ArrayList<>();

  /** The stream's executor: tasks wait until the test runs them, as on a busy pool. */
  private void runTasks() {
    while (!tasks.isEmpty()) {
      tasks.remove(0).run();
    }
  }

  private void start(Map<String, String> selector, List<AgentView> fleet, List<RunRecord> active) {
    Map<String, AgentView> byId = new HashMap<>();
    fleet.forEach(v -> byId.put(v.record().agentId(), v));
    new FleetSnapshotStream(
            console,
            tasks::add,
            selector,
            id -> byId.containsKey(id) && byId.get(id).record().matches(selector))
        .start(
            hub,
            () -> fleet.stream().filter(v -> v.record().matches(selector)).toList(),
            agents -> active);
  }

  @Test
  void shouldSendTheWholeFleetFirstInOneMessageByHostNameAsPeopleReadThem() throws Exception {
    List<AgentView> fleet =
        List.of(
            agent("a10", "PC-10", Map.of("site", "shop-1", "role", "bench")),
            agent("a9", "pc-9", Map.of("site", "shop-1"), AgentState.BUSY, "run-9"),
            agent("b", "DESKTOP-7Q2", Map.of()),
            agent("a2", "PC-2", Map.of("site", "shop-2")));
    start(Map.of(), fleet, List.of(run("run-9", "a9", RunState.RUNNING, 1)));
    runTasks();

    assertThat(console.received).hasSize(1);
    FleetSnapshot first = console.received.get(0);
    assertThat(first.getComplete()).isTrue();
    assertThat(rows(first))
        .containsExactly(
            new Row(
                "b",
                "DESKTOP-7Q2",
                "AGENT_STATE_OFFLINE",
                "Windows 11 Pro",
                "10.0.22631",
                "1.0.1",
                Map.of(),
                T0.plusSeconds(60).toEpochMilli(),
                "",
                0),
            new Row(
                "a2",
                "PC-2",
                "AGENT_STATE_OFFLINE",
                "Windows 11 Pro",
                "10.0.22631",
                "1.0.1",
                Map.of("site", "shop-2"),
                T0.plusSeconds(60).toEpochMilli(),
                "",
                0),
            new Row(
                "a9",
                "pc-9",
                "AGENT_STATE_BUSY",
                "Windows 11 Pro",
                "10.0.22631",
                "1.0.1",
                Map.of("site", "shop-1"),
                T0.plusSeconds(60).toEpochMilli(),
                "run-9",
                2),
            new Row(
                "a10",
                "PC-10",
                "AGENT_STATE_OFFLINE",
                "Windows 11 Pro",
                "10.0.22631",
                "1.0.1",
                Map.of("role", "bench", "site", "shop-1"),
                T0.plusSeconds(60).toEpochMilli(),
                "",
                0));
    assertThat(first.getStringsList())
        .as("each shared value once")
        .containsOnlyOnce("Windows 11 Pro", "site", "shop-1");
    assertThat(first.getRuns().getRunIdList()).containsExactly("run-9");
    assertThat(first.getRuns().getCompletedTasks(0)).isEqualTo(1);
    assertThat(first.getRuns().getTotalTasks(0)).isEqualTo(2);
    assertThat(first.getRuns().getFinishedAtMs(0)).isZero();
  }

  @Test
  void shouldSendChangesThatCameBeforeTheSnapshotWentOutAfterIt() throws Exception {
    AgentView a = agent("a", "PC-1", Map.of());
    start(Map.of(), List.of(a), List.of());
    // Published after the watch registered, before its first task ran.
    hub.publishAgent(agent("a", "PC-1", Map.of(), AgentState.BUSY, "run-1"));
    hub.publishRun(run("run-1", "a", RunState.FINISHED, 2));
    runTasks();

    assertThat(console.received).extracting(FleetSnapshot::getComplete).startsWith(true);
    List<FleetSnapshot> changes = console.received.subList(1, console.received.size());
    assertThat(changes).isNotEmpty().extracting(FleetSnapshot::getComplete).containsOnly(false);
    assertThat(rows(console.received.get(0))).extracting(Row::currentRun).containsExactly("");
    assertThat(changes.stream().flatMap(c -> rows(c).stream()))
        .extracting(Row::currentRun)
        .containsExactly("run-1");
    FleetSnapshot finished =
        changes.stream().filter(c -> c.getRuns().getRunIdCount() > 0).findFirst().orElseThrow();
    assertThat(finished.getRuns().getStatusList()).containsExactly(RunStatus.RUN_STATUS_OK);
    assertThat(finished.getRuns().getFinishedAtMs(0)).isEqualTo(T0.plusSeconds(90).toEpochMilli());
  }

  @Test
  void shouldCoalesceWhatChangesWhileTheConsoleIsNotReadingIntoFewMessages() {
    int n = 5_000;
    List<AgentView> fleet =
        IntStream.range(0, n).mapToObj(i -> agent("a" + i, "PC-" + i, Map.of())).toList();
    start(Map.of(), fleet, List.of());
    runTasks();
    console.ready = false;
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < n; i++) {
        hub.publishAgent(
            agent("a" + i, "PC-" + i, Map.of(), AgentState.ONLINE, round == 2 ? "last" : null));
      }
    }
    runTasks();
    assertThat(console.received).as("nothing sent while not ready").hasSize(1);

    console.ready = true;
    console.onReady.run();
    runTasks();

    List<FleetSnapshot> changes = console.received.subList(1, console.received.size());
    assertThat(changes).hasSize(n / FleetSnapshotStream.MAX_ROWS + 1);
    List<Row> changed = changes.stream().flatMap(s -> rows(s).stream()).toList();
    assertThat(changed).hasSize(n).extracting(Row::currentRun).containsOnly("last");
  }

  @Test
  void shouldLeaveOutAgentsAndRunsOutsideTheLabelSelector() throws Exception {
    List<AgentView> fleet =
        List.of(
            agent("front", "PC-1", Map.of("site", "front")),
            agent("back", "PC-2", Map.of("site", "back")));
    start(Map.of("site", "front"), fleet, List.of());
    hub.publishAgent(agent("back", "PC-2", Map.of("site", "back"), AgentState.BUSY, "r-back"));
    hub.publishRun(run("r-back", "back", RunState.RUNNING, 0));
    hub.publishRun(run("r-front", "front", RunState.RUNNING, 0));
    runTasks();

    List<String> agents =
        console.received.stream().flatMap(s -> rows(s).stream()).map(Row::id).toList();
    List<String> runs =
        console.received.stream().flatMap(s -> s.getRuns().getRunIdList().stream()).toList();
    assertThat(agents).containsExactly("front");
    assertThat(runs).containsExactly("r-front");
  }
}
