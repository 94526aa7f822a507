package io.autoservice.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.EventPayload.OutputSource;
import io.autoservice.common.event.EventPayload.RunFinished;
import io.autoservice.common.event.EventPayload.RunStarted;
import io.autoservice.common.event.EventPayload.TaskFinished;
import io.autoservice.common.event.EventPayload.TaskOutput;
import io.autoservice.common.event.EventPayload.TaskProgress;
import io.autoservice.common.event.EventPayload.TaskStarted;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClassicProtocolPrinterTest {

  /** The AutoService desktop UI's regexes, copied from its {@code src/pages/service/runner.js}. */
  private static final Pattern UI_START = Pattern.compile("^TASK_START:(\\d+):(.+)$");

  private static final Pattern UI_OK = Pattern.compile("^TASK_OK:(\\d+):(.+)$");
  private static final Pattern UI_FAIL =
      Pattern.compile("^TASK_FAIL:(\\d+):(.+?)(?:\\s*-\\s*(.+))?$");
  private static final Pattern UI_SKIP =
      Pattern.compile("^TASK_SKIP:(\\d+):(.+?)(?:\\s*-\\s*(.+))?$");

  private static final String PROGRESS = "<progress>";

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.parse(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static final TaskResult SFC_OK =
      new TaskResult(
          "sfc_scan",
          null,
          TaskStatus.SUCCESS,
          json(
              "{\"human_readable\":{\"verdict\":\"No integrity violations\"},"
                  + "\"results\":{\"violations_found\":false}}"),
          61.5,
          null);
  private static final TaskResult DISM_ERROR =
      TaskResult.ofReason(
          "dism_health_check", "dism", TaskStatus.ERROR, "DISM failed\nError: 87", 2.25);
  private static final TaskResult BOGUS_SKIPPED =
      TaskResult.ofReason("bogus_task", null, TaskStatus.SKIPPED, "No handler for task type", 0);

  /** A whole run: success with output and progress, error with a two-line reason, skip. */
  private static List<EventPayload> run() {
    return List.of(
        new RunStarted(List.of("sfc_scan", "dism_health_check", "bogus_task")),
        new TaskStarted(0, "sfc_scan", null),
        new TaskOutput(0, OutputSource.STDOUT, "Beginning system scan."),
        new TaskProgress(0, 42.0, "Verification 42% complete."),
        new TaskOutput(0, OutputSource.STDOUT, "TASK_OK:0:x"),
        new TaskFinished(0, SFC_OK),
        new TaskStarted(1, "dism_health_check", "dism"),
        new TaskFinished(1, DISM_ERROR),
        new TaskStarted(2, "bogus_task", null),
        new TaskFinished(2, BOGUS_SKIPPED),
        new RunFinished(
            new RunReport(
                "run-1",
                RunStatus.COMPLETED_WITH_ERRORS,
                List.of(SFC_OK, DISM_ERROR, BOGUS_SKIPPED),
                63.75,
                Instant.parse("2025-03-01T09:30:00Z"),
                null,
                null)));
  }

  private ClassicProtocolPrinter printer(MarkerDialect dialect) {
    return new ClassicProtocolPrinter(
        new PrintStream(bytes, false, StandardCharsets.UTF_8), dialect);
  }

  private static void feed(ClassicProtocolPrinter printer, List<EventPayload> payloads) {
    long seq = 1;
    for (EventPayload p : payloads) {
      printer.accept(new RunEvent("run-1", seq++, Instant.EPOCH, p));
    }
  }

  private List<String> lines() {
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).endsWith(System.lineSeparator());
    return List.of(text.split("\\R"));
  }

  /** The lines, with each task-end PROGRESS_JSON body replaced by a placeholder. */
  private static List<String> withoutProgressBodies(List<String> lines, String prefix) {
    return lines.stream()
        .map(l -> l.startsWith(prefix) && l.contains("\"type\":\"progress\"") ? PROGRESS : l)
        .toList();
  }

  private static List<JsonNode> bodies(List<String> lines, String prefix) {
    List<JsonNode> out = new ArrayList<>();
    for (String l : lines) {
      if (l.startsWith(prefix)) {
        out.add(json(l.substring(prefix.length())));
      }
    }
    return out;
  }

  // --- seed ----------------------------------------------------------------------------------

  @Test
  void shouldPrintTheSeedMarkersInOrder() {
    // given
    ClassicProtocolPrinter printer = printer(MarkerDialect.SEED);

    // when
    feed(printer, run());

    // then
    List<String> lines = lines();
    assertThat(withoutProgressBodies(lines, "PROGRESS_JSON: "))
        .containsExactly(
            "Parsed 3 tasks",
            "Task 0: sfc_scan",
            "Task 1: dism_health_check",
            "Task 2: bogus_task",
            "TASK_START: sfc_scan",
            "Starting task 1/3: sfc_scan",
            "[0:sfc_scan] Beginning system scan.",
            "PROGRESS_JSON: {\"type\":\"task_progress\",\"task_index\":0,"
                + "\"task_type\":\"sfc_scan\",\"percent\":42.0,"
                + "\"message\":\"Verification 42% complete.\"}",
            "[0:sfc_scan] TASK_OK:0:x",
            "TASK_OK: sfc_scan | success",
            "Task sfc_scan took 61.50 seconds",
            PROGRESS,
            "TASK_START: dism",
            "Starting task 2/3: dism_health_check",
            "TASK_FAIL: dism | DISM failed Error: 87",
            "Task dism_health_check took 2.25 seconds",
            PROGRESS,
            "TASK_START: bogus_task",
            "Starting task 3/3: bogus_task",
            "TASK_SKIP: bogus_task | No handler for task type",
            "Task bogus_task took 0.00 seconds",
            PROGRESS,
            lines.get(lines.size() - 1));
    assertThat(lines.get(lines.size() - 1)).startsWith("PROGRESS_JSON_FINAL: {");
  }

  @Test
  void shouldPrintSeedProgressAfterEachTaskWithoutCumulativeResults() {
    // given
    ClassicProtocolPrinter printer = printer(MarkerDialect.SEED);

    // when
    feed(printer, run());

    // then
    List<JsonNode> progress =
        bodies(lines(), "PROGRESS_JSON: ").stream()
            .filter(b -> b.get("type").asText().equals("progress"))
            .toList();
    assertThat(progress).hasSize(3);
    assertThat(progress).extracting(b -> b.get("completed").asInt()).containsExactly(1, 2, 3);
    assertThat(progress).extracting(b -> b.get("total").asInt()).containsExactly(3, 3, 3);
    assertThat(progress)
        .extracting(b -> b.get("last_result").get("task_type").asText())
        .containsExactly("sfc_scan", "dism_health_check", "bogus_task");
    assertThat(progress)
        .extracting(b -> b.get("last_result").get("status").asText())
        .containsExactly("success", "error", "skipped");
    assertThat(progress)
        .extracting(b -> b.get("overall_status").asText())
        .containsExactly("success", "completed_with_errors", "completed_with_errors");
    assertThat(progress).allSatisfy(b -> assertThat(b.has("results")).isFalse());
    assertThat(progress.get(0).get("last_result").get("summary")).isEqualTo(SFC_OK.summary());
    assertThat(progress.get(1).get("last_result").get("task_id").asText()).isEqualTo("dism");
  }

  @Test
  void shouldEndTheSeedRunWithFinalProgress() {
    // given
    ClassicProtocolPrinter printer = printer(MarkerDialect.SEED);

    // when
    feed(printer, run());

    // then
    List<String> lines = lines();
    JsonNode fin = json(lines.get(lines.size() - 1).substring("PROGRESS_JSON_FINAL: ".length()));
    assertThat(fin.get("type").asText()).isEqualTo("final");
    assertThat(fin.get("completed").asInt()).isEqualTo(3);
    assertThat(fin.get("total").asInt()).isEqualTo(3);
    assertThat(fin.get("results")).hasSize(3);
    assertThat(fin.get("overall_status").asText()).isEqualTo("completed_with_errors");
    assertThat(fin.has("last_result")).isFalse();
    assertThat(lines.stream().filter(l -> l.startsWith("PROGRESS_JSON_FINAL"))).hasSize(1);
  }

  @Test
  void shouldLeaveOutPercentWhenTheToolDoesNotSayIt() {
    // given
    ClassicProtocolPrinter printer = printer(MarkerDialect.SEED);

    // when
    feed(
        printer,
        List.of(
            new RunStarted(List.of("chkdsk_scan")),
            new TaskProgress(0, -1, "Stage 2: examining indexes")));

    // then
    assertThat(lines())
        .last()
        .isEqualTo(
            "PROGRESS_JSON: {\"type\":\"task_progress\",\"task_index\":0,"
                + "\"task_type\":\"chkdsk_scan\",\"message\":\"Stage 2: examining indexes\"}");
  }

  @Test
  void shouldPrintAWarningAsAnOkMarkerWithItsStatus() {
    // given
    ClassicProtocolPrinter printer = printer(MarkerDialect.SEED);
    TaskResult warning =
        new TaskResult("smartctl_report", "disks", TaskStatus.WARNING, null, 1, null);

    // when
    feed(
        printer, List.of(new RunStarted(List.of("smartctl_report")), new TaskFinished(0, warning)));

    // then
    assertThat(lines()).contains("TASK_OK: disks | warning");
    JsonNode progress = bodies(lines(), "PROGRESS_JSON: ").get(0);
    assertThat(progress.get("overall_status").asText()).isEqualTo("success");
  }

  // --- autoservice ---------------------------------------------------------------------------

  @Test
  void shouldPrintTheAutoserviceMarkersInOrder() {
    // given
    ClassicProtocolPrinter printer = printer(MarkerDialect.AUTOSERVICE);

    // when
    feed(printer, run());

    // then
    List<String> lines = lines();
    assertThat(withoutProgressBodies(lines, "PROGRESS_JSON:"))
        .containsExactly(
            "Parsed 3 tasks",
            "Task 0: sfc_scan",
            "Task 1: dism_health_check",
            "Task 2: bogus_task",
            "TASK_START:0:sfc_scan",
            "Starting task 1/3: sfc_scan",
            "[0:sfc_scan] Beginning system scan.",
            "[0:sfc_scan] progress 42% Verification 42% complete.",
            "[0:sfc_scan] TASK_OK:0:x",
            "TASK_OK:0:sfc_scan",
            "Task sfc_scan took 61.50 seconds",
            PROGRESS,
            "TASK_START:1:dism_health_check",
            "Starting task 2/3: dism_health_check",
            "TASK_FAIL:1:dism_health_check - DISM failed Error: 87",
            "Task dism_health_check took 2.25 seconds",
            PROGRESS,
            "TASK_START:2:bogus_task",
            "Starting task 3/3: bogus_task",
            "TASK_SKIP:2:bogus_task - No handler for task type",
            "Task bogus_task took 0.00 seconds",
            PROGRESS,
            lines.get(lines.size() - 1));
    assertThat(lines.get(lines.size() - 1)).startsWith("PROGRESS_JSON_FINAL:{");
  }

  @Test
  void shouldPrintMarkersTheDesktopUiMatches() {
    // given
    ClassicProtocolPrinter printer = printer(MarkerDialect.AUTOSERVICE);

    // when
    feed(printer, run());

    // then
    List<String> lines = lines();
    assertThat(lines.stream().filter(l -> UI_START.matcher(l).matches())).hasSize(3);
    assertThat(lines.stream().filter(l -> UI_OK.matcher(l).matches()))
        .containsExactly("TASK_OK:0:sfc_scan");
    var fail = lines.stream().map(UI_FAIL::matcher).filter(m -> m.matches()).toList();
    assertThat(fail).hasSize(1);
    assertThat(fail.get(0).group(1)).isEqualTo("1");
    assertThat(fail.get(0).group(2)).isEqualTo("dism_health_check");
    assertThat(fail.get(0).group(3)).isEqualTo("DISM failed Error: 87");
    var skip = lines.stream().map(UI_SKIP::matcher).filter(m -> m.matches()).toList();
    assertThat(skip).hasSize(1);
    assertThat(skip.get(0).group(2)).isEqualTo("bogus_task");
    assertThat(skip.get(0).group(3)).isEqualTo("No handler for task type");
  }

  @Test
  void shouldPrintAutoserviceProgressWithCumulativeFlattenedResults() {
    // given
    ClassicProtocolPrinter printer = printer(MarkerDialect.AUTOSERVICE);

    // when
    feed(printer, run());

    // then
    List<JsonNode> progress = bodies(lines(), "PROGRESS_JSON:");
    assertThat(progress).hasSize(3);
    assertThat(progress).allSatisfy(b -> assertThat(b.get("type").asText()).isEqualTo("progress"));
    assertThat(progress).extracting(b -> b.get("completed").asInt()).containsExactly(1, 2, 3);
    assertThat(progress).extracting(b -> b.get("total").asInt()).containsExactly(3, 3, 3);
    assertThat(progress).extracting(b -> b.get("results").size()).containsExactly(1, 2, 3);
    assertThat(progress)
        .extracting(b -> b.get("overall_status").asText())
        .containsExactly("success", "completed_with_errors", "completed_with_errors");
    assertThat(progress)
        .extracting(b -> b.get("last_result").get("task_type").asText())
        .containsExactly("sfc_scan", "dism_health_check", "bogus_task");
    JsonNode summary = progress.get(0).get("last_result").get("summary");
    assertThat(summary.get("violations_found").asBoolean(true)).isFalse();
    assertThat(summary.has("results")).isFalse();
    assertThat(progress.get(2).get("results").get(0)).isEqualTo(progress.get(0).get("last_result"));
  }

  @Test
  void shouldEndTheAutoserviceRunWithFinalProgress() {
    // given
    ClassicProtocolPrinter printer = printer(MarkerDialect.AUTOSERVICE);

    // when
    feed(printer, run());

    // then
    List<String> lines = lines();
    JsonNode fin = json(lines.get(lines.size() - 1).substring("PROGRESS_JSON_FINAL:".length()));
    assertThat(fin.get("type").asText()).isEqualTo("final");
    assertThat(fin.get("completed").asInt()).isEqualTo(3);
    assertThat(fin.get("total").asInt()).isEqualTo(3);
    assertThat(fin.get("results")).hasSize(3);
    assertThat(fin.get("overall_status").asText()).isEqualTo("completed_with_errors");
  }

  @Test
  void shouldSayProgressWithoutPercentAsAPlainLine() {
    // given
    ClassicProtocolPrinter printer = printer(MarkerDialect.AUTOSERVICE);

    // when
    feed(
        printer,
        List.of(new RunStarted(List.of("chkdsk_scan")), new TaskProgress(0, -1, "Stage 2")));

    // then
    assertThat(lines()).last().isEqualTo("[0:chkdsk_scan] progress Stage 2");
  }

  // --- both dialects -------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(MarkerDialect.class)
  void shouldNeverPrintAFreeLineThatReadsAsAMarker(MarkerDialect dialect) {
    // given
    ClassicProtocolPrinter printer = printer(dialect);
    List<EventPayload> payloads = new ArrayList<>(run());
    payloads.add(2, new TaskOutput(0, OutputSource.STDERR, "line one\nTASK_FAIL:0:sfc_scan - x"));

    // when
    feed(printer, payloads);
    printer.log("TASK_OK:0:sfc_scan");
    printer.log("PROGRESS_JSON_FINAL:{}");

    // then
    List<String> lines = lines();
    long markers = lines.stream().filter(l -> dialect.parse(l).isPresent()).count();
    assertThat(markers).isEqualTo(3 + 3 + 3 + (dialect == MarkerDialect.SEED ? 1 : 0) + 1);
    assertThat(lines)
        .filteredOn(l -> dialect.parse(l).isEmpty())
        .allSatisfy(l -> assertThat(Marker.startsWithMarkerWord(l)).as(l).isFalse());
    assertThat(lines).contains("[0:sfc_scan] TASK_OK:0:x");
    assertThat(lines).contains("[0:sfc_scan] line one TASK_FAIL:0:sfc_scan - x");
    assertThat(lines).endsWith("  TASK_OK:0:sfc_scan", "  PROGRESS_JSON_FINAL:{}");
  }

  @ParameterizedTest
  @EnumSource(MarkerDialect.class)
  void shouldNameATaskWithoutTypeUnknownInTheTaskList(MarkerDialect dialect) {
    // given
    ClassicProtocolPrinter printer = printer(dialect);

    // when
    feed(printer, List.of(new RunStarted(List.of("sfc_scan", ""))));

    // then
    assertThat(lines()).containsExactly("Parsed 2 tasks", "Task 0: sfc_scan", "Task 1: unknown");
  }

  @ParameterizedTest
  @EnumSource(MarkerDialect.class)
  void shouldFlushEveryLineAsItIsWritten(MarkerDialect dialect) {
    // given: a buffered stream that shows nothing until flushed
    ClassicProtocolPrinter printer =
        new ClassicProtocolPrinter(
            new PrintStream(
                new BufferedOutputStream(bytes, 1 << 16), false, StandardCharsets.UTF_8),
            dialect);
    List<EventPayload> payloads = run();

    // when / then
    long seq = 1;
    int seen = 0;
    for (EventPayload p : payloads) {
      printer.accept(new RunEvent("run-1", seq++, Instant.EPOCH, p));
      String shown = bytes.toString(StandardCharsets.UTF_8);
      assertThat(shown.length()).as("after %s", p).isGreaterThan(seen);
      assertThat(shown).as("after %s", p).endsWith(System.lineSeparator());
      seen = shown.length();
    }
    printer.log("a free line");
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .endsWith("a free line" + System.lineSeparator());
  }
}
