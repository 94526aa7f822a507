package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent run} from the built jar: markers, report, exit codes, files. */
class AgentRunIT {
  // The AutoService desktop UI's own regexes (runner.js).
  static final Pattern UI_START = Pattern.compile("^TASK_START:(\\d+):(.+)$");
  static final Pattern UI_OK = Pattern.compile("^TASK_OK:(\\d+):(.+)$");
  static final Pattern UI_FAIL = Pattern.compile("^TASK_FAIL:(\\d+):(.+?)(?:\\s*-\\s*(.+))?$");
  static final Pattern UI_SKIP = Pattern.compile("^TASK_SKIP:(\\d+):(.+?)(?:\\s*-\\s*(.+))?$");

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /**
   * hello, disk space, an unknown type, and a ping whose tool does not exist: one of each ending.
   */
  private Path mixedPlan() throws Exception {
    Path plan = tmp.resolve("mixed.json");
    Files.writeString(
        plan,
        """
        {"tasks": [
          {"id": "greet", "type": "hello_service", "params": {"name": "Ada"}},
          {"type": "disk_space_report"},
          {"type": "defrag_everything"},
          {"type": "ping_test", "host": "127.0.0.1", "count": 1,
           "executable_path": "%s"}
        ], "metadata": {"technician_name": "Grace"}}
        """
            .formatted(tmp.resolve("no-such-ping").toString().replace("\\", "\\\\")));
    return plan;
  }

  @Test
  void shouldPrintSeedMarkersAndTheReportOnStdout() throws Exception {
    AgentProcess.Outcome run = AgentProcess.run("run", mixedPlan().toString());

    assertThat(run.exitCode()).isZero();
    List<String> markers = run.markerLines();
    assertThat(markers.stream().filter(l -> !l.startsWith("PROGRESS_JSON")))
        .containsExactly(
            "TASK_START: greet",
            "TASK_OK: greet | success",
            "TASK_START: disk_space_report",
            markers.stream()
                .filter(l -> l.startsWith("TASK_OK: disk_space_report"))
                .findFirst()
                .orElse("missing"),
            "TASK_SKIP: defrag_everything | No handler for task type \"defrag_everything\"",
            "TASK_START: ping_test",
            markers.stream()
                .filter(l -> l.startsWith("TASK_FAIL: ping_test | ping not found"))
                .findFirst()
                .orElse("missing"));
    assertThat(markers.get(markers.size() - 1)).startsWith("PROGRESS_JSON_FINAL: {");
    JsonNode progress = JSON.readTree(markers.get(2).substring("PROGRESS_JSON: ".length()));
    assertThat(progress.path("type").asText()).isEqualTo("progress");
    assertThat(progress.path("completed").asInt()).isEqualTo(1);
    assertThat(progress.path("total").asInt()).isEqualTo(4);
    assertThat(progress.path("last_result").path("task_type").asText()).isEqualTo("hello_service");

    JsonNode report = JSON.readTree(run.stdout());
    assertThat(report.fieldNames())
        .toIterable()
        .containsExactly(
            "tasks", "status", "total_duration_seconds", "run_timestamp", "run_id", "metadata");
    assertThat(report.path("status").asText()).isEqualTo("completed_with_errors");
    assertThat(report.path("tasks")).hasSize(4);
    for (JsonNode task : report.path("tasks")) {
      assertThat(task.path("duration_seconds").asDouble()).isPositive();
    }
    assertThat(report.at("/tasks/0/summary/human_readable/message").asText())
        .isEqualTo("Hello, Ada!");
    assertThat(report.at("/tasks/1/summary/results/drives")).isNotEmpty();
    assertThat(report.at("/tasks/2/status").asText()).isEqualTo("skipped");
    assertThat(report.at("/tasks/3/status").asText()).isEqualTo("error");
    assertThat(report.at("/metadata/technician_name").asText()).isEqualTo("Grace");
    assertThat(report.at("/metadata/hostname").asText()).isNotBlank();
  }

