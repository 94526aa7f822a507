package io.autoservice.controller.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.metrics.ControllerMeters;
import io.autoservice.controller.metrics.FleetMeters;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.EventRow;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.store.InMemoryStore;
import io.autoservice.controller.store.ManualWrites;
import io.autoservice.testsupport.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The run domain's figures follow runs as they move, counted as they change (never a scan). */
class RunMetersTest {
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-26T10:00:00Z"));
  private final InMemoryStore store = new InMemoryStore();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private ManualWrites writes;
  private FleetRegistry fleet;
  private Dispatcher dispatcher;
  private EventIngest ingest;
  private Plan plan;

  @BeforeEach
  void setUp() throws Exception {
    writes = new ManualWrites(store);
    WatchHub hub = new WatchHub();
    fleet = new FleetRegistry(store, writes, hub, clock, Duration.ofSeconds(90));
    ControllerMeters meters = new ControllerMeters(registry);
    FleetMeters.bind(meters, fleet);
    RunDomain domain =
        new RunDomain(
            store, store, writes, fleet, hub, clock, Duration.ofMinutes(10), r -> {}, meters);
    dispatcher = domain.dispatcher();
    ingest = domain.ingest();
    writes.commit();
    plan = PlanParser.parse("[{\"type\":\"hello_service\"}]");
  }

  private double gauge(String name, String tag, String value) {
    return tag == null
        ? registry.get(name).gauge().value()
        : registry.get(name).tag(tag, value).gauge().value();
  }

  private static AgentRecord agent(String id) {
    return new AgentRecord(
        id,
        "host-" + id,
        "Linux",
        "6",
        "1",
        "u",
        Map.of(),
        List.of("hello_service"),
        Instant.EPOCH,
        Instant.EPOCH);
  }

  private RunRecord dispatch(String agentId) {
    var f = dispatcher.dispatch(plan, List.of(agent(agentId)), "tech", Duration.ofDays(1));
    writes.commit();
    return f.join().get(0);
  }

  private void offer(String runId, long seq, EventPayload p) {
    RunEvent e = new RunEvent(runId, seq, clock.instant(), p);
    store.remember(e);
    ingest.offer("a0", e, new EventRow(runId, seq, clock.instant(), new byte[] {1}), ack -> {});
  }

  @Test
  void shouldCountRunsByStateAsTheyMoveAndEndedRunsByStatus() {
    fleet.connected(agent("a0"), new RunDomainTest.RecordingLink());
    writes.commit();
    fleet.disconnected("a0", fleet.link("a0").orElseThrow());
    RunRecord first = dispatch("a0");
    dispatch("a0");
    assertThat(gauge("autoservice.runs", "state", "queued")).isEqualTo(2);
    assertThat(gauge("autoservice.agents", "state", "offline")).isEqualTo(1);

    RunDomainTest.RecordingLink link = new RunDomainTest.RecordingLink();
    fleet.connected(agent("a0"), link);
    dispatcher.agentConnected("a0", link, List.of());
    writes.commit();
    assertThat(gauge("autoservice.runs", "state", "queued")).isEqualTo(1);
    assertThat(gauge("autoservice.runs", "state", "assigned")).isEqualTo(1);
    assertThat(gauge("autoservice.agents", "state", "busy")).isEqualTo(1);
    assertThat(gauge("autoservice.agents", "state", "online")).isZero();

    clock.advance(Duration.ofMillis(1500));
    dispatcher.assignAcked("a0", first.runId(), true, "");
    writes.commit();
    assertThat(gauge("autoservice.runs", "state", "running")).isEqualTo(1);
    assertThat(registry.get("autoservice.dispatch.ack").timer().count()).isEqualTo(1);
    assertThat(
            registry
                .get("autoservice.dispatch.ack")
                .timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isEqualTo(1500);

    TaskResult ok = TaskResult.ofReason("hello_service", null, TaskStatus.SUCCESS, "ok", 1);
    offer(first.runId(), 1, new EventPayload.RunStarted(List.of("hello_service")));
    offer(first.runId(), 2, new EventPayload.TaskFinished(0, ok));
    offer(
        first.runId(),
        3,
        new EventPayload.RunFinished(
            new RunReport(
                first.runId(),
                RunStatus.OK,
                List.of(ok),
                1,
                clock.instant(),
                Json.object(),
                null)));
    assertThat(gauge("autoservice.events.lag", null, null)).isEqualTo(3);
    writes.commit();

    assertThat(gauge("autoservice.events.lag", null, null)).isZero();
    assertThat(registry.get("autoservice.events.committed").counter().count()).isEqualTo(3);
    assertThat(registry.get("autoservice.runs.finished").tag("status", "ok").counter().count())
        .isEqualTo(1);
    assertThat(gauge("autoservice.runs", "state", "running")).isZero();
    assertThat(gauge("autoservice.runs", "state", "assigned"))
        .as("the next run went out")
        .isEqualTo(1);
    assertThat(gauge("autoservice.runs", "state", "queued")).isZero();
  }
}
