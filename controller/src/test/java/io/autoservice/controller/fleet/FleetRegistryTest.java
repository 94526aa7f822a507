package io.autoservice.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.AgentState;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.store.InMemoryStore;
import io.autoservice.controller.store.ManualWrites;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Liveness: silence drops an agent, unless the controller itself is what keeps it silent. */
class FleetRegistryTest {
  private Instant now = Instant.parse("2026-12-01T10:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  private static final class Link implements AgentLink {
    final List<String> closed = new ArrayList<>();
    boolean heldBack;

    @Override
    public void assign(RunRecord run) {}

    @Override
    public void cancel(String runId, String reason) {}

    @Override
    public void close(String why) {
      closed.add(why);
    }

    @Override
    public void revoke(String why) {
      close(why);
    }

    @Override
    public boolean heldBack() {
      return heldBack;
    }
  }

  private static AgentRecord agent(String id) {
    return new AgentRecord(
        id,
        "pc-" + id,
        "Windows",
        "11",
        "1",
        "u",
        Map.of(),
        List.of(),
        Instant.EPOCH,
        Instant.EPOCH);
  }

  @Test
  void shouldDropASilentAgentButNotOneWhoseEventsWaitOnTheController() {
    InMemoryStore store = new InMemoryStore();
    FleetRegistry fleet =
        new FleetRegistry(
            store, new ManualWrites(store), new WatchHub(), clock, Duration.ofSeconds(90));
    Link silent = new Link();
    Link waiting = new Link();
    fleet.connected(agent("silent"), silent);
    fleet.connected(agent("waiting"), waiting);
    waiting.heldBack =
        true; // all its credit is spent on events the controller has not committed yet

    now = now.plusSeconds(91);
    fleet.sweep();

    assertThat(silent.closed).singleElement().asString().startsWith("no heartbeat since");
    assertThat(waiting.closed).isEmpty();
    assertThat(
            fleet.list(Map.of(), Set.of()).stream()
                .map(v -> v.record().agentId() + "=" + v.state()))
        .containsExactlyInAnyOrder("silent=" + AgentState.OFFLINE, "waiting=" + AgentState.ONLINE);

    // Credit given back, and then truly silent: its silence counts from the last time it was held
    // back.
    waiting.heldBack = false;
    now = now.plusSeconds(60);
    fleet.sweep();
    assertThat(waiting.closed).isEmpty();
    now = now.plusSeconds(31);
    fleet.sweep();
    assertThat(waiting.closed).hasSize(1);
  }
}
