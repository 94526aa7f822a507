package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent run} with a {@code chkdsk_scan} task whose chkdsk is the replaying fake tool: the
 * recorded outputs under {@code fixtures/replays/chkdsk_scan/}, end to end through the built jar.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class ChkdskScanReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** A copy of a replay case (the fake tool appends stdin to the case's files). */
  private Path replayCase(String name) throws Exception {
    Path src = AgentProcess.FIXTURES.resolve("replays/chkdsk_scan").resolve(name);
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(src)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  private Path plan(String task) throws Exception {
    Path plan = tmp.resolve("plan.json");
    Files.writeString(plan, "{\"tasks\": [" + task + "]}");
    return plan;
  }

  private AgentProcess.Outcome run(Path caseDir, Map<String, String> moreEnv, String... args) {
    Map<String, String> env = new HashMap<>(moreEnv);
    env.put(
        "AUTOSERVICE_TOOL_CHKDSK",
        AgentProcess.FIXTURES.resolve("fake-tools/replay").toAbsolutePath().toString());
    env.put("FAKE_REPLAY_DIR", caseDir.toString());
    env.put("FAKE_REPLAY_LOG", tmp.resolve("args.log").toString());
    return AgentProcess.run(env, args);
  }

  private String recordedArgs() throws Exception {
    return Files.readString(tmp.resolve("args.log")).strip();
  }

  @Test
  void shouldReportAHealthyDriveFromTheSamplePlan() throws Exception {
    Path plan = AgentProcess.FIXTURES.resolve("plans/diskbench-chkdsk.json").toAbsolutePath();
    AgentProcess.Outcome run =
        run(replayCase("healthy-readonly"), Map.of(), "run", plan.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(recordedArgs()).isEqualTo("C:");
    assertThat(run.markerLines())
        .contains("TASK_START: chkdsk_scan", "TASK_OK: chkdsk_scan | success");
    assertThat(run.markerLines())
        .anyMatch(
            l -> l.startsWith("PROGRESS_JSON: {\"type\":\"task_progress\"") && l.contains("Stage"));
    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.path("status").asText()).isEqualTo("success");
    JsonNode r = task.at("/summary/results");
    assertThat(r.path("found_no_problems").asBoolean()).isTrue();
    assertThat(r.path("total_disk_kb").asLong()).isEqualTo(116655103L);
    assertThat(r.path("filesystem_type").asText()).isEqualTo("NTFS");
    assertThat(r.path("output").asText()).contains("No further action is required.");
    assertThat(task.at("/summary/human_readable/verdict").asText())
        .isEqualTo("The file system is healthy.");
    assertThat(task.path("command").get(1).asText()).isEqualTo("C:");
  }

  @Test
  void shouldAnswerTheSchedulePromptWithY() throws Exception {
    Path dir = replayCase("schedule-prompt");
    AgentProcess.Outcome run =
        run(
            dir,
            Map.of(),
            "run",
            plan("{\"type\": \"chkdsk_scan\", \"drive\": \"c\", \"mode\": \"fix_errors\", \"schedule_if_busy\": true}")
                .toString());

    assertThat(Files.readString(dir.resolve("default.stdin"), StandardCharsets.US_ASCII))
        .isEqualTo("Y\r\n");
    assertThat(recordedArgs()).isEqualTo("C: /f");
    assertThat(run.markerLines()).contains("TASK_OK: chkdsk_scan | success");
    JsonNode r = JSON.readTree(run.stdout()).at("/tasks/0/summary/results");
    assertThat(r.path("scheduled").asBoolean()).isTrue();
    assertThat(r.path("prompted").asBoolean()).isTrue();
    assertThat(r.path("note").asText()).contains("next time Windows restarts");
  }

  @Test
  void shouldWarnWhenAReadOnlyCheckFindsErrors() throws Exception {
    AgentProcess.Outcome run =
        run(
            replayCase("errors-readonly"),
            Map.of(),
            "run",
            plan("{\"type\": \"chkdsk_scan\"}").toString());

    assertThat(run.markerLines()).contains("TASK_OK: chkdsk_scan | warning");
    JsonNode report = JSON.readTree(run.stdout());
    assertThat(report.path("status").asText()).as("a warning is not a failed run").isEqualTo("ok");
    JsonNode r = report.at("/tasks/0/summary/results");
    assertThat(r.path("errors_found").asBoolean()).isTrue();
    assertThat(r.path("return_code").asInt()).isEqualTo(3);
    assertThat(r.path("verdict").asText()).isEqualTo("Errors found - disk requires repair");
  }

  @Test
  void shouldDecodeGermanOemOutputAndWarnThatTheVerdictIsUnreadable() throws Exception {
    AgentProcess.Outcome run =
        run(
            replayCase("german-oem850"),
            Map.of("AUTOSERVICE_OEM_CODEPAGE", "850"),
            "run",
            plan("{\"type\": \"chkdsk_scan\", \"drive\": \"C:\"}").toString());

    assertThat(run.markerLines()).contains("TASK_OK: chkdsk_scan | warning");
    assertThat(run.stderr())
        .contains("meldet möglicherweise Fehler wenn keine Beschädigung vorliegt.");
    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.at("/summary/results/output").asText()).contains("Beschädigung");
    assertThat(task.at("/summary/human_readable/reason").asText())
        .contains("no size summary or verdict")
        .contains("5 Prozent abgeschlossen.");
  }

  @Test
  void shouldFailWhenNotElevatedAndSpeakTheDesktopDialect() throws Exception {
    AgentProcess.Outcome run =
        run(
            replayCase("access-denied"),
            Map.of(),
            "run",
            plan("{\"type\": \"chkdsk_scan\"}").toString(),
            "--markers",
            "autoservice");

    List<String> fails = run.markerLines().stream().filter(l -> l.startsWith("TASK_FAIL")).toList();
    assertThat(fails)
        .containsExactly(
            "TASK_FAIL:0:chkdsk_scan - Access denied: chkdsk must run elevated (as administrator) to check C:.");
    JsonNode summary = JSON.readTree(run.stdout()).at("/results/0/summary");
    // the keys the original UI reads, laid flat
    assertThat(summary.path("error").asText()).startsWith("Access denied");
    assertThat(summary.path("output").asText())
        .startsWith("Access Denied as you do not have sufficient privileges");
    assertThat(summary.path("return_code").asInt()).isEqualTo(3);
    assertThat(summary.path("severity").asText()).isEqualTo("error");
    assertThat(JSON.readTree(run.stdout()).at("/results/0/status").asText()).isEqualTo("failure");
  }
}
