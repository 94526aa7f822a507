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
 * {@code agent run} with an {@code adwcleaner_clean} task whose AdwCleaner is {@code
 * fixtures/fake-tools/adwcleaner}: it copies a log from {@code fixtures/replays/adwcleaner_clean/}
 * (see fixtures/tool-outputs/adwcleaner/README.md) to {@code <path>/AdwCleaner/Logs/}, where the
 * task looks for this run's log.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class AdwCleanerCleanReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private AgentProcess.Outcome run(String replayCase, Map<String, String> moreEnv, String... args) {
    Map<String, String> env = new HashMap<>(moreEnv);
    env.put(
        "AUTOSERVICE_TOOL_ADWCLEANER",
        AgentProcess.FIXTURES.resolve("fake-tools/adwcleaner").toAbsolutePath().toString());
    if (replayCase != null) {
      env.put(
          "FAKE_ADWCLEANER_LOG",
          AgentProcess.FIXTURES
              .resolve("replays/adwcleaner_clean")
              .resolve(replayCase)
              .resolve("log.txt")
              .toAbsolutePath()
              .toString());
    }
    env.put("FAKE_ADWCLEANER_ARGS", tmp.resolve("args.log").toString());
    return AgentProcess.run(env, args);
  }

  /** A plan for one task writing to {@code <tmp>/work}. */
  private String plan(String extra) throws Exception {
    Path plan = tmp.resolve("plan.json");
    String wp = JSON.writeValueAsString(tmp.resolve("work").toString());
    Files.writeString(
        plan, "{\"tasks\": [{\"type\":\"adwcleaner_clean\",\"working_path\":" + wp + extra + "}]}");
    return plan.toString();
  }

  @Test
  void shouldCleanAndReportWhatThisRunsLogSays() throws Exception {
    AgentProcess.Outcome run =
        run("threats-reboot", Map.of(), "run", plan(",\"clean_preinstalled\":true"));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    Path wp = tmp.resolve("work");
    assertThat(Files.readString(tmp.resolve("args.log")).strip())
        .isEqualTo("/eula /clean /noreboot /path " + wp + " /preinstalled");
    assertThat(run.markerLines())
        .contains("TASK_START: adwcleaner_clean", "TASK_OK: adwcleaner_clean | success");
    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.path("log_file").asText())
        .isEqualTo(wp.resolve("AdwCleaner/Logs/AdwCleaner[C00].txt").toString());
    JsonNode r = task.at("/summary/results");
    assertThat(r.path("cleaned").asInt()).isEqualTo(9);
    assertThat(r.path("failed").asInt()).isZero();
    assertThat(r.path("folders")).hasSize(2);
    assertThat(r.at("/browsers/firefox_urls")).hasSize(1);
    assertThat(r.path("reboot_required").asBoolean()).isTrue();
    assertThat(task.at("/summary/human_readable/verdict").asText())
        .isEqualTo("AdwCleaner removed 9 items.");
  }

  @Test
  void shouldWarnAboutAnItemAdwCleanerCouldNotRemove() throws Exception {
    AgentProcess.Outcome run = run("failed-not-deleted", Map.of(), "run", plan(""));

    assertThat(run.markerLines()).contains("TASK_OK: adwcleaner_clean | warning");
    JsonNode r = JSON.readTree(run.stdout()).at("/tasks/0/summary/results");
    assertThat(r.path("cleaned").asInt()).isEqualTo(2);
    assertThat(r.path("failed").asInt()).isEqualTo(1);
    assertThat(r.path("failed_items").get(0).asText())
        .isEqualTo("Not Deleted C:\\ProgramData\\23B080A7");
  }

  @Test
  void shouldGiveTheDesktopUiTheRunnersKeysForAnOldFormatLog() throws Exception {
    AgentProcess.Outcome run =
        run("old-format", Map.of(), "run", plan(""), "--markers", "autoservice");

    assertThat(run.markerLines())
        .contains("TASK_START:0:adwcleaner_clean", "TASK_OK:0:adwcleaner_clean");
    JsonNode result = JSON.readTree(run.stdout()).at("/results/0");
    assertThat(result.path("status").asText()).isEqualTo("success");
    assertThat(result.path("log_file").asText()).endsWith("AdwCleaner[C00].txt");
    JsonNode s = result.path("summary");
    for (String key :
        new String[] {
          "cleaned",
          "failed",
          "registry",
          "files",
          "folders",
          "services",
          "tasks",
          "shortcuts",
          "dlls",
          "wmi",
          "browsers",
          "preinstalled",
          "reboot_required"
        }) {
      assertThat(s.has(key)).as(key).isTrue();
    }
    assertThat(s.path("cleaned").asInt()).isEqualTo(2);
    assertThat(s.path("registry")).hasSize(2);
  }

  @Test
  void shouldFailWhenAdwCleanerWroteNoLog() throws Exception {
    AgentProcess.Outcome run = run(null, Map.of(), "run", plan(""));

    assertThat(run.markerLines())
        .anyMatch(l -> l.startsWith("TASK_FAIL: adwcleaner_clean | No log file was generated"));
  }

  @Test
  void shouldBeSkippedOffWindowsWhenNoAdwCleanerWasNamed() throws Exception {
    AgentProcess.Outcome run =
        AgentProcess.run(
            Map.of(),
            "run",
            AgentProcess.FIXTURES
                .resolve("plans/adwcleaner-clean.json")
                .toAbsolutePath()
                .toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.markerLines()).contains("TASK_SKIP: adwcleaner_clean | requires Windows");
  }
}
