package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.testing.ReferenceKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent run} of a {@code trellix_stinger_scan} plan from the built jar, with Stinger
 * replaced by fixtures/fake-tools/stinger, which writes a reconstructed log from
 * fixtures/replays/trellix_stinger_scan/ (see fixtures/tool-outputs/stinger/README.md) into the
 * {@code --REPORTPATH} folder as {@code Stinger_<DDMMYYYY>_<HHMMSS>.html}.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class StingerScanReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** fixtures/plans/scans-stinger.json with its logs in the test's folder and {@code more} keys. */
  private Path plan(Map<String, Object> more) throws Exception {
    ObjectNode plan =
        (ObjectNode)
            JSON.readTree(AgentProcess.FIXTURES.resolve("plans/scans-stinger.json").toFile());
    ObjectNode task = (ObjectNode) plan.at("/tasks/0");
    task.put("logs_dir", tmp.resolve("logs/Stinger").toString());
    more.forEach((k, v) -> task.set(k, JSON.valueToTree(v)));
    Path file = tmp.resolve("plan.json");
    JSON.writeValue(file.toFile(), plan);
    return file;
  }

  private Map<String, String> env(String replayCase, int exit, Map<String, String> more) {
    Map<String, String> env = new HashMap<>(more);
    env.put(
        "AUTOSERVICE_TOOL_STINGER",
        AgentProcess.FIXTURES.resolve("fake-tools/stinger").toAbsolutePath().toString());
    env.put(
        "FAKE_STINGER_HTML",
        AgentProcess.FIXTURES
            .resolve("replays/trellix_stinger_scan/" + replayCase + "/log.html")
            .toAbsolutePath()
            .toString());
    env.put("FAKE_STINGER_EXIT", Integer.toString(exit));
    env.put("FAKE_STINGER_LOG", tmp.resolve("args.log").toString());
    return env;
  }

  @Test
  void shouldReportACleanSmartScan() throws Exception {
    AgentProcess.Outcome run =
        AgentProcess.run(env("clean-smart-scan", 0, Map.of()), "run", plan(Map.of()).toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.markerLines())
        .contains("TASK_START: trellix_stinger_scan", "TASK_OK: trellix_stinger_scan | success");
    assertThat(Files.readAllLines(tmp.resolve("args.log")))
        .containsExactly(
            "--GO", "--SILENT", "--REPORTPATH=" + tmp.resolve("logs/Stinger"), "--DELETE", "--");
    JsonNode r = JSON.readTree(run.stdout()).at("/tasks/0/summary/results");
    assertThat(r.path("total_files").asLong()).isEqualTo(4067L);
    assertThat(r.at("/intent/scan_scope").asText()).isEqualTo("smart_scan");
    assertThat(Path.of(r.path("log_file").asText()))
        .isRegularFile()
        .hasParent(tmp.resolve("logs/Stinger"));
    assertThat(r.path("health_check_status").asText()).isEqualTo("ok");
  }

  @Test
  void shouldWarnAboutInfectionsWithTheKeysTheDesktopUiReads() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("Sonny Taylor/EICAR Test"));
    Path plan = plan(Map.of("scan_path", folder.toString(), "scan_subdirectories", false));
    AgentProcess.Outcome run =
        AgentProcess.run(
            env("eicar-folder", 0, Map.of()), "run", plan.toString(), "--markers", "autoservice");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.markerLines())
        .contains("TASK_START:0:trellix_stinger_scan", "TASK_OK:0:trellix_stinger_scan");
    List<String> args = Files.readAllLines(tmp.resolve("args.log"));
    assertThat(args)
        .as("the scan path is one argument, spaces and all")
        .contains("--SCANPATH=" + folder);
    assertThat(args).containsSubsequence("--NOWMI", "--NOSUB", "--DELETE");
    JsonNode result = JSON.readTree(run.stdout()).at("/results/0");
    // the app's word (its customer report shows this item only on success / counts only "failure");
    // ours kept beside it
    assertThat(result.path("status").asText()).isEqualTo("success");
    assertThat(result.at("/summary/human_readable/status").asText()).isEqualTo("warning");
    assertThat(result.at("/summary/infections/0/threat_name").asText())
        .isEqualTo("EICAR test file");
    assertThat(result.at("/summary/human_readable/verdict").asText())
        .isEqualTo("infections_removed");
    JsonNode sample =
        JSON.readTree(
            Files.readString(
                Fixtures.referenceResult("trellix_stinger_scan", "infections_found.json"),
                StandardCharsets.UTF_8));
    assertThat(ReferenceKeys.missing(sample.get("summary"), result.get("summary"))).isEmpty();
  }

  @Test
  void shouldStopAHangingScanAtTheTimeoutAndKeepThePartialLog() throws Exception {
    Path plan = plan(Map.of("timeout_seconds", 3));
    AgentProcess.Outcome run =
        AgentProcess.run(
            env("partial", 0, Map.of("FAKE_STINGER_SLEEP", "60")), "run", plan.toString());

    assertThat(run.exitCode()).as("a failed task is a finished run").isZero();
    assertThat(run.markerLines()).anyMatch(l -> l.startsWith("TASK_FAIL: trellix_stinger_scan | "));
    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.path("status").asText()).isEqualTo("error");
    JsonNode r = task.at("/summary/results");
    assertThat(r.path("timed_out").asBoolean()).isTrue();
    assertThat(r.path("exit_code").asInt()).isEqualTo(-1);
    assertThat(r.path("scan_start_time").asText()).isEqualTo("Monday, October 27, 2025 09:00:05");
    assertThat(r.path("infections")).hasSize(1);
    // The tool gets what is left of the task's 3 s once the handler has prepared its run, which a
    // loaded machine can make a tenth of a second less.
    assertThat(task.at("/summary/human_readable/reason").asText())
        .matches("Stinger did not finish within (3|2\\.\\d) s and was stopped; .*");
  }
}
