package io.autoservice.controller.e2e;

import static io.autoservice.controller.e2e.FleetProcesses.PLANS;
import static io.autoservice.controller.e2e.FleetProcesses.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.controller.e2e.FleetProcesses.Agent;
import io.autoservice.testsupport.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Fleet mode when processes go away: an agent stopped or killed, the controller restarted. Each
 * test starts its own controller and agents, because each one breaks them.
 */
class FleetRecoveryIT {
  private static final Path HELLO = PLANS.resolve("hello.json");
  private static final Path LONG = PLANS.resolve("fleet-e2e-hello-60s.json");

  /** Agents back off (up to 60 s) while the controller is gone; a restart is usually seconds. */
  private static final Duration RECONNECT = Duration.ofSeconds(60);

  private FleetProcesses fleet;

  @AfterEach
  void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private List<Agent> startFleet(TestInfo test, int runLostAfterSeconds, String... agentNames)
      throws Exception {
    fleet =
        FleetProcesses.start(
            "FleetRecoveryIT-" + test.getTestMethod().orElseThrow().getName(), runLostAfterSeconds);
    Map<String, Map<String, String>> agents = new TreeMap<>();
    for (String name : agentNames) {
      agents.put(name, Map.of("site", name));
    }
    return fleet.startAgents(agents, FleetProcesses.FAST_RECONNECT);
  }

  @Test
  void shouldHoldARunForAnOfflineAgentAndDeliverItWhenItReturns(TestInfo test) throws Exception {
    Agent back = startFleet(test, FleetProcesses.RUN_LOST_AFTER_SECONDS, "back").get(0);
    assertThat(fleet.stopAgent(back)).as("agent connect exits 0 on SIGTERM").isZero();
    fleet.awaitAgentState(back, "offline", WAIT);

    String id = fleet.dispatchTo(back, HELLO);
    JsonNode agent = fleet.agentRow(back);
    assertThat(agent.path("state").asText()).isEqualTo("offline");
    assertThat(agent.path("queued_runs").asInt()).isEqualTo(1);
    assertThat(fleet.runRow(id).path("state").asText())
        .as("run for an offline agent")
        .isEqualTo("queued");

    fleet.launch(back);
    fleet.awaitConnected(back);
    JsonNode done = fleet.awaitRunState(id, "finished", WAIT);
    assertThat(done.path("status").asText()).isEqualTo("ok");
    JsonNode report = fleet.consoleJson("report", id);
    assertThat(report.at("/tasks/0/summary/human_readable/message").asText())
        .isEqualTo("Hello, fleet!");
  }

  @Test
  void shouldKeepAgentsReportsAndQueuedRunsAcrossAControllerRestart(TestInfo test)
      throws Exception {
    List<Agent> agents = startFleet(test, FleetProcesses.RUN_LOST_AFTER_SECONDS, "back", "front");
    Agent back = agents.get(0);
    Agent front = agents.get(1);
    String finished = fleet.dispatchTo(front, HELLO);
    fleet.console("follow", finished).ok();
    fleet.stopAgent(back);
    fleet.awaitAgentState(back, "offline", WAIT);
    String queued = fleet.dispatchTo(back, HELLO);

    int code = fleet.stopController();
    System.out.println("controller exit code after SIGTERM: " + code);
    fleet.startController();

    JsonNode frontRow = fleet.awaitAgentState(front, "online", RECONNECT);
    assertThat(frontRow.path("labels").path("site").asText()).isEqualTo("front");
    JsonNode backRow = fleet.agentRow(back);
    assertThat(backRow.path("state").asText())
        .as("the stopped agent is still known")
        .isEqualTo("offline");
    assertThat(backRow.path("hostname").asText()).isNotBlank();
    assertThat(backRow.path("queued_runs").asInt()).isEqualTo(1);

    JsonNode report = fleet.consoleJson("report", finished, "--format", "json");
    assertThat(report.path("status").asText()).isEqualTo("ok");
    assertThat(report.path("run_id").asText()).isEqualTo(finished);
    assertThat(fleet.runRow(queued).path("state").asText())
        .as("queued before the restart")
        .isEqualTo("queued");

    fleet.launch(back);
    fleet.awaitConnected(back);
    assertThat(fleet.awaitRunState(queued, "finished", WAIT).path("status").asText())
        .isEqualTo("ok");
  }

