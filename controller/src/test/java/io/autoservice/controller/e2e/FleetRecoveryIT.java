package io.autoservice.controller.e2e;

import static io.autoservice.controller.e2e.FleetProcesses.PLANS;
import static io.autoservice.controller.e2e.FleetProcesses.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.controller.e2e.FleetProcesses.Agent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Fleet mode when processes go away: an agent stopped or killed, the controller restarted. Each
 * test gets its own controller and two agents, because each one breaks them.
 */
class FleetRecoveryIT {
  private static final Path HELLO = PLANS.resolve("hello.json");
  private static final Path LONG = PLANS.resolve("fleet-e2e-hello-60s.json");
  /** Agents back off (up to 60 s) while the controller is gone; a restart is usually seconds. */
  private static final Duration RECONNECT = Duration.ofSeconds(60);

  private FleetProcesses fleet;
  private Agent front;
  private Agent back;

  @BeforeEach
  void startFleet(TestInfo test) throws Exception {
    fleet = FleetProcesses.start("FleetRecoveryIT-" + test.getTestMethod().orElseThrow().getName());
    List<Agent> agents = fleet.startAgents(Map.of("back", Map.of("site", "back"), "front", Map.of("site", "front")));
    back = agents.get(0);
    front = agents.get(1);
  }

  @AfterEach
  void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void shouldHoldARunForAnOfflineAgentAndDeliverItWhenItReturns() throws Exception {
    assertThat(fleet.stopAgent(back)).as("agent connect exits 0 on SIGTERM").isZero();
    fleet.awaitAgentState(back, "offline", WAIT);

    String id = fleet.dispatchTo(back, HELLO);
    assertThat(fleet.runRow(id).path("state").asText()).isEqualTo("queued");
    JsonNode agent = fleet.agentRow(back);
    assertThat(agent.path("state").asText()).isEqualTo("offline");
    assertThat(agent.path("queued_runs").asInt()).isEqualTo(1);
    assertThat(fleet.runRow(id).path("state").asText()).as("still queued a while later").isEqualTo("queued");

    fleet.launch(back);
    fleet.awaitConnected(back);
    JsonNode done = fleet.awaitRunState(id, "finished", WAIT);
    assertThat(done.path("status").asText()).isEqualTo("ok");
    JsonNode report = fleet.consoleJson("report", id);
    assertThat(report.at("/tasks/0/summary/human_readable/message").asText()).isEqualTo("Hello, fleet!");
    assertThat(fleet.agentRow(back).path("queued_runs").asInt()).isZero();
  }

  @Test
  void shouldKeepAgentsReportsAndQueuedRunsAcrossAControllerRestart() throws Exception {
    String finished = fleet.dispatchTo(front, HELLO);
    fleet.console("follow", finished).ok();
    fleet.stopAgent(back);
    fleet.awaitAgentState(back, "offline", WAIT);
    String queued = fleet.dispatchTo(back, HELLO);
    assertThat(fleet.runRow(queued).path("state").asText()).isEqualTo("queued");

    int code = fleet.stopController();
    System.out.println("controller exit code after SIGTERM: " + code);
    fleet.startController();

    JsonNode frontRow = fleet.awaitAgentState(front, "online", RECONNECT);
    assertThat(frontRow.path("labels").path("site").asText()).isEqualTo("front");
    JsonNode backRow = fleet.agentRow(back);
    assertThat(backRow.path("state").asText()).as("the stopped agent is still known").isEqualTo("offline");
    assertThat(backRow.path("hostname").asText()).isNotBlank();
    assertThat(backRow.path("queued_runs").asInt()).isEqualTo(1);

    JsonNode report = fleet.consoleJson("report", finished, "--format", "json");
    assertThat(report.path("status").asText()).isEqualTo("ok");
    assertThat(report.path("run_id").asText()).isEqualTo(finished);
    assertThat(fleet.runRow(queued).path("state").asText()).as("queued before the restart").isEqualTo("queued");

    fleet.launch(back);
    fleet.awaitConnected(back);
    assertThat(fleet.awaitRunState(queued, "finished", WAIT).path("status").asText()).isEqualTo("ok");
  }

  @Test
  void shouldEndARunWhoseAgentWasKilledWithAClearReason() throws Exception {
    String lost = fleet.dispatchTo(front, LONG);
    String restarted = fleet.dispatchTo(back, LONG);
    fleet.awaitRunState(lost, "running", WAIT);
    fleet.awaitRunState(restarted, "running", WAIT);

    fleet.killAgent(front);
    fleet.killAgent(back);
    JsonNode frontRow = fleet.awaitAgentState(front, "offline", WAIT);
    fleet.awaitAgentState(back, "offline", WAIT);

    // back comes back on the same data folder, without the run it was killed in.
    fleet.launch(back);
    fleet.awaitConnected(back);
    JsonNode r2 = fleet.awaitRunState(restarted, "finished", WAIT);
    assertThat(r2.path("status").asText()).isEqualTo("error");
    assertThat(fleet.consoleJson("report", restarted).path("error").asText())
        .startsWith("the agent restarted during the run");

    // front stays away: after run_lost_after (5 s here) the run's outcome is declared unknown.
    JsonNode r1 = fleet.awaitRunState(lost, "finished", WAIT);
    assertThat(r1.path("status").asText()).isEqualTo("error");
    String error = fleet.consoleJson("report", lost).path("error").asText();
    Matcher m = Pattern.compile("the agent has been offline since (\\S+); the run's outcome is unknown").matcher(error);
    assertThat(m.matches()).as("error: %s", error).isTrue();
    Instant since = Instant.parse(m.group(1));
    Instant lastSeen = Instant.parse(fleet.agentRow(front).path("last_seen").asText());
    assertThat(Duration.between(lastSeen, since).abs()).as("offline since = last seen").isLessThan(Duration.ofSeconds(1));
    Duration waited = Duration.between(since, Instant.parse(r1.path("finished_at").asText()));
    assertThat(waited).as("last seen to lost").isBetween(Duration.ofSeconds(5), Duration.ofSeconds(15));
    assertThat(frontRow.path("state").asText()).isEqualTo("offline");
  }
}
