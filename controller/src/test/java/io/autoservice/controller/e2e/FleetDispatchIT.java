package io.autoservice.controller.e2e;

import static io.autoservice.controller.e2e.FleetProcesses.PLANS;
import static io.autoservice.controller.e2e.FleetProcesses.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.controller.e2e.FleetProcesses.Agent;
import io.autoservice.controller.e2e.FleetProcesses.Result;
import io.autoservice.testsupport.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Fleet mode from the built jars, as a technician sees it: one controller and two agents (labels
 * {@code site=front} and {@code site=back}) shared by the class; each test waits for its own runs
 * to end, so the agents are idle when the next one starts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetDispatchIT {
  private static final Path HELLO = PLANS.resolve("hello.json");

  private FleetProcesses fleet;
  private Agent front;
  private Agent back;

  @BeforeAll
  void startFleet() throws Exception {
    fleet = FleetProcesses.start("FleetDispatchIT");
    List<Agent> agents =
        fleet.startAgents(Map.of("back", Map.of("site", "back"), "front", Map.of("site", "front")));
    back = agents.get(0);
    front = agents.get(1);
  }

  @AfterEach
  void cleanUpAfterTheTest() throws Exception {
    if (fleet != null) {
      fleet.closeConsoles();
      fleet.cancelUnfinishedRuns();
    }
  }

  @AfterAll
  void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void shouldListAgentsAndRunAPlanByIdByLabelAndOnAll() throws Exception {
    List<JsonNode> rows =
        Eventually.until(
            "both agents online",
            WAIT,
            fleet::agents,
            l ->
                l.size() == 2
                    && l.stream().allMatch(r -> r.path("state").asText().equals("online")));
    assertThat(rows)
        .extracting(r -> r.path("agent_id").asText())
        .containsExactlyInAnyOrder(front.id(), back.id());
    for (JsonNode r : rows) {
      assertThat(r.path("hostname").asText()).as("hostname").isNotBlank();
      assertThat(r.path("os_name").asText()).isEqualTo(System.getProperty("os.name"));
      assertThat(r.path("os").asText()).startsWith(System.getProperty("os.name") + " ");
      assertThat(r.path("agent_version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
      assertThat(r.path("supported_task_types"))
          .extracting(JsonNode::asText)
          .contains("hello_service", "ping_test");
      assertThat(Duration.between(Instant.parse(r.path("last_seen").asText()), Instant.now()))
          .as("last seen (heartbeat every second)")
          .isLessThan(Duration.ofSeconds(10));
      String site = r.path("agent_id").asText().equals(front.id()) ? "front" : "back";
      assertThat(r.path("labels").path("site").asText()).isEqualTo(site);
    }
    JsonNode onlyBack = fleet.consoleJson("agents", "--label", "site=back", "--json");
    assertThat(onlyBack).extracting(r -> r.path("agent_id").asText()).containsExactly(back.id());

    String byId = fleet.dispatchTo(front, HELLO);
    List<JsonNode> byLabel = fleet.dispatch(HELLO, "--label", "site=back");
    List<JsonNode> onAll = fleet.dispatch(HELLO, "--all");
    assertThat(byLabel).extracting(r -> r.path("agent_id").asText()).containsExactly(back.id());
    assertThat(onAll)
        .extracting(r -> r.path("agent_id").asText())
        .containsExactlyInAnyOrder(front.id(), back.id());
    List<JsonNode> created = new ArrayList<>(byLabel);
    created.addAll(onAll);
    for (JsonNode r : created) {
      assertThat(r.path("total_tasks").asInt()).isEqualTo(1);
      assertThat(r.path("state").asText()).isIn("queued", "assigned", "running");
    }
    List<String> ids = new ArrayList<>(List.of(byId));
    created.forEach(r -> ids.add(r.path("run_id").asText()));

    List<String> followArgs = new ArrayList<>(List.of("follow"));
    followArgs.addAll(ids);
    Result follow = fleet.console(followArgs.toArray(String[]::new)).ok();
    for (String id : ids) {
      assertThat(follow.stdout())
          .contains(id.substring(0, 8) + " [1/1] TASK_OK hello_service")
          .contains(id.substring(0, 8) + " finished: ok (1/1 tasks)");
    }

    Map<String, JsonNode> runs = new HashMap<>();
    fleet.consoleJson("runs", "--json").forEach(r -> runs.put(r.path("run_id").asText(), r));
    for (String id : ids) {
      JsonNode r = runs.get(id);
      assertThat(r).as("run %s in 'runs'", id).isNotNull();
      assertThat(r.path("state").asText()).isEqualTo("finished");
      assertThat(r.path("status").asText()).isEqualTo("ok");
      assertThat(r.path("completed_tasks").asInt()).isEqualTo(1);
      assertThat(r.path("finished_at").asText()).isNotEmpty();
    }
    for (String id : List.of(byId, created.get(0).path("run_id").asText())) {
      JsonNode report = fleet.consoleJson("report", id, "--format", "json");
      assertThat(report.path("run_id").asText()).isEqualTo(id);
      assertThat(report.path("status").asText()).isEqualTo("ok");
      assertThat(report.at("/tasks/0/status").asText()).isEqualTo("success");
      assertThat(report.at("/tasks/0/summary/human_readable/message").asText())
          .isEqualTo("Hello, fleet!");
      assertThat(report.at("/metadata/hostname").asText())
          .isEqualTo(rows.get(0).path("hostname").asText());
    }
  }

  @Test
  void shouldQueueASecondRunBehindTheFirstAndRunItAfter() throws Exception {
    String first = fleet.dispatchTo(front, PLANS.resolve("fleet-e2e-hello-10s.json"));
    List<JsonNode> dispatched = fleet.dispatch(HELLO, "--agent", front.id());
    String second = dispatched.get(0).path("run_id").asText();
    assertThat(dispatched.get(0).path("state").asText()).isEqualTo("queued");

    // One snapshot: the first is running while the second waits behind it.
    Map<String, JsonNode> snapshot =
        Eventually.until(
            "the first run running",
            WAIT,
            () -> {
              Map<String, JsonNode> m = new HashMap<>();
              fleet
                  .consoleJson("runs", "--agent", front.id(), "--json")
                  .forEach(r -> m.put(r.path("run_id").asText(), r));
              return m;
            },
            m -> m.containsKey(first) && m.get(first).path("state").asText().equals("running"));
    assertThat(snapshot.get(second).path("state").asText())
        .as("second run while the first runs")
        .isEqualTo("queued");
    JsonNode agent = fleet.agentRow(front);
    assertThat(agent.path("state").asText()).isEqualTo("busy");
    assertThat(agent.path("current_run_id").asText()).isEqualTo(first);
    assertThat(agent.path("queued_runs").asInt()).isEqualTo(1);

    // follow ends when both runs have ended, and only then.
    Result follow = fleet.console("follow", "--json", first, second).ok();
    Map<String, Instant> startedAt = new HashMap<>();
    Map<String, Instant> finishedEventAt = new HashMap<>();
    for (String line : follow.stdout().lines().toList()) {
      JsonNode e = FleetProcesses.JSON.readTree(line);
      switch (e.path("type").asText()) {
        case "run_started" ->
            startedAt.put(e.path("run_id").asText(), Instant.parse(e.path("time").asText()));
        case "run_finished" ->
            finishedEventAt.put(e.path("run_id").asText(), Instant.parse(e.path("time").asText()));
        default -> {}
      }
    }
    assertThat(startedAt).containsKeys(first, second);
    JsonNode firstRow = fleet.runRow(first);
    JsonNode secondRow = fleet.runRow(second);
    assertThat(firstRow.path("status").asText()).isEqualTo("ok");
    assertThat(secondRow.path("status").asText()).isEqualTo("ok");
    Instant firstFinished = Instant.parse(firstRow.path("finished_at").asText());
    assertThat(follow.exitedAt())
        .as("follow exits after the last run finished")
        .isAfterOrEqualTo(Instant.parse(secondRow.path("finished_at").asText()));
    assertThat(firstFinished)
        .as("the first run finished before the second started")
        .isBeforeOrEqualTo(startedAt.get(second));
    assertThat(finishedEventAt.get(first)).isBefore(startedAt.get(second));
    assertThat(Duration.between(startedAt.get(first), finishedEventAt.get(first)))
        .as("the first run worked its 5 s")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void shouldCancelARunningRun() throws Exception {
    String id = fleet.dispatchTo(back, PLANS.resolve("fleet-e2e-hello-60s.json"));
    fleet.awaitRunState(id, "running", WAIT);

    Instant asked = Instant.now();
    Result cancel = fleet.console("cancel", id).ok();
    assertThat(cancel.stdout()).contains("run " + id).contains("cancel requested");
    JsonNode row = fleet.awaitRunState(id, "finished", Duration.ofSeconds(20));
    assertThat(row.path("status").asText()).isEqualTo("cancelled");
    assertThat(Duration.between(asked, Instant.parse(row.path("finished_at").asText())))
        .as("cancel to finished")
        .isLessThan(Duration.ofSeconds(10));

    JsonNode report = fleet.consoleJson("report", id, "--format", "json");
    assertThat(report.path("status").asText()).isEqualTo("cancelled");
    assertThat(report.path("tasks")).hasSize(1);
    assertThat(report.at("/tasks/0/status").asText()).isEqualTo("error");
    assertThat(report.at("/tasks/0/summary/reason").asText()).isEqualTo("cancelled");

    Result follow = fleet.console("follow", id);
    assertThat(follow.exitCode()).as("follow of a cancelled run").isEqualTo(1);
    assertThat(follow.stdout())
        .contains("TASK_FAIL hello_service: cancelled")
        .contains("finished: cancelled");
  }
}
