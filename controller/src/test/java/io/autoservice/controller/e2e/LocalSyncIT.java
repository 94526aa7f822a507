package io.autoservice.controller.e2e;

import static io.autoservice.controller.e2e.FleetProcesses.PLANS;
import static io.autoservice.controller.e2e.FleetProcesses.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.controller.e2e.FleetProcesses.Agent;
import io.autoservice.testsupport.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code agent run --sync} on a PC without network, then {@code agent connect} later: the
 * technician's report reaches the controller's archive once, as a local run.
 */
class LocalSyncIT {
  private FleetProcesses fleet;

  @AfterEach
  void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private static List<Path> queued(Agent a) throws Exception {
    Path outbox = a.data.resolve("outbox");
    if (!Files.isDirectory(outbox)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(outbox)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
    }
  }

  private List<JsonNode> rowsOf(String runId) throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    for (JsonNode r : fleet.consoleJson("runs", "--json", "--limit", "1000")) {
      if (r.path("run_id").asText().equals(runId)) {
        rows.add(r);
      }
    }
    return rows;
  }

  private Path exportedFolder(String runId) throws Exception {
    if (!Files.isDirectory(fleet.reportsDir())) {
      return null;
    }
    try (Stream<Path> dirs = Files.list(fleet.reportsDir())) {
      return dirs.filter(d -> d.getFileName().toString().endsWith("__" + runId.substring(0, 8)))
          .findFirst()
          .orElse(null);
    }
  }

  @Test
  void shouldArchiveAnOfflineRunOnceWhenTheAgentNextConnects() throws Exception {
    fleet = FleetProcesses.start("LocalSyncIT");
    fleet.stopController(); // the PC has no network: nothing to reach
    Agent pc = fleet.newAgent("workshop", Map.of("site", "workshop"));
    String plan = PLANS.resolve("hello.json").toString();

    // Offline: the run behaves as plain `agent run`, and its report waits in the outbox.
    FleetProcesses.Result plain = fleet.agentRun(plan).ok();
    FleetProcesses.Result synced = fleet.agentRunSync(pc, plan).ok();
    JsonNode printed = synced.json();
    String runId = printed.path("run_id").asText();
    assertThat(printed.path("status").asText()).isEqualTo("ok");
    assertThat(printed.at("/tasks/0/summary/human_readable/message").asText())
        .isEqualTo("Hello, fleet!");
    assertThat(synced.markerLines().stream().filter(l -> l.startsWith("TASK_")).toList())
        .as("the same markers as without --sync")
        .isEqualTo(plain.markerLines().stream().filter(l -> l.startsWith("TASK_")).toList());
    assertThat(synced.stderr()).contains("Report queued for upload to the controller: ");
    assertThat(synced.stderr().lines().filter(l -> l.contains("queued for upload")))
        .allSatisfy(l -> assertThat(l).doesNotStartWith("TASK_").doesNotStartWith("PROGRESS_JSON"));
    assertThat(queued(pc))
        .extracting(p -> p.getFileName().toString())
        .containsExactly(runId + ".json");

    // A plan that fails validation runs nothing and queues nothing.
    FleetProcesses.Result refused =
        fleet.agentRunSync(pc, "{\"tasks\": [{\"type\": \"ping_test\"}]}");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr()).doesNotContain("queued for upload");
    assertThat(queued(pc)).hasSize(1);
    Path copy = Files.copy(queued(pc).get(0), pc.data.resolveSibling("workshop-outbox-copy.json"));

    // Back on the network: connect uploads it after Welcome and deletes it once acked.
    fleet.startController();
    fleet.launch(pc);
    fleet.awaitConnected(pc);
    Eventually.until("the outbox emptied (log " + pc.log + ")", WAIT, () -> queued(pc).isEmpty());
    JsonNode row = fleet.runRow(runId);
    assertThat(row.path("origin").asText()).isEqualTo("local");
    assertThat(row.path("state").asText()).isEqualTo("finished");
    assertThat(row.path("status").asText()).isEqualTo("ok");
    assertThat(row.path("agent_id").asText()).isEqualTo(pc.id());
    assertThat(row.path("completed_tasks").asInt()).isEqualTo(1);
    assertThat(fleet.consoleJson("report", runId))
        .as("console report = what agent run printed")
        .isEqualTo(printed);
    assertThat(fleet.console("runs").ok().stdout().lines().filter(l -> l.startsWith(runId)))
        .singleElement()
        .asString()
        .endsWith("local");

    // An ack lost in a crash: the file is back, the agent restarts and uploads it again.
    fleet.stopAgent(pc);
    Files.copy(copy, pc.data.resolve("outbox").resolve(runId + ".json"));
    fleet.launch(pc);
    fleet.awaitConnected(pc);
    Eventually.until("the re-upload acked (log " + pc.log + ")", WAIT, () -> queued(pc).isEmpty());
    assertThat(rowsOf(runId)).as("stored once").hasSize(1);

    // And a plain restart uploads nothing more.
    fleet.stopAgent(pc);
    fleet.launch(pc);
    fleet.awaitConnected(pc);
    assertThat(rowsOf(runId)).hasSize(1);
    assertThat(fleet.consoleJson("runs", "--json", "--limit", "1000")).hasSize(1);
    Path exported =
        Eventually.until(
            "the run exported to " + fleet.reportsDir(),
            WAIT,
            () -> exportedFolder(runId),
            p -> p != null && Files.exists(p.resolve("metadata.json")));
    assertThat(
            FleetProcesses.JSON
                .readTree(exported.resolve("metadata.json").toFile())
                .path("origin")
                .asText())
        .isEqualTo("local");
    assertThat(Files.readString(exported.resolve("execution.log")))
        .contains("TASK_OK:0:hello_service");
  }
}
