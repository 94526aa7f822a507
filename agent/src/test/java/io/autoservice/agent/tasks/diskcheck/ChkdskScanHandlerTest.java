package io.autoservice.agent.tasks.diskcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.testing.ReferenceKeys;
import io.autoservice.agent.tools.Tool;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChkdskScanHandlerTest {
  static final List<String> RESULT_KEYS =
      List.of(
          "found_no_problems",
          "errors_found",
          "volume_in_use",
          "prompted",
          "made_corrections",
          "access_denied",
          "invalid_drive",
          "filesystem_type",
          "total_disk_kb",
          "in_files_kb",
          "in_indexes_kb",
          "bad_sectors_kb",
          "system_use_kb",
          "available_kb",
          "duration_seconds",
          "return_code",
          "drive",
          "mode",
          "output_preview",
          "output",
          "scheduled",
          "verdict",
          "severity");

  private final ChkdskScanHandler handler = new ChkdskScanHandler();
  private final ToolLocator noSystemTools = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;
  private Path argsLog;
  private FakeTaskContext ctx;

  @BeforeEach
  void unixOnly() {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "the replaying fake chkdsk is a shell script");
    argsLog = tmp.resolve("args.log");
  }

  /** A replay case folder: the recorded output, the exit code, optionally recording stdin. */
  private Path replayCase(String fixture, int exit, boolean recordStdin) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "case");
    Files.copy(Fixtures.toolOutput("chkdsk", fixture), dir.resolve("default.stdout"));
    Files.writeString(dir.resolve("default.exit"), exit + "\n");
    if (recordStdin) {
      Files.writeString(dir.resolve("default.stdin"), "");
    }
    return dir;
  }

  private TaskOutcome run(ObjectNode params, Path caseDir, ToolCharset charset) {
    params.put("executable_path", Fixtures.replayTool().toAbsolutePath().toString());
    ctx =
        new FakeTaskContext(
                params,
                handler.descriptor().params(),
                noSystemTools,
                charset,
                Duration.ofMinutes(5))
            .withEnv(
                Map.of(
                    "FAKE_REPLAY_DIR", caseDir.toString(), "FAKE_REPLAY_LOG", argsLog.toString()));
    return handler.run(ctx);
  }

  private TaskOutcome run(ObjectNode params, Path caseDir) {
    return run(params, caseDir, null);
  }

  private static ObjectNode params(String drive, String mode, boolean scheduleIfBusy) {
    return Json.object()
        .put("drive", drive)
        .put("mode", mode)
        .put("schedule_if_busy", scheduleIfBusy);
  }

  private static JsonNode results(TaskOutcome o) {
    return o.summary().get("results");
  }

  private static JsonNode hr(TaskOutcome o) {
    return o.summary().get("human_readable");
  }

  private String recordedArgs() throws Exception {
    return Files.readString(argsLog).strip();
  }

  @Test
  void shouldDescribeItself() {
    assertThat(handler.descriptor().type()).isEqualTo("chkdsk_scan");
    assertThat(handler.descriptor().defaultTimeout()).isEqualTo(Duration.ofSeconds(3600));
    assertThat(handler.descriptor().tool()).contains(Tool.CHKDSK);
    assertThat(handler.descriptor().requiresWindows()).isTrue();
    assertThat(handler.descriptor().params().spec("drive").orElseThrow().defaultValue().asText())
        .isEqualTo("C:");
    assertThat(handler.descriptor().params().spec("mode").orElseThrow().defaultValue().asText())
        .isEqualTo("read_only");
    assertThat(
            handler
                .descriptor()
                .params()
                .spec("schedule_if_busy")
                .orElseThrow()
                .defaultValue()
                .asBoolean())
        .isFalse();
    assertThat(handler.descriptor().params().validate("t", Json.object().put("mode", "destroy")))
        .hasSize(1);
    assertThat(
            handler
                .descriptor()
                .params()
                .validate("t", Json.object().put("schedule_if_busy", "yes")))
        .hasSize(1);
    assertThat(handler.descriptor().params().validate("t", Json.object())).isEmpty();
  }

  @Test
  void shouldBuildTheRunnersCommandLines() {
    assertThat(ChkdskScanHandler.args("C:", "read_only")).containsExactly("C:");
    assertThat(ChkdskScanHandler.args("D:", "fix_errors")).containsExactly("D:", "/f");
    assertThat(ChkdskScanHandler.args("E:", "comprehensive")).containsExactly("E:", "/f", "/r");
  }

  @Test
  void shouldReportAHealthyReadOnlyCheck() throws Exception {
    Path dir =
        replayCase("en-win10-readonly-no-problems-full-summary-blanklines-lost.txt", 0, false);
    TaskOutcome o = run(params("c", "read_only", false), dir);

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(recordedArgs()).isEqualTo("C:");
    JsonNode r = results(o);
    assertThat(r.fieldNames()).toIterable().containsExactlyElementsOf(RESULT_KEYS);
    assertThat(r.get("found_no_problems").asBoolean()).isTrue();
    assertThat(r.get("errors_found").asBoolean()).isFalse();
    assertThat(r.get("filesystem_type").asText()).isEqualTo("NTFS");
    assertThat(r.get("total_disk_kb").asLong()).isEqualTo(116655103L);
    assertThat(r.get("available_kb").asLong()).isEqualTo(59177804L);
    assertThat(r.get("return_code").asInt()).isZero();
    assertThat(r.get("drive").asText()).isEqualTo("C:");
    assertThat(r.get("mode").asText()).isEqualTo("read_only");
    assertThat(r.get("duration_seconds").asDouble())
        .as("measured: no Total duration line")
        .isPositive();
    assertThat(r.get("output").asText())
        .contains("\nThe type of the file system is NTFS.\n")
        .endsWith("14794451 allocation units available on disk.");
    assertThat(r.get("output_preview").asText())
        .hasSizeLessThanOrEqualTo(1000)
        .endsWith("14794451 allocation units available on disk.");
    assertThat(r.get("verdict").asText()).isEqualTo("The file system is healthy.");
    assertThat(r.get("severity").asText()).isEqualTo("success");
    assertThat(hr(o).get("verdict").asText()).isEqualTo("The file system is healthy.");
    assertThat(hr(o).has("reason")).isFalse();
    assertThat(o.extra().get("command").get(1).asText()).isEqualTo("C:");
    assertThat(ctx.specs.get(0).stdin()).as("stdin closed").isNull();
    assertThat(ctx.specs.get(0).charset()).isEqualTo(ToolCharset.oem());
    assertThat(ctx.specs.get(0).timeout())
        .as("an hour at most, here the task's 5 minutes left")
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(ctx.progress)
        .extracting(FakeTaskContext.Progress::message)
        .contains("Stage 3: Examining security descriptors ...");
  }

  @Test
  void shouldWarnWhenAReadOnlyCheckFindsErrors() throws Exception {
    Path dir = replayCase("en-win7-readonly-found-problems-run-f-blanklines-lost.txt", 3, false);
    TaskOutcome o = run(params("C:", "read_only", false), dir);

    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(results(o).get("errors_found").asBoolean()).isTrue();
    assertThat(results(o).get("verdict").asText()).isEqualTo("Errors found - disk requires repair");
    assertThat(results(o).get("severity").asText()).isEqualTo("error");
    assertThat(hr(o).get("reason").asText()).contains("fix_errors");
    assertThat(results(o).get("warning").asText()).isEqualTo(hr(o).get("reason").asText());
  }

  @Test
  void shouldAnswerYesAndReportTheCheckScheduledForTheNextRestart() throws Exception {
    Path dir = replayCase("en-f-system-drive-cannot-lock-schedule-yes-mslearn.txt", 0, true);
    TaskOutcome o = run(params("C:", "fix_errors", true), dir);

    assertThat(Files.readString(dir.resolve("default.stdin"), StandardCharsets.US_ASCII))
        .isEqualTo("Y\r\n");
    assertThat(recordedArgs()).isEqualTo("C: /f");
    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    JsonNode r = results(o);
    assertThat(r.get("scheduled").asBoolean()).isTrue();
    assertThat(r.get("prompted").asBoolean()).isTrue();
    assertThat(r.get("volume_in_use").asBoolean()).isTrue();
    assertThat(r.get("note").asText())
        .isEqualTo("C: is in use, so chkdsk will check it the next time Windows restarts.");
    assertThat(r.get("severity").asText()).isEqualTo("info");
  }

  @Test
  void shouldKeepStdinClosedAndWarnWhenThePromptGoesUnanswered() throws Exception {
    Path dir = replayCase("synthetic-en-f-system-drive-schedule-prompt-unanswered.txt", 3, true);
    TaskOutcome o = run(params("C:", "fix_errors", false), dir);

    assertThat(Files.readString(dir.resolve("default.stdin")))
        .as("nothing written, EOF at once")
        .isEmpty();
    assertThat(ctx.specs.get(0).stdin()).isNull();
    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(results(o).get("scheduled").asBoolean()).isFalse();
    assertThat(hr(o).get("reason").asText())
        .contains("offered to schedule the check for the next restart")
        .contains("schedule_if_busy is false");
  }

  @Test
  void shouldJudgeAForcedDismountByTheCheckItThenRan() throws Exception {
    Path dir = replayCase("en-f-force-dismount-prompt-y-nonsystem-partial.txt", 0, true);
    TaskOutcome o = run(params("F", "fix_errors", true), dir);

    assertThat(o.status())
        .as("the runner said warning: volume in use")
        .isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).get("verdict").asText()).isEqualTo("The file system is healthy.");
    assertThat(results(o).get("note").asText()).contains("F: was dismounted");
    assertThat(results(o).get("scheduled").asBoolean()).isFalse();
  }

  @Test
  void shouldReportCorrectionsAsSuccessWithChkdsksOwnDuration() throws Exception {
    Path dir = replayCase("synthetic-en-win10-f-made-corrections-total-duration.txt", 1, false);
    TaskOutcome o = run(params("D:", "comprehensive", false), dir);

    assertThat(recordedArgs()).isEqualTo("D: /f /r");
    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).get("made_corrections").asBoolean()).isTrue();
    assertThat(results(o).get("duration_seconds").asDouble()).isEqualTo(2.513);
    assertThat(results(o).get("return_code").asInt()).isEqualTo(1);
    assertThat(hr(o).get("notes").get(0).asText())
        .isEqualTo("Windows made corrections to the file system on D:.");
  }

  @Test
  void shouldReportErrorsFixModeDidNotCorrectAsError() throws Exception {
    Path dir = replayCase("synthetic-en-f-found-problems-could-not-fix.txt", 3, false);
    TaskOutcome o = run(params("E:", "fix_errors", false), dir);
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(results(o).get("error").asText()).contains("did not correct (exit code 3)");
  }

  @Test
  void shouldReportAccessDeniedAndMissingDrivesAsErrors() throws Exception {
    TaskOutcome denied =
        run(
            params("C:", "read_only", false),
            replayCase("en-not-elevated-access-denied.txt", 3, false));
    assertThat(denied.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(denied).get("reason").asText()).contains("must run elevated");
    assertThat(results(denied).get("error").asText()).isEqualTo(hr(denied).get("reason").asText());

    TaskOutcome missing =
        run(
            params("Q:", "read_only", false),
            replayCase("synthetic-en-invalid-drive.txt", 3, false));
    assertThat(missing.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(missing).get("reason").asText()).startsWith("Drive Q: was not found");
  }

  @Test
  void shouldReportACheckThatCouldNotRunAsError() throws Exception {
    TaskOutcome o =
        run(
            params("C:", "read_only", false),
            replayCase("synthetic-en-raw-not-available-exit3.txt", 3, false));
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .contains("exit code 3")
        .contains("CHKDSK is not available for RAW drives.");
  }

  @Test
  void shouldNotCallACutGermanCheckHealthyOnItsExitCodeAlone() throws Exception {
    // The capture stops in phase 1 ("6 Prozent ab"): no size summary, so exit 0 proves nothing.
    Path dir =
        replayCase(
            "de-readonly-volume-in-use-progress-lines-oem-cp850-mojibake-partial.oem850.txt",
            0,
            false);
    TaskOutcome o =
        run(params("C:", "read_only", false), dir, ToolCharset.auto(Charset.forName("IBM850")));

    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(hr(o).get("reason").asText())
        .contains("exited with code 0", "no size summary", "6 Prozent ab");
    assertThat(results(o).get("found_no_problems").asBoolean()).isFalse();
    assertThat(results(o).get("filesystem_type").asText()).isEqualTo("NTFS");
    assertThat(results(o).get("output").asText())
        .contains("meldet möglicherweise Fehler wenn keine Beschädigung vorliegt.");
    assertThat(ctx.progress).isNotEmpty();
    assertThat(ctx.progress.get(ctx.progress.size() - 1).percent()).isEqualTo(5.0);
  }

  @Test
  void shouldReportAGermanCheckThatEndsWithExitCode3AsErrors() throws Exception {
    Path dir =
        replayCase(
            "de-readonly-volume-in-use-progress-lines-oem-cp850-mojibake-partial.oem850.txt",
            3,
            false);
    TaskOutcome o =
        run(params("C:", "read_only", false), dir, ToolCharset.auto(Charset.forName("IBM850")));

    assertThat(o.status())
        .as("no summary, no errors sentence: could not check")
        .isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText()).contains("exit code 3").contains("6 Prozent ab");
    assertThat(results(o).get("found_no_problems").asBoolean()).isFalse();
  }

  @Test
  void shouldReadSpanishAndRussianChecksWithTheirSizesAndDuration() throws Exception {
    TaskOutcome es =
        run(
            params("C:", "read_only", false),
            replayCase("es-win10-readonly-no-problems-total-duration-partial.txt", 0, false));
    assertThat(es.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(es).get("verdict").asText()).isEqualTo("The file system is healthy.");
    assertThat(results(es).has("note")).as("the Spanish sentence was read").isFalse();
    assertThat(results(es).get("total_disk_kb").asLong()).isEqualTo(976249556L);
    assertThat(results(es).get("available_kb").asLong()).isEqualTo(285137180L);
    assertThat(results(es).get("duration_seconds").asDouble()).isEqualTo(125.659);

    TaskOutcome ru =
        run(
            params("C:", "read_only", false),
            replayCase("ru-win10-readonly-no-problems-count-last-alloc-lines-full.txt", 0, false));
    assertThat(ru.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(ru).get("filesystem_type").asText()).isEqualTo("NTFS");
    assertThat(results(ru).get("in_files_kb").asLong()).isEqualTo(213091424L);
    assertThat(results(ru).get("duration_seconds").asDouble()).isEqualTo(62.892);
  }

  @Test
  void shouldReportGermanCorrectionsWithConsistentFlags() throws Exception {
    TaskOutcome o =
        run(
            params("E:", "fix_errors", false),
            replayCase("de-xp-f-problems-fixed-full-summary-partial.txt", 1, false));
    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).get("verdict").asText()).isEqualTo("Errors were found and corrected.");
    assertThat(results(o).get("made_corrections").asBoolean()).isTrue();
    assertThat(results(o).get("errors_found").asBoolean()).isTrue();
    assertThat(results(o).get("found_no_problems").asBoolean()).isFalse();
    assertThat(results(o).get("total_disk_kb").asLong()).isEqualTo(1412699840L);
  }

  @Test
  void shouldWarnWhenAGermanPromptWentUnansweredWhateverTheExitCode() throws Exception {
    // The German /f run cut right after its "(J/N)" prompt: no summary, no verdict sentence.
    List<String> lines =
        Fixtures.lines(
                "chkdsk", "de-xp-f-cannot-lock-dismount-prompt-j-no-problems-full-summary.txt")
            .subList(0, 8);
    assertThat(lines.get(7))
        .startsWith("Möchten Sie die Bereitstellung des Volumes aufheben? (J/N)");
    TaskOutcome o = ChkdskScanHandler.outcome("E:", "fix_errors", false, lines, List.of(), 0, 3.0);
    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(results(o).get("verdict").asText()).isEqualTo("Volume in use - not checked");
    assertThat(results(o).get("found_no_problems").asBoolean()).isFalse();
  }

  @Test
  void shouldRefuseDrivesThatAreNotALetter() throws Exception {
    Path dir =
        replayCase("en-win10-readonly-no-problems-full-summary-blanklines-lost.txt", 0, false);
    for (String bad : List.of("C:\\Windows", "/f", "C: /x", "CD", "", "1:")) {
      TaskOutcome o = run(params(bad, "read_only", false), dir);
      assertThat(o.status()).as(bad).isEqualTo(TaskStatus.ERROR);
      assertThat(hr(o).get("reason").asText()).startsWith("drive must be a drive letter");
      assertThat(ctx.specs).as("nothing started for " + bad).isEmpty();
    }
  }

  @Test
  void shouldReportAMissingChkdsk() {
    ObjectNode p =
        params("C:", "read_only", false).put("executable_path", tmp.resolve("nope.exe").toString());
    TaskOutcome o =
        handler.run(new FakeTaskContext(p, handler.descriptor().params(), noSystemTools));
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText()).startsWith("chkdsk not found");
  }

  @Test
  void shouldKeepTheEndOfAVeryLongOutput() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      lines.add(i + " Prozent abgeschlossen. (" + i + " von 5000 Datensätzen verarbeitet)");
    }
    TaskOutcome o = ChkdskScanHandler.outcome("C:", "read_only", false, lines, List.of(), 0, 12.5);
    String output = results(o).get("output").asText();
    assertThat(output)
        .startsWith("[… ")
        .endsWith("4999 Prozent abgeschlossen. (4999 von 5000 Datensätzen verarbeitet)");
    assertThat(output.length()).isLessThan(ChkdskScanHandler.OUTPUT_CHARS + 100);
    assertThat(results(o).get("duration_seconds").asDouble()).isEqualTo(12.5);
  }

  @Test
  void shouldHaveEveryKeyOfTheUisSampleResults() throws Exception {
    Map<String, String> equivalent =
        Map.of(
            "healthy.json", "en-win10-readonly-no-problems-full-summary-blanklines-lost.txt",
            "errors_found.json",
                "en-readonly-errors-then-scan-queued-offline-repair-partial-blanklines-lost.txt",
            "error.json", "en-not-elevated-access-denied.txt");
    for (Map.Entry<String, String> e : equivalent.entrySet()) {
      JsonNode sample =
          Json.parse(Files.readString(Fixtures.referenceResult("chkdsk_scan", e.getKey())));
      TaskOutcome o = run(params("C:", "read_only", false), replayCase(e.getValue(), 2, false));
      TaskResult result =
          new TaskResult("chkdsk_scan", null, o.status(), o.summary(), 1.0, o.extra());
      JsonNode ours = ReportJson.autoserviceResult(result).get("summary");
      assertThat(ReferenceKeys.missing(sample.get("summary"), ours)).as(e.getKey()).isEmpty();
    }
  }
}
