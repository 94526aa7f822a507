package io.autoservice.controller.e2e;

import static io.autoservice.controller.e2e.FleetProcesses.PLANS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.controller.e2e.FleetProcesses.Agent;
import io.autoservice.controller.e2e.FleetProcesses.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code console run --agent ID PLAN} is a drop-in for {@code agent run PLAN}: the same plan gives
 * the same marker lines on stderr, the same exit code and the same report on stdout, apart from
 * what differs between any two runs (ids, times, durations, the machine's metadata).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleRunParityIT {
  /** Keys whose values differ between any two runs of a plan. */
  private static final Set<String> VOLATILE =
      Set.of(
          "duration_seconds",
          "total_duration_seconds",
          "run_timestamp",
          "run_id",
          "metadata",
          "hostname",
          "time",
          "timestamp");

  private FleetProcesses fleet;
  private Agent agent;

  @BeforeAll
  void startFleet() throws Exception {
    fleet = FleetProcesses.start("ConsoleRunParityIT");
    agent = fleet.startAgent("bench", Map.of("site", "bench"));
  }

  @AfterEach
  void stopLeftoverConsoles() {
    if (fleet != null) {
      fleet.closeConsoles();
    }
  }

  @AfterAll
  void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @ParameterizedTest(name = "{0} --markers {1}")
  @CsvSource({
    "hello.json, seed",
    "hello.json, autoservice",
    "fleet-e2e-unknown-type.json, seed",
    "fleet-e2e-unknown-type.json, autoservice",
    "fleet-e2e-failing-task.json, seed",
    "fleet-e2e-failing-task.json, autoservice",
  })
  void shouldPrintWhatAgentRunPrints(String planName, String dialect) throws Exception {
    // agent run skips an unknown type. The console refuses such a plan unless forced (see below),
    // and forced, its help says, the agent skips the task: the same run as agent run's.
    boolean force = planName.contains("unknown-type");
    Pair pair = runBoth(PLANS.resolve(planName), dialect, force);
    Result local = pair.local();
    Result remote = pair.remote();

    assertThat(remote.exitCode())
        .as("exit code; console stderr:%n%s", remote.stderr())
        .isEqualTo(local.exitCode());
    assertThat(local.markerLines()).as("agent run markers").isNotEmpty();
    assertThat(markers(remote, true))
        .as("marker lines, numbers compared by value")
        .containsExactlyElementsOf(markers(local, true));
    assertThat(report(remote.stdout(), true))
        .as("stdout report, numbers compared by value")
        .isEqualTo(report(local.stdout(), true));
  }

  /**
   * The report JSON's text should survive the fleet as the agent wrote it. Today it does not: the
   * controller carries results as {@code google.protobuf.Struct}, whose numbers are doubles, and
   * {@code StructMapper} turns every whole double back into an integer, so {@code agent run} prints
   * {@code "seconds": 0.0} where {@code console run} prints {@code "seconds": 0} (in the report and
   * in every PROGRESS_JSON line carrying the result).
   */
  @Test
  void shouldKeepTheAgentsNumbersAsWritten() throws Exception {
    Pair pair = runBoth(PLANS.resolve("hello.json"), "seed", false);

    assertThat(pair.remote().stdout()).contains("\"seconds\"");
    assertThat(markers(pair.remote(), false))
        .as("marker lines, exactly")
        .containsExactlyElementsOf(markers(pair.local(), false));
    assertThat(report(pair.remote().stdout(), false))
        .as("stdout report, exactly")
        .isEqualTo(report(pair.local().stdout(), false));
  }

  /**
   * Without --force the console refuses a plan with a type the agent lacks, and says how to send
   * it.
   */
  @Test
  void shouldRefuseATaskTypeTheAgentLacksUnlessForced() throws Exception {
    Result remote =
        fleet.console(
            "run", "--agent", agent.id(), PLANS.resolve("fleet-e2e-unknown-type.json").toString());

    assertThat(remote.exitCode()).isEqualTo(1);
    assertThat(remote.markerLines()).isEmpty();
    assertThat(remote.stderr()).contains("error: ").contains("defrag_everything").contains("force");
    JsonNode report = remote.json();
    assertThat(report.path("status").asText()).isEqualTo("error");
    assertThat(report.path("error").asText()).contains("cannot run defrag_everything");
  }

  private record Pair(Result local, Result remote) {}

  /** {@code agent run} here and {@code console run} on the fleet agent, side by side. */
  private Pair runBoth(Path plan, String dialect, boolean force) throws Exception {
    CompletableFuture<Result> local =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return fleet.agentRun(plan.toString(), "--markers", dialect);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    List<String> args =
        new ArrayList<>(
            List.of("run", "--agent", agent.id(), plan.toString(), "--markers", dialect));
    if (force) {
      args.add("--force");
    }
    Result remote = fleet.console(args.toArray(String[]::new));
    return new Pair(local.get(), remote);
  }

  /** Marker lines with the JSON of PROGRESS_JSON lines parsed and its volatile keys dropped. */
  static List<String> markers(Result r, boolean numbersByValue) throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : r.markerLines()) {
      int brace = line.indexOf('{');
      if (line.startsWith("PROGRESS_JSON") && brace > 0) {
        JsonNode body = FleetProcesses.JSON.readTree(line.substring(brace));
        out.add(line.substring(0, brace) + normalize(body, numbersByValue));
      } else {
        out.add(line);
      }
    }
    return out;
  }

  static JsonNode report(String stdout, boolean numbersByValue) throws Exception {
    return normalize(FleetProcesses.JSON.readTree(stdout), numbersByValue);
  }

  /** A copy without volatile keys; numbers as plain decimals when compared by value. */
  static JsonNode normalize(JsonNode n, boolean numbersByValue) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (n.isObject()) {
      ObjectNode o = f.objectNode();
      for (var e : n.properties()) {
        if (!VOLATILE.contains(e.getKey())) {
          o.set(e.getKey(), normalize(e.getValue(), numbersByValue));
        }
      }
      return o;
    }
    if (n.isArray()) {
      ArrayNode a = f.arrayNode();
      n.forEach(x -> a.add(normalize(x, numbersByValue)));
      return a;
    }
    if (n.isNumber() && numbersByValue) {
      return f.numberNode(n.decimalValue().stripTrailingZeros());
    }
    return n;
  }
}
