package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent run} of a {@code kvrt_scan} plan (the desktop UI's default options) from the built
 * jar, with KVRT replaced by the replay tool printing reconstructed KVRT output from
 * fixtures/replays/kvrt_scan/ (see fixtures/tool-outputs/kvrt/README.md).
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class KvrtScanReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path PLAN = AgentProcess.FIXTURES.resolve("plans/scans-kvrt.json");

  @TempDir Path tmp;

  private Map<String, String> env(String replayCase) {
    return Map.of(
        "AUTOSERVICE_TOOL_KVRT",
            AgentProcess.FIXTURES.resolve("fake-tools/replay").toAbsolutePath().toString(),
        "FAKE_REPLAY_DIR",
            AgentProcess.FIXTURES
                .resolve("replays/kvrt_scan/" + replayCase)
                .toAbsolutePath()
                .toString(),
        "FAKE_REPLAY_LOG", tmp.resolve("argv.log").toString());
  }

  @Test
  void shouldSucceedAndListTheThreatsKvrtRemoved() throws Exception {
    AgentProcess.Outcome run = AgentProcess.run(env("threats-removed"), "run", PLAN.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.markerLines()).contains("TASK_START: kvrt_scan", "TASK_OK: kvrt_scan | success");
    assertThat(run.markerLines())
        .anyMatch(
            l ->
                l.startsWith("PROGRESS_JSON: {\"type\":\"task_progress\"")
                    && l.contains("Scanning: "));
    String argv = Files.readString(tmp.resolve("argv.log")).strip();
    assertThat(argv)
        .startsWith("-accepteula -silent -details -dontencrypt -noads -fixednames -d /")
        .endsWith("/data/logs/KVRT -processlevel 2");

    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.path("status").asText()).isEqualTo("success");
    JsonNode r = task.at("/summary/results");
    assertThat(r.path("processed").asLong()).isEqualTo(184_213L);
    assertThat(r.path("detected").asInt()).isEqualTo(2);
    assertThat(r.path("removed_count").asInt()).isEqualTo(2);
    assertThat(r.at("/detections/1/threat").asText())
        .isEqualTo("not-a-virus:HEUR:AdWare.Win32.Agent.gen");
    assertThat(r.path("quarantine_dir").asText()).startsWith("/").endsWith("/data/logs/KVRT");
    assertThat(task.at("/summary/human_readable/verdict").asText()).isEqualTo("threats_removed");
    assertThat(task.at("/command/1").asText()).isEqualTo("-accepteula");
  }

  @Test
  void shouldWarnInTheDesktopUisDialectWhenThreatsWereSkipped() throws Exception {
    AgentProcess.Outcome run =
        AgentProcess.run(
            env("threats-skipped"), "run", PLAN.toString(), "--markers", "autoservice");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.markerLines()).contains("TASK_START:0:kvrt_scan", "TASK_OK:0:kvrt_scan");
    JsonNode result = JSON.readTree(run.stdout()).at("/results/0");
    // the app's word (its customer report shows this item only on success / counts only "failure");
    // ours kept beside it
    assertThat(result.path("status").asText()).isEqualTo("success");
    assertThat(result.at("/summary/human_readable/status").asText()).isEqualTo("warning");
    // The keys the original UI's kvrt_scan renderer reads, laid flat in the summary.
    JsonNode s = result.path("summary");
    assertThat(s.path("processed").asLong()).isEqualTo(97_511L);
    assertThat(s.path("detected").asInt()).isEqualTo(3);
    assertThat(s.path("removed_count").asInt()).isEqualTo(1);
    assertThat(s.at("/detections/1/action").asText()).isEqualTo("Skip");
    assertThat(s.at("/detections/1/object_path").asText())
        .isEqualTo("C:\\Users\\Alex\\Downloads\\invoice.pdf.exe");
    assertThat(s.path("silent").asBoolean()).isTrue();
    assertThat(s.path("processlevel").asInt()).isEqualTo(2);
    assertThat(s.path("exit_code").asInt()).isZero();
    assertThat(s.at("/human_readable/reason").asText())
        .startsWith("2 of 3 threats found were not removed: ");
  }

  @Test
  void shouldFailWhenKvrtExitsWithAnError() throws Exception {
    AgentProcess.Outcome run = AgentProcess.run(env("error"), "run", PLAN.toString());

    assertThat(run.exitCode()).as("a failed task is a finished run").isZero();
    assertThat(run.markerLines())
        .contains(
            "TASK_FAIL: kvrt_scan | KVRT failed with exit code 1: Error: failed to load anti-virus databases."
                + " The application will be closed.");
    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.path("status").asText()).isEqualTo("error");
    assertThat(task.at("/summary/results/processed").asLong()).isEqualTo(1523L);
  }
}
