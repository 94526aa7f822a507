package io.autoservice.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetSnapshotTest {
  private static FleetSnapshot of(long base, Map<String, Long> failed, List<String> stops) {
    return new FleetSnapshot(
        base, base + 1, base + 2, base + 3, base + 4, base + 5, base + 6, base + 7, base + 8,
        base + 9, failed, stops);
  }

  @Test
  void theSumOfTwoProcessesIsWhatOneFleetOfBothWouldCount() {
    FleetSnapshot a = of(100, Map.of("UNAVAILABLE x", 2L), List.of("sim-1: stop"));
    FleetSnapshot b =
        of(1_000, Map.of("UNAVAILABLE x", 3L, "RESOURCE_EXHAUSTED y", 1L), List.of("sim-9: stop"));

    FleetSnapshot sum = a.plus(b);

    assertThat(sum.welcomedThisEpoch()).isEqualTo(1_100);
    assertThat(sum.online()).isEqualTo(1_102);
    assertThat(sum.assignsAcked()).isEqualTo(1_104);
    assertThat(sum.eventsSent()).isEqualTo(1_106);
    assertThat(sum.eventsResent()).isEqualTo(1_108);
    assertThat(sum.eventsAcked()).isEqualTo(1_110);
    assertThat(sum.runsDelivered()).isEqualTo(1_112);
    assertThat(sum.disconnects()).isEqualTo(1_114);
    assertThat(sum.pushbacks()).isEqualTo(1_116);
    assertThat(sum.stopped()).isEqualTo(1_118);
    assertThat(sum.failedBeforeWelcome())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("UNAVAILABLE x", 5L, "RESOURCE_EXHAUSTED y", 1L));
    assertThat(sum.failedBeforeWelcomeTotal()).isEqualTo(6);
    assertThat(sum.stopReasons()).containsExactly("sim-1: stop", "sim-9: stop");
  }

  @Test
  void atMostFiveStopReasonsAreKept() {
    FleetSnapshot a = of(0, Map.of(), List.of("a", "b", "c", "d"));
    FleetSnapshot b = of(0, Map.of(), List.of("e", "f", "g"));
    assertThat(a.plus(b).stopReasons()).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void aLiveFleetsSnapshotReadsItsCounters() {
    FleetCounters c = new FleetCounters();
    c.welcomedThisEpoch.set(3);
    c.online.set(2);
    c.eventsAcked.add(69);
    c.runsDelivered.add(3);
    c.failedBeforeWelcome
        .computeIfAbsent("UNAVAILABLE io", k -> new java.util.concurrent.atomic.LongAdder())
        .add(4);
    FleetSnapshot s = FleetSnapshot.of(c, List.of());
    assertThat(s.welcomedThisEpoch()).isEqualTo(3);
    assertThat(s.online()).isEqualTo(2);
    assertThat(s.eventsAcked()).isEqualTo(69);
    assertThat(s.runsDelivered()).isEqualTo(3);
    assertThat(s.failedBeforeWelcome()).containsEntry("UNAVAILABLE io", 4L);
  }
}
