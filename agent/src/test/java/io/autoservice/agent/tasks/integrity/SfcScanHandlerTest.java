package io.autoservice.agent.tasks.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
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

class SfcScanHandlerTest {
  private static final List<String> RESULT_KEYS =
      List.of(
          "integrity_violations",
          "repairs_attempted",
          "repairs_successful",
          "verification_complete",
          "pending_reboot",
          "access_denied",
          "winsxs_repair_pending",
          "message",
          "return_code");

  private final SfcScanHandler handler = new SfcScanHandler();
  private final ToolLocator noSystemTools = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;

  @BeforeEach
  void unixOnly() {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "the replaying fake tool is a shell script");
  }

  /**
   * Runs the handler against a replay of {@code fixture} (bytes as recorded) exiting {@code exit}.
   */
  private FakeTaskContext replay(String fixture, int exit, Double sleep, Duration remaining) {
    Path dir = tmp.resolve("case-" + fixture);
    IntegrityFixtures.writeCase(
        dir, "default", IntegrityFixtures.bytes("sfc", fixture), exit, sleep);
    return new FakeTaskContext(
            Json.object().put("executable_path", Fixtures.replayTool().toString()),
            handler.descriptor().params(),
            noSystemTools,
            null,
            remaining)
        .withEnv(
            Map.of(
                "FAKE_REPLAY_DIR",
                dir.toString(),
                "FAKE_REPLAY_LOG",
                tmp.resolve("argv.log").toString()));
  }

  private TaskOutcome run(String fixture, int exit) {
    return handler.run(replay(fixture, exit, null, Duration.ofMinutes(5)));
  }

  private static JsonNode results(TaskOutcome o) {
    return o.summary().get("results");
  }

  private static String reason(TaskOutcome o) {
    return o.summary().at("/human_readable/reason").asText();
  }

  @Test
  void shouldDescribeItself() {
    assertThat(handler.descriptor().type()).isEqualTo("sfc_scan");
    assertThat(handler.descriptor().defaultTimeout()).isEqualTo(Duration.ofHours(1));
    assertThat(handler.descriptor().requiresWindows()).isTrue();
    assertThat(handler.descriptor().tool()).contains(Tool.SFC);
    assertThat(handler.descriptor().params().validate("t", Json.object())).isEmpty();
  }

  @Test
  void shouldReportHealthySystemFilesFromUtf16OutputWithLiveProgress() throws Exception {
    FakeTaskContext ctx =
        replay("en-no-violations-azure-docs.utf16le.txt", 0, null, Duration.ofMinutes(5));
    TaskOutcome o = handler.run(ctx);

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    JsonNode r = results(o);
    List<String> keys = new ArrayList<>();
    r.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .startsWith(RESULT_KEYS.toArray(String[]::new))
        .containsSubsequence("return_code", "verdict", "raw_output_preview")
        .doesNotContain("error", "warning", "stderr");
    assertThat(r.get("integrity_violations").asBoolean()).isFalse();
    assertThat(r.get("repairs_attempted").asBoolean()).isFalse();
    assertThat(r.get("repairs_successful").isNull()).isTrue();
    assertThat(r.get("verification_complete").asBoolean()).isTrue();
    assertThat(r.get("return_code").asInt()).isZero();
    assertThat(r.get("verdict").asText())
        .isEqualTo("No integrity violations found. System files are healthy.");
    assertThat(r.get("message").asText())
        .endsWith("Windows Resource Protection did not find any integrity violations.");
    assertThat(o.summary().at("/human_readable/verdict").asText())
        .startsWith("No integrity violations");
    assertThat(o.summary().at("/human_readable/reason").isMissingNode()).isTrue();
    assertThat(o.extra().get("command").get(0).asText())
        .isEqualTo(Fixtures.replayTool().toString());
    assertThat(o.extra().get("command").get(1).asText()).isEqualTo("/scannow");
    assertThat(o.extra().get("return_code").asInt()).isZero();
    assertThat(Files.readAllLines(tmp.resolve("argv.log"))).containsExactly("/scannow");

    // "Beginning verification phase" is 0 %, then every "Verification N% complete." line.
    assertThat(ctx.progress).hasSize(101);
    assertThat(ctx.progress.get(0).percent()).isZero();
    assertThat(ctx.progress.get(0).message())
        .isEqualTo("Beginning verification phase of system scan.");
    assertThat(ctx.progress.get(42).percent()).isEqualTo(42.0);
    assertThat(ctx.progress.get(42).message()).isEqualTo("Verification 42% complete.");
    assertThat(ctx.progress.get(100).percent()).isEqualTo(100.0);
  }

  @Test
  void shouldAlsoReadOutputThatIsNotUtf16() {
    TaskOutcome o = run("en-win10-1903-no-violations-blanklines-lost.txt", 0);
    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
  }

  @Test
  void shouldReportRepairedFilesAsSuccess() {
    TaskOutcome o = run("en-repaired-win10-2016-old-cbs-wording.utf16le.txt", 0);

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).get("integrity_violations").asBoolean()).isTrue();
    assertThat(results(o).get("repairs_successful").asBoolean()).isTrue();
    assertThat(results(o).get("verdict").asText())
        .isEqualTo("Corrupt files were found and successfully repaired.");
  }

  @Test
  void shouldWarnWhenSomeFilesCouldNotBeRepaired() {
    TaskOutcome o = run("en-unable-to-fix-some-winserver2022.utf16le.txt", 0);

    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(results(o).get("repairs_successful").asBoolean()).isFalse();
    assertThat(results(o).get("warning").asText())
        .startsWith("Corrupt files found but some could not be repaired");
    assertThat(reason(o)).contains("CBS.log").contains("DISM /RestoreHealth");
  }

  @Test
  void shouldWarnForTheWrappedOldWordingWhereTheOriginalSaidSuccess() {
    TaskOutcome o = run("en-win7-8-unable-to-fix-some-old-wording-blanklines-lost.utf16le.txt", 0);
    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
  }

  @Test
  void shouldReadTheGermanVerdict() {
    TaskOutcome o = run("de-win10-1709-no-violations-blanklines-lost.utf16le.txt", 0);
    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).get("integrity_violations").asBoolean()).isFalse();
  }

  @Test
  void shouldTakeTheVerdictFromThisRunsCbsLogLinesWhateverTheConsoleLanguage() throws Exception {
    // A German console saying "no violations" beside a CBS.log whose lines of this run show three
    // driver files repaired: the log (English on every Windows) decides.
    Path log = tmp.resolve("CBS.log");
    List<String> lines =
        new ArrayList<>(
            Files.readAllLines(
                Fixtures.toolOutput("sfc", "cbs-winserver2022-could-not-reproject-notes.log")));
    lines.addAll(
        Files.readAllLines(
            Fixtures.toolOutput("sfc", "cbs-win11-24h2-scannow-pnp-drivers-repaired-tail.log")));
    Files.write(log, lines);
    SfcScanHandler withLog =
        new SfcScanHandler(
            new CbsLog(
                log, CbsSfcFindingsTest.at(java.time.LocalDateTime.of(2026, 9, 25, 20, 12, 30))));

    TaskOutcome o =
        withLog.run(
            replay(
                "de-win10-1709-no-violations-blanklines-lost.utf16le.txt",
                0,
                null,
                Duration.ofMinutes(5)));

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).get("verdict").asText())
        .isEqualTo("Corrupt files were found and successfully repaired.");
    assertThat(results(o).get("integrity_violations").asBoolean()).isTrue();
    assertThat(results(o).get("repairs_successful").asBoolean()).isTrue();
    assertThat(results(o).get("verdict_source").asText()).isEqualTo("cbs_log");
  }

  @Test
  void shouldWarnWhenThisRunsCbsLogLinesShowFilesLeftCorrupt() throws Exception {
    Path log = tmp.resolve("CBS.log");
    Files.copy(Fixtures.toolOutput("sfc", "cbs-winserver2022-could-not-reproject-notes.log"), log);
    SfcScanHandler withLog =
        new SfcScanHandler(
            new CbsLog(
                log, CbsSfcFindingsTest.at(java.time.LocalDateTime.of(2025, 9, 19, 14, 30))));

    TaskOutcome o =
        withLog.run(
            replay(
                "en-unable-to-fix-some-winserver2022.utf16le.txt", 0, null, Duration.ofMinutes(5)));

    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(results(o).get("repairs_successful").asBoolean()).isFalse();
    assertThat(results(o).get("verdict_source").asText()).isEqualTo("cbs_log");
  }

  @Test
  void shouldReadTheRussianVerdict() {
    // Was: warning "verdict could not be read" — Russian is in the phrase table now.
    TaskOutcome o = run("synthetic-ru-no-violations-unrecognised-language.utf16le.txt", 0);

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).get("integrity_violations").asBoolean()).isFalse();
    assertThat(results(o).get("verdict_source").asText()).isEqualTo("console");
    assertThat(results(o).get("raw_output_preview").asText()).contains("Проверка 100% завершена.");
  }

  @Test
  void shouldFailAGermanScanThatCouldNotPerformTheOperation() {
    // The case: a German "konnte den angeforderten Vorgang nicht ausführen" ended warning.
    TaskOutcome o = run("de-could-not-perform-at-23pct-notes.utf16le.txt", 0);
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(reason(o))
        .startsWith("Windows Resource Protection could not perform the requested operation");
    assertThat(results(o).get("repairs_successful").asBoolean()).isFalse();
  }

  @Test
  void shouldSayThatSfcNeedsAdministratorRights() {
    TaskOutcome o = run("en-not-elevated-must-be-administrator.utf16le.txt", 1);

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(reason(o)).contains("requires administrator");
    assertThat(results(o).get("access_denied").asBoolean()).isTrue();
    assertThat(results(o).get("error").asText()).isEqualTo(reason(o));
    assertThat(results(o).get("return_code").asInt()).isEqualTo(1);
  }

  @Test
  void shouldWarnAboutAPendingRepair() {
    TaskOutcome o = run("synthetic-en-pending-reboot.utf16le.txt", 0);
    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(reason(o)).contains("restart Windows");
    assertThat(results(o).get("pending_reboot").asBoolean()).isTrue();
  }

  @Test
  void shouldFailWhenSfcCouldNotPerformTheOperation() {
    // Was warning: nothing was checked, so the task failed (issue #12 expects error).
    TaskOutcome o = run("synthetic-en-could-not-perform.utf16le.txt", 0);
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(reason(o))
        .startsWith("Windows Resource Protection could not perform the requested operation");
  }

  @Test
  void shouldFailAScanThatStoppedHalfway() {
    TaskOutcome o = run("synthetic-en-interrupted-at-42pct.utf16le.txt", 3);

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(reason(o))
        .isEqualTo("SFC scan did not complete (exit code 3): Verification 42% complete.");
    assertThat(results(o).get("verification_complete").asBoolean()).isFalse();
  }

  @Test
  void shouldWarnWhenAFinishedScanPrintsNoVerdict() {
    TaskOutcome o = run("synthetic-en-interrupted-at-42pct.utf16le.txt", 0);
    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
  }

  @Test
  void shouldStopAtTheTimeoutAndSaySo() {
    FakeTaskContext ctx =
        replay("synthetic-en-interrupted-at-42pct.utf16le.txt", 0, 30.0, Duration.ofMillis(1500));
    long t0 = System.nanoTime();
    TaskOutcome o = handler.run(ctx);

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(reason(o))
        .startsWith("SFC scan timed out after 1.5 s")
        .endsWith("(verification at 42%).");
    assertThat(ctx.progress).isNotEmpty();
  }

  @Test
  void shouldFailWhenSfcIsMissing() {
    FakeTaskContext ctx =
        new FakeTaskContext(
            Json.object().put("executable_path", tmp.resolve("no-sfc.exe").toString()),
            handler.descriptor().params(),
            noSystemTools);
    TaskOutcome o = handler.run(ctx);

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(reason(o)).startsWith("sfc not found");
    assertThat(results(o).get("error").asText()).isEqualTo(reason(o));
    assertThat(ctx.specs).isEmpty();
  }

  @Test
  void shouldHaveEveryKeyOfTheOriginalUisSamples() throws Exception {
    Map<String, TaskOutcome> equivalents =
        Map.of(
            "healthy.json", run("en-no-violations-azure-docs.utf16le.txt", 0),
            "violations_repaired.json",
                run("en-repaired-win10-2016-old-cbs-wording.utf16le.txt", 0),
            "violations_not_repaired.json",
                run("en-unable-to-fix-some-winserver2022.utf16le.txt", 0),
            "error.json",
                handler.run(
                    new FakeTaskContext(
                        Json.object().put("executable_path", tmp.resolve("none").toString()),
                        handler.descriptor().params(),
                        noSystemTools)));
    for (Map.Entry<String, TaskOutcome> e : equivalents.entrySet()) {
      JsonNode sample =
          Json.parse(
              Files.readString(
                  Fixtures.referenceResult("sfc_scan", e.getKey()), StandardCharsets.UTF_8));
      TaskOutcome o = e.getValue();
      JsonNode ours =
          ReportJson.autoserviceResult(
              new TaskResult("sfc_scan", null, o.status(), o.summary(), 1.0, o.extra()));
      assertThat(ReferenceKeys.missing(sample.get("summary"), ours.get("summary")))
          .as(e.getKey())
          .isEmpty();
      if (!e.getKey().equals("error.json")) { // no process ran there, so no exit code
        assertThat(ours.has("return_code")).as(e.getKey()).isTrue();
      }
    }
  }
}