  /**
   * A run that was running while the controller was down longer than run_lost_after (a maintenance
   * window longer than the setting) must not be declared lost the moment the controller is back:
   * its agent is still working and reconnects within its backoff. The controller should give it
   * run_lost_after from its own restart, and then take the agent's report (every event once, in
   * order).
   */
  @Test
  void shouldGiveARunningRunsAgentTimeToReconnectAfterAControllerRestart(TestInfo test)
      throws Exception {
    Agent front = startFleet(test, FleetProcesses.RUN_LOST_AFTER_SECONDS, "front").get(0);
    String id = fleet.dispatchTo(front, PLANS.resolve("fleet-e2e-across-restart.json"));
    fleet.awaitRunState(id, "running", WAIT);

    fleet.stopController();
    Instant down = Instant.now();
    // Down for longer than run_lost_after: a deliberate outage, not a wait for some event.
    Duration outage = Duration.ofSeconds(FleetProcesses.RUN_LOST_AFTER_SECONDS + 1);
    Eventually.until(
        "an outage of " + outage,
        outage.plusSeconds(5),
        () -> Instant.now().isAfter(down.plus(outage)));
    // Before the start, not after it is seen serving: the controller's own restart (from which it
    // counts run_lost_after) is later than this, so the bound below never depends on load.
    Instant back = Instant.now();
    fleet.startController();

    JsonNode run = fleet.awaitRunState(id, "finished", RECONNECT);
    if (!run.path("status").asText().equals("ok")) {
      Duration after = Duration.between(back, Instant.parse(run.path("finished_at").asText()));
      String error = fleet.consoleJson("report", id).path("error").asText();
      assertThat(after)
          .as(
              "run ended %s %s after the controller came back (error: %s); its agent was still running it",
              run.path("status").asText(), after, error)
          .isGreaterThanOrEqualTo(
              Duration.ofSeconds(FleetProcesses.RUN_LOST_AFTER_SECONDS).minusMillis(500));
      return; // lost after a full run_lost_after: the agent really did not come back in time
    }
    assertThat(run.path("completed_tasks").asInt()).isEqualTo(2);
    List<JsonNode> events = new ArrayList<>();
    for (String line : fleet.console("follow", "--json", id).ok().stdout().lines().toList()) {
      JsonNode e = FleetProcesses.JSON.readTree(line);
      if (e.has("sequence")) {
        events.add(e);
      }
    }
    assertThat(events)
        .extracting(e -> e.path("sequence").asLong())
        .as("every event once, in order")
        .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
    assertThat(events).filteredOn(e -> e.path("type").asText().equals("task_finished")).hasSize(2);
    assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("run_finished");
  }

  @Test
  void shouldDeclareARunLostWhenItsKilledAgentStaysAway(TestInfo test) throws Exception {
    Agent front = startFleet(test, FleetProcesses.RUN_LOST_AFTER_SECONDS, "front").get(0);
    String lost = fleet.dispatchTo(front, LONG);
    fleet.awaitRunState(lost, "running", WAIT);

    fleet.killAgent(front);
    fleet.awaitAgentState(front, "offline", WAIT);

    // After run_lost_after (5 s here) the run's outcome is declared unknown.
    JsonNode run = fleet.awaitRunState(lost, "finished", WAIT);
    assertThat(run.path("status").asText()).isEqualTo("error");
    String error = fleet.consoleJson("report", lost).path("error").asText();
    Matcher m =
        Pattern.compile("the agent has been offline since (\\S+); the run's outcome is unknown")
            .matcher(error);
    assertThat(m.matches()).as("error: %s", error).isTrue();
    Instant since = Instant.parse(m.group(1));
    Instant lastSeen = Instant.parse(fleet.agentRow(front).path("last_seen").asText());
    assertThat(Duration.between(lastSeen, since).abs())
        .as("offline since = last seen")
        .isLessThan(Duration.ofSeconds(1));
    Duration waited = Duration.between(since, Instant.parse(run.path("finished_at").asText()));
    assertThat(waited)
        .as("last seen to lost")
        .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(15));
  }

  @Test
  void shouldCloseTheRunOfAnAgentKilledAndRestartedMidRun(TestInfo test) throws Exception {
    // A long run_lost_after: only the agent's return may end this run.
    Agent back = startFleet(test, 600, "back").get(0);
    String id = fleet.dispatchTo(back, LONG);
    fleet.awaitRunState(id, "running", WAIT);

    fleet.killAgent(back);
    fleet.awaitAgentState(back, "offline", WAIT);
    assertThat(fleet.runRow(id).path("state").asText())
        .as("while the agent is away")
        .isEqualTo("running");

    // The agent's journal closes the interrupted run when it starts again on the same data folder.
    fleet.launch(back);
    fleet.awaitConnected(back);
    JsonNode run = fleet.awaitRunState(id, "finished", WAIT);
    assertThat(run.path("status").asText()).isEqualTo("completed_with_errors");
    JsonNode report = fleet.consoleJson("report", id);
    assertThat(report.path("status").asText()).isEqualTo("completed_with_errors");
    assertThat(report.path("tasks")).hasSize(1);
    assertThat(report.at("/tasks/0/status").asText()).isEqualTo("error");
    assertThat(report.at("/tasks/0/summary/human_readable/reason").asText())
        .isEqualTo("agent restarted during task");
    assertThat(report.at("/metadata/hostname").asText()).isNotBlank();
    assertThat(fleet.console("follow", id).ok().stdout())
        .contains("TASK_FAIL hello_service: agent restarted during task")
        .contains("finished: completed_with_errors (1/1 tasks)");
    assertThat(fleet.agentRow(back).path("state").asText()).isEqualTo("online");
  }
}
