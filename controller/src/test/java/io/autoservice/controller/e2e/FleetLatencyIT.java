package io.autoservice.controller.e2e;

import static io.autoservice.controller.e2e.FleetProcesses.PLANS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.controller.e2e.LiveConsole.TimedLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Latencies of the real processes on loopback, printed (not asserted) as {@code measured: …} lines.
 * Each round is one {@code dispatch --all --follow --json} of a half-second hello to two idle
 * agents, so every run starts at once and its later events reach the console live.
 *
 * <ul>
 *   <li>dispatch -> TASK_START: from the console reading the {@code dispatched} answer (and, second
 *       line, from the run's {@code dispatched_at} on the controller) to the agent's {@code
 *       task_started} time.
 *   <li>event -> console: from an event's time on the agent to the test reading it from {@code
 *       follow --json}'s stdout, for events made after the watch printed its first line (earlier
 *       ones may be replays from the store).
 * </ul>
 *
 * All clocks are this machine's.
 *
 * <p>{@code -Dlatency.rounds=N} (default 3, enough to see the path work in {@code verify}) sets the
 * number of rounds; use 10 or more when the percentiles are what you are after.
 */
class FleetLatencyIT {
  private static final int ROUNDS = Integer.getInteger("latency.rounds", 3);

  private FleetProcesses fleet;

  @BeforeEach
  void startFleet() throws Exception {
    fleet = FleetProcesses.start("FleetLatencyIT");
    fleet.startAgents(Map.of("one", Map.of("site", "front"), "two", Map.of("site", "back")));
  }

  @AfterEach
  void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void shouldMeasureDispatchToStartAndEventToConsole() throws Exception {
    List<Long> fromAnswer = new ArrayList<>();
    List<Long> fromController = new ArrayList<>();
    List<Long> toConsole = new ArrayList<>();
    int runs = 0;
    for (int round = 0; round < ROUNDS; round++) {
      LiveConsole c =
          fleet.startConsole(
              "dispatch",
              PLANS.resolve("fleet-e2e-hello-half-second.json").toString(),
              "--all",
              "--follow",
              "--json");
      assertThat(c.await(Duration.ofSeconds(60)))
          .as("dispatch --follow exit; stderr:%n%s", c.stderr())
          .isZero();
      Map<String, Instant> answered = new HashMap<>();
      Map<String, Instant> dispatchedAt = new HashMap<>();
      Instant watchOpen = null;
      for (TimedLine l : c.lines()) {
        JsonNode e = FleetProcesses.JSON.readTree(l.line());
        String type = e.path("type").asText();
        if (type.equals("dispatched")) {
          String id = e.path("run").path("run_id").asText();
          answered.put(id, l.at());
          dispatchedAt.put(id, Instant.parse(e.path("run").path("dispatched_at").asText()));
          continue;
        }
        if (watchOpen == null) {
          watchOpen = l.at();
        }
        if (!e.has("time")) {
          continue;
        }
        Instant time = Instant.parse(e.path("time").asText());
        String id = e.path("run_id").asText();
        if (type.equals("task_started")) {
          fromAnswer.add(Duration.between(answered.get(id), time).toMillis());
          fromController.add(Duration.between(dispatchedAt.get(id), time).toMillis());
        }
        if (time.isAfter(watchOpen)) {
          toConsole.add(Duration.between(time, l.at()).toMillis());
        }
      }
      assertThat(answered).as("runs per round (one per agent)").hasSize(2);
      runs += answered.size();
    }
    assertThat(fromAnswer).hasSize(runs);
    print(
        "dispatch->TASK_START",
        fromAnswer,
        runs + " runs (from the console reading the dispatch answer)");
    print(
        "dispatch->TASK_START",
        fromController,
        runs + " runs (from the controller's dispatched_at)");
    print("agent event->console follow --json", toConsole, toConsole.size() + " live events");
  }

  private static void print(String what, List<Long> millis, String over) {
    List<Long> v = new ArrayList<>(millis);
    v.sort(null);
    if (v.isEmpty()) {
      System.out.println("measured: " + what + " no samples");
      return;
    }
    System.out.println(
        String.format(
            Locale.ROOT,
            "measured: %s p50=%d ms p95=%d ms max=%d ms min=%d ms over %s",
            what,
            pct(v, 50),
            pct(v, 95),
            v.get(v.size() - 1),
            v.get(0),
            over));
  }

  /** Nearest-rank percentile of sorted values. */
  private static long pct(List<Long> sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
