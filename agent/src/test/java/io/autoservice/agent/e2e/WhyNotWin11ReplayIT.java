package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent run} with a {@code whynotwin11_check} task whose WhyNotWin11 is {@code
 * fixtures/fake-tools/whynotwin11}, which writes a CSV from {@code
 * fixtures/replays/whynotwin11_check/} (reconstructed, see
 * fixtures/tool-outputs/whynotwin11/README.md) where the task asked for it.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class WhyNotWin11ReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private AgentProcess.Outcome run(String replayCase, int exitCode, String... args) {
    Map<String, String> env = new HashMap<>();
    env.put(
        "AUTOSERVICE_TOOL_WHYNOTWIN11",
        AgentProcess.FIXTURES.resolve("fake-tools/whynotwin11").toAbsolutePath().toString());
    env.put(
        "FAKE_WHYNOTWIN11_CSV",
        AgentProcess.FIXTURES
            .resolve("replays/whynotwin11_check")
            .resolve(replayCase)
            .resolve("result.csv")
            .toAbsolutePath()
            .toString());
    env.put("FAKE_WHYNOTWIN11_EXIT", Integer.toString(exitCode));
    env.put("FAKE_WHYNOTWIN11_LOG", tmp.resolve("args.log").toString());
    return AgentProcess.run(env, args);
  }

  private static String samplePlan() {
    return AgentProcess.FIXTURES
        .resolve("plans/whynotwin11-check.json")
        .toAbsolutePath()
        .toString();
  }

  @Test
  void shouldReportWhichChecksKeepThePcFromWindows11() throws Exception {
    AgentProcess.Outcome run = run("not-ready", 1, "run", samplePlan());

    assertThat(run.exitCode()).isZero();
    assertThat(run.markerLines())
        .contains("TASK_START: whynotwin11_check", "TASK_OK: whynotwin11_check | success");
    String args = Files.readString(tmp.resolve("args.log")).strip();
    assertThat(args).startsWith("/export CSV ").endsWith(" /silent");
    Path csv =
        Path.of(args.substring("/export CSV ".length(), args.length() - " /silent".length()));
    assertThat(csv).as("the temporary CSV is deleted").doesNotExist();

    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.path("status").asText()).isEqualTo("success");
    JsonNode r = task.at("/summary/results");
    assertThat(r.path("ready").asBoolean()).isFalse();
    assertThat(r.path("hostname").asText()).isEqualTo("POTATO");
    assertThat(r.path("failing_checks").toString())
        .isEqualTo("[\"CPU Compatibility\",\"TPM Version\"]");
    assertThat(r.path("passing_checks")).hasSize(9);
    assertThat(r.path("exit_code").asInt()).isEqualTo(1);
    assertThat(task.at("/summary/human_readable/verdict").asText()).isEqualTo("not_ready");
    assertThat(task.at("/summary/human_readable/reason").asText())
        .isEqualTo("Not ready for Windows 11: CPU Compatibility, TPM Version");
    assertThat(task.path("command").get(4).asText()).isEqualTo("/silent");
  }

  @Test
  void shouldGiveTheDesktopUiTheKeysItReads() throws Exception {
    AgentProcess.Outcome run = run("ready", 0, "run", samplePlan(), "--markers", "autoservice");

    assertThat(run.exitCode()).isZero();
    assertThat(run.markerLines())
        .contains("TASK_START:0:whynotwin11_check", "TASK_OK:0:whynotwin11_check");
    JsonNode s = JSON.readTree(run.stdout()).at("/results/0/summary");
    assertThat(s.path("ready").asBoolean()).isTrue();
    assertThat(s.path("failing_checks")).isEmpty();
    assertThat(s.path("passing_checks")).hasSize(11);
    assertThat(s.path("hostname").asText()).isEqualTo("DESKTOP-4CJSR2B");
    assertThat(s.at("/human_readable/verdict").asText()).isEqualTo("ready");
  }

  @Test
  void shouldWarnWhenWhyNotWin11WroteNoResults() throws Exception {
    AgentProcess.Outcome run = run("no-results", 0, "run", samplePlan());

    assertThat(run.exitCode()).isZero();
    assertThat(run.markerLines()).contains("TASK_OK: whynotwin11_check | warning");
    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.at("/summary/human_readable/reason").asText())
        .startsWith("WhyNotWin11 wrote no results");
  }
}
