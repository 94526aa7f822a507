package io.autoservice.controller.e2e;

import static io.autoservice.controller.e2e.FleetProcesses.FIXTURES;
import static io.autoservice.controller.e2e.FleetProcesses.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.controller.e2e.FleetProcesses.Agent;
import io.autoservice.testsupport.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A PC's history end to end: a real controller and a real agent on loopback, the agent's smartctl a
 * fake replaying a recorded failing ATA drive (fixtures/tool-outputs/smartctl) whose reallocated
 * sector count grows over three runs (0, 8, 24); the console's {@code history} then shows the
 * figure with an upward trend, and its JSON holds the three points.
 */
class HistoryIT {
  /**
   * One {@code dispatch --follow --json}: the run's id once it has finished. One console JVM per
   * run rather than one for the dispatch and one per poll of {@code runs}.
   */
  private String dispatchAndFollowToTheEnd(Agent pc, Path plan) throws Exception {
    FleetProcesses.Result r =
        fleet.console("dispatch", plan.toString(), "--agent", pc.id(), "--follow", "--json").ok();
    String id = null;
    boolean finished = false;
    for (String line : r.stdout().lines().toList()) {
      JsonNode e = FleetProcesses.JSON.readTree(line);
      switch (e.path("type").asText()) {
        case "dispatched" -> id = e.path("run").path("run_id").asText();
        case "run_finished" -> finished = true;
        default -> {}
      }
    }
    assertThat(id).as("the dispatched run; stdout:%n%s", r.stdout()).isNotBlank();
    assertThat(finished).as("follow saw run %s finish", id).isTrue();
    return id;
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path RECORDED =
      FIXTURES.resolve(
          "tool-outputs/smartctl/synthetic-ata-health-failed-prefail-selftest-exit152.json");
  private static final Path SCAN =
      FIXTURES.resolve("replays/smartctl_report/failing-drives/scan.stdout");
  private static final long[] REALLOCATED = {0, 8, 24};

  private FleetProcesses fleet;

  @AfterEach
  void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void shouldShowTheTrendOfReallocatedSectorsAcrossThreeRuns() throws Exception {
    fleet = FleetProcesses.start("HistoryIT");
    Path replay = Files.createDirectories(fleet.root().resolve("smartctl-replay"));
    writeReplay(replay);
    Path smartctl = fakeSmartctl(replay);
    Agent pc =
        fleet.launchAgent(
            "pc",
            Map.of("site", "bench"),
            Map.of("tools", Map.of("smartctl", smartctl.toString())),
            null);
    fleet.awaitConnected(pc);
    Path plan = fleet.root().resolve("smart.json");
    Files.writeString(plan, "{\"tasks\":[{\"type\":\"smartctl_report\"}]}");

    // when three runs read the drive while its reallocated sectors grow
    List<String> runs = new ArrayList<>();
    for (long count : REALLOCATED) {
      Files.writeString(replay.resolve("sda.stdout"), drive(count));
      runs.add(dispatchAndFollowToTheEnd(pc, plan));
    }

    // then the history holds three points, oldest first, one per run
    String subject = "/dev/sda 9RK1XXXX";
    JsonNode series =
        Eventually.until(
            "three points of smart.reallocated_sectors",
            WAIT,
            () -> series(fleet.consoleJson("history", pc.id(), "--json"), subject),
            s -> s.path("points").size() == 3);
    List<Double> values = new ArrayList<>();
    List<String> runIds = new ArrayList<>();
    series.path("points").forEach(p -> values.add(p.path("value").asDouble()));
    series.path("points").forEach(p -> runIds.add(p.path("run_id").asText()));
    assertThat(values).containsExactly(0.0, 8.0, 24.0);
    assertThat(runIds).containsExactlyElementsOf(runs);

    // and the table, asked for by hostname and one metric, shows 24 after 8, trending up
    String host = fleet.agentRow(pc).path("hostname").asText();
    FleetProcesses.Result table =
        fleet.console("history", host, "--metric", "smart.reallocated_sectors").ok();
    String line =
        table
            .stdout()
            .lines()
            .filter(l -> l.startsWith("smart.reallocated_sectors"))
            .findFirst()
            .orElseThrow();
    assertThat(line.split("\\s{2,}"))
        .startsWith("smart.reallocated_sectors", subject, "24", "8", "↑", "3");
    assertThat(table.stdout()).doesNotContain("smart.health");

    // and every figure of the drive, unfiltered: its failed health is steady (→), with its wording
    FleetProcesses.Result all = fleet.console("history", pc.id()).ok();
    String health =
        all.stdout().lines().filter(l -> l.startsWith("smart.health")).findFirst().orElseThrow();
    assertThat(health.split("\\s{2,}")).containsSequence("2", "2", "→", "3").endsWith("FAILED");
    assertThat(all.stdout()).contains("smart.pending_sectors", "smart.temperature_c");
  }

  private static JsonNode series(JsonNode history, String subject) {
    for (JsonNode s : history.path("series")) {
      if (s.path("metric").asText().equals("smart.reallocated_sectors")
          && s.path("subject").asText().equals(subject)) {
        return s;
      }
    }
    return JSON.missingNode();
  }

  /** The recorded drive's JSON with attribute 5's raw value set to {@code count}. */
  private static String drive(long count) throws Exception {
    ObjectNode d = (ObjectNode) JSON.readTree(RECORDED.toFile());
    for (JsonNode a : d.path("ata_smart_attributes").path("table")) {
      if (a.path("id").asInt() == 5) {
        ((ObjectNode) a.path("raw")).put("value", count).put("string", Long.toString(count));
      }
    }
    return JSON.writeValueAsString(d);
  }

  /** A scan listing only /dev/sda (from the recorded failing-drives scan), and the cases file. */
  private static void writeReplay(Path dir) throws Exception {
    ObjectNode scan = (ObjectNode) JSON.readTree(SCAN.toFile());
    var devices = scan.withArray("devices");
    for (int i = devices.size() - 1; i >= 0; i--) {
      if (!devices.get(i).path("name").asText().equals("/dev/sda")) {
        devices.remove(i);
      }
    }
    Files.writeString(dir.resolve("scan.stdout"), JSON.writeValueAsString(scan));
    Files.writeString(dir.resolve("sda.exit"), "152");
    Files.writeString(dir.resolve("cases"), "--scan -j|scan\n-a /dev/sda -j|sda\n");
  }

  /** fixtures/fake-tools/replay, pointed at {@code dir} (the agent passes no environment to it). */
  private static Path fakeSmartctl(Path dir) throws Exception {
    Path script = dir.resolveSibling("smartctl");
    Files.writeString(
        script,
        "#!/bin/sh\nFAKE_REPLAY_DIR='"
            + dir.toAbsolutePath()
            + "' exec '"
            + FIXTURES.resolve("fake-tools/replay").toAbsolutePath()
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }
}