  @Test
  void shouldSpeakTheDesktopUisDialect() throws Exception {
    AgentProcess.Outcome run =
        AgentProcess.run("run", mixedPlan().toString(), "--markers", "autoservice");

    assertThat(run.exitCode()).isZero();
    List<String> taskMarkers =
        run.markerLines().stream().filter(l -> l.startsWith("TASK_")).toList();
    assertThat(taskMarkers).hasSize(7);
    assertUi(taskMarkers.get(0), UI_START, "0", "hello_service", null);
    assertUi(taskMarkers.get(1), UI_OK, "0", "hello_service", null);
    assertUi(taskMarkers.get(2), UI_START, "1", "disk_space_report", null);
    assertUi(taskMarkers.get(3), UI_OK, "1", "disk_space_report", null);
    assertUi(
        taskMarkers.get(4),
        UI_SKIP,
        "2",
        "defrag_everything",
        "No handler for task type \"defrag_everything\"");
    assertUi(taskMarkers.get(5), UI_START, "3", "ping_test", null);
    Matcher fail = UI_FAIL.matcher(taskMarkers.get(6));
    assertThat(fail.matches()).isTrue();
    assertThat(fail.group(2)).isEqualTo("ping_test");
    assertThat(fail.group(3)).startsWith("ping not found; looked in:");

    List<String> progress =
        run.stderrLines().stream().filter(l -> l.startsWith("PROGRESS_JSON:")).toList();
    assertThat(progress).hasSize(4);
    JsonNode last = JSON.readTree(progress.get(3).substring("PROGRESS_JSON:".length()));
    assertThat(last.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(
            "type", "completed", "total", "last_result", "results", "overall_status");
    assertThat(last.path("results")).hasSize(4);
    assertThat(last.path("overall_status").asText()).isEqualTo("completed_with_errors");
    assertThat(run.stderrLines()).anyMatch(l -> l.startsWith("PROGRESS_JSON_FINAL:{"));

    JsonNode report = JSON.readTree(run.stdout());
    assertThat(report.fieldNames())
        .toIterable()
        .containsExactly("overall_status", "results", "metadata");
    assertThat(report.path("overall_status").asText()).isEqualTo("completed_with_errors");
    JsonNode disk = report.path("results").get(1).path("summary");
    assertThat(disk.has("drives")).as("results keys laid flat beside human_readable").isTrue();
    assertThat(disk.path("human_readable").has("warnings")).isTrue();
  }

  private static void assertUi(String line, Pattern p, String index, String type, String reason) {
    Matcher m = p.matcher(line);
    assertThat(m.matches()).as(line).isTrue();
    assertThat(m.group(1)).isEqualTo(index);
    assertThat(m.group(2)).isEqualTo(type);
    if (reason != null) {
      assertThat(m.group(3)).isEqualTo(reason);
    }
  }

  @Test
  void shouldNeverWriteAFreeLineThatLooksLikeAMarker() throws Exception {
    AgentProcess.Outcome run =
        AgentProcess.run("run", mixedPlan().toString(), "--markers", "autoservice");

    for (String line : run.stderrLines()) {
      if (line.startsWith("TASK_") || line.startsWith("PROGRESS_JSON")) {
        assertThat(
                UI_START.matcher(line).matches()
                    || UI_OK.matcher(line).matches()
                    || UI_FAIL.matcher(line).matches()
                    || UI_SKIP.matcher(line).matches()
                    || line.startsWith("PROGRESS_JSON:")
                    || line.startsWith("PROGRESS_JSON_FINAL:"))
            .as(line)
            .isTrue();
      }
    }
  }

  @Test
  void shouldWriteTheOutputFileAndMirrorStderrToTheLogFile() throws Exception {
    Path out = tmp.resolve("reports/deep/report.json");
    Path log = tmp.resolve("logs/run.log.txt");

    AgentProcess.Outcome run =
        AgentProcess.run(
            "run",
            AgentProcess.FIXTURES.resolve("plans/hello.json").toString(),
            "--output-file",
            out.toString(),
            "--log-file",
            log.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(JSON.readTree(Files.readString(out))).isEqualTo(JSON.readTree(run.stdout()));
    List<String> logged = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertThat(logged).contains("TASK_START: hello_service", "TASK_OK: hello_service | success");
    assertThat(logged).containsAll(run.markerLines());
  }

  /** C0 and C1 controls but TAB, LF and CR (the line breaks a stream needs). */
  static final Pattern RAW_CONTROL =
      Pattern.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]");

  @Test
  void shouldNotPrintTerminalControlsFromThePlanOrTheToolsOnStderrOrTheLogFile() throws Exception {
    // given: a plan the gate refuses for its ESC and BEL (its refusal quotes them), and one it
    // takes
    // with C1 CSI in a greeting and a tool path
    Path refused = tmp.resolve("refused.json");
    Files.writeString(
        refused,
        """
        {"tasks": [{"id": "greet\\u001b[2J\\u0007", "type": "hello_service"}]}
        """);
    Path plan = tmp.resolve("hostile.json");
    Files.writeString(
        plan,
        """
        {"tasks": [
          {"id": "greet", "type": "hello_service", "params": {"name": "\\u009b31m pwned"}},
          {"type": "defrag_all"},
          {"type": "ping_test", "host": "127.0.0.1", "count": 1, "executable_path": "/no/such\\u009bping"}
        ]}
        """);
    Path log = tmp.resolve("run.log");

    // when
    AgentProcess.Outcome refusal =
        AgentProcess.run("run", refused.toString(), "--log-file", log.toString());

    // then: the refusal names the id with its controls made visible
    assertThat(refusal.exitCode()).isNotZero();
    assertThat(refusal.stderr()).contains("greet\\e[2J\\x07");
    assertThat(RAW_CONTROL.matcher(refusal.stderr()).find()).as(refusal.stderr()).isFalse();

    for (String dialect : List.of("seed", "autoservice")) {
      // when
      AgentProcess.Outcome run =
          AgentProcess.run(
              "run", plan.toString(), "--markers", dialect, "--log-file", log.toString());

      // then: the text is there, escaped, and no raw control reached the terminal or the log
      assertThat(run.stderr()).as(dialect).contains("\\x9b31m pwned");
      assertThat(RAW_CONTROL.matcher(run.stderr()).find())
          .as(dialect + ": " + run.stderr())
          .isFalse();
      assertThat(RAW_CONTROL.matcher(Files.readString(log)).find()).as(dialect).isFalse();
      assertThat(RAW_CONTROL.matcher(run.stdout()).find())
          .as("the report: " + run.stdout())
          .isFalse();
      assertThat(JSON.readTree(run.stdout()).findValuesAsText("name"))
          .as("the report still says what the plan said")
          .contains("\u009b31m pwned");
      assertThat(run.markerLines().stream().filter(l -> l.startsWith("PROGRESS_JSON")))
          .allSatisfy(l -> JSON.readTree(l.substring(l.indexOf(':') + 1)));
    }
  }

  @Test
  void shouldReadAPlanFromStdinAndFromRawJson() {
    AgentProcess.Outcome fromStdin =
        AgentProcess.start(
                List.of("run", "-"), Map.of(), "{\"type\":\"hello_service\",\"name\":\"pipe\"}")
            .await();
    AgentProcess.Outcome fromArg =
        AgentProcess.run("run", "[{\"type\":\"hello_service\",\"params\":{\"name\":\"arg\"}}]");

    assertThat(fromStdin.exitCode()).isZero();
    assertThat(fromStdin.stdout()).contains("Hello, pipe!");
    assertThat(fromArg.exitCode()).isZero();
    assertThat(fromArg.stdout()).contains("Hello, arg!");
  }

  @Test
  void shouldEndATaskThatOverrunsItsTimeoutAndGoOn() throws Exception {
    Path plan = tmp.resolve("slow.json");
    Files.writeString(
        plan,
        """
        {"tasks": [
          {"type": "hello_service", "seconds": 60, "timeout_seconds": 1},
          {"type": "hello_service", "name": "after"}
        ]}
        """);

    AgentProcess.Outcome run = AgentProcess.run("run", plan.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.markerLines()).contains("TASK_FAIL: hello_service | timed out after 1 s");
    JsonNode report = JSON.readTree(run.stdout());
    assertThat(report.at("/tasks/0/status").asText()).isEqualTo("error");
    assertThat(report.at("/tasks/0/duration_seconds").asDouble()).isBetween(0.9, 15.0);
    assertThat(report.at("/tasks/1/summary/human_readable/message").asText())
        .isEqualTo("Hello, after!");
  }

  @Test
  void shouldPrintProgressWhileATaskRuns() throws Exception {
    Path plan = tmp.resolve("progress.json");
    Files.writeString(plan, "{\"type\":\"hello_service\",\"seconds\":1.5}");

    AgentProcess.Outcome run = AgentProcess.run("run", plan.toString());

    List<JsonNode> live =
        run.stderrLines().stream()
            .filter(l -> l.startsWith("PROGRESS_JSON: {\"type\":\"task_progress\""))
            .map(l -> read(l.substring("PROGRESS_JSON: ".length())))
            .toList();
    assertThat(live.size()).isBetween(2, 20);
    assertThat(live.get(live.size() - 1).path("percent").asDouble()).isGreaterThan(50);
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(json, e);
    }
  }
}
