package io.autoservice.agent.tasks.stinger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.testing.ReferenceKeys;
import io.autoservice.agent.tools.Tool;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.TaskParams;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StingerScanHandlerTest {
  private static final List<String> RESULT_KEYS =
      List.of(
          "intent",
          "version",
          "engine_version",
          "virus_data_version",
          "virus_count",
          "scan_start_time",
          "scan_end_time",
          "total_files",
          "clean_files",
          "not_scanned",
          "infected_files",
          "infections",
          "log_file",
          "exit_code",
          "stdout_excerpt",
          "stderr_excerpt",
          "timed_out",
          "scan_duration_seconds",
          "health_check_status");

  private final StingerScanHandler handler = new StingerScanHandler();
  private final ToolLocator noSystemTools = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;
  private Path bin;
  private Path logs;
  private Path argsLog;
  private TaskOutcome outcome;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "the fake Stinger is a shell script");
    bin = Files.createDirectories(tmp.resolve("Trellix Stinger - 13.0.0.553"));
    Files.copy(
        Fixtures.root().resolve("fake-tools/stinger"),
        bin.resolve("stinger"),
        StandardCopyOption.COPY_ATTRIBUTES);
    logs = tmp.resolve("data/logs/Stinger");
    argsLog = tmp.resolve("args.log");
  }

  private ObjectNode params() {
    return Json.object().put("executable_path", bin.toString()).put("logs_dir", logs.toString());
  }

  /** Runs the task; the fake writes {@code html} (null: no log) and exits {@code exit}. */
  private FakeTaskContext run(
      StingerScanHandler h,
      ObjectNode params,
      String html,
      int exit,
      Map<String, String> more,
      Duration remaining)
      throws Exception {
    Map<String, String> env = new HashMap<>(more);
    env.put("FAKE_STINGER_EXIT", Integer.toString(exit));
    env.put("FAKE_STINGER_LOG", argsLog.toString());
    if (html != null) {
      env.put("FAKE_STINGER_HTML", Fixtures.toolOutput("stinger", html).toString());
    }
    FakeTaskContext ctx =
        new FakeTaskContext(params, h.descriptor().params(), noSystemTools, null, remaining)
            .withEnv(env);
    outcome = h.run(ctx);
    return ctx;
  }

  private FakeTaskContext run(ObjectNode params, String html, int exit) throws Exception {
    return run(handler, params, html, exit, Map.of(), Duration.ofMinutes(5));
  }

  private JsonNode results() {
    return outcome.summary().get("results");
  }

  private JsonNode hr() {
    return outcome.summary().get("human_readable");
  }

  private List<String> args() throws Exception {
    List<String> lines = Files.readAllLines(argsLog);
    return lines.subList(0, lines.indexOf("--"));
  }

  private List<String> command() {
    List<String> out = new ArrayList<>();
    outcome.extra().get("command").forEach(n -> out.add(n.asText()));
    return out;
  }

  private List<String> missingReferenceKeys(String sample) throws Exception {
    JsonNode ref =
        Json.parse(
            Files.readString(
                Fixtures.referenceResult("trellix_stinger_scan", sample), StandardCharsets.UTF_8));
    JsonNode ours =
        ReportJson.autoserviceResult(
            new TaskResult(
                "trellix_stinger_scan",
                null,
                outcome.status(),
                outcome.summary(),
                1.0,
                outcome.extra()));
    return ReferenceKeys.missing(ref.get("summary"), ours.get("summary"));
  }

  @Test
  void shouldDescribeItself() {
    assertThat(handler.descriptor().type()).isEqualTo("trellix_stinger_scan");
    assertThat(handler.descriptor().requiresWindows()).isTrue();
    assertThat(handler.descriptor().tool()).contains(Tool.STINGER);
    assertThat(handler.descriptor().defaultTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(
            handler.defaultTimeout(
                new TaskParams(
                    Json.object().put("timeout_minutes", 90), handler.descriptor().params())))
        .isEqualTo(Duration.ofMinutes(90));
    assertThat(handler.descriptor().params().validate("t", Json.object().put("timeout_minutes", 0)))
        .hasSize(1);
    assertThat(handler.descriptor().params().validate("t", Json.object().put("action", "nuke")))
        .hasSize(1);
    assertThat(handler.descriptor().params().validate("t", Json.object().put("action", "REPORT")))
        .isEmpty();
  }

  @Test
  void shouldReportACleanSmartScanWithTheKeysTheDesktopUiReads() throws Exception {
    Path opt = Files.writeString(bin.resolve("Stinger.opt"), "[Options]\nScanPath=D:\\\n");
    Files.setPosixFilePermissions(opt, PosixFilePermissions.fromString("r--r--r--"));
    FakeTaskContext ctx = run(params(), "synthetic-clean-smart-scan.html", 0);

    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(opt).as("an earlier run's settings are deleted").doesNotExist();
    assertThat(ctx.log)
        .anyMatch(
            l ->
                l.startsWith("Deleted ")
                    && l.endsWith("Stinger.opt (settings of an earlier Stinger run)"));
    assertThat(results().fieldNames()).toIterable().containsExactlyElementsOf(RESULT_KEYS);
    assertThat(results().path("intent").toString())
        .isEqualTo(
            "{\"silent\":true,\"logs_dir\":\""
                + logs
                + "\",\"scan_scope\":\"smart_scan\",\"action\":\"delete\","
                + "\"include_pups\":false,\"additional_args\":[]}");
    assertThat(results().path("version").asText()).isEqualTo("13.0.0.553");
    assertThat(results().path("total_files").asLong()).isEqualTo(4067L);
    assertThat(results().path("infected_files").asLong()).isZero();
    assertThat(results().path("timed_out").asBoolean()).isFalse();
    assertThat(results().path("health_check_status").asText()).isEqualTo("ok");
    Path log = Path.of(results().path("log_file").asText());
    assertThat(log.getParent()).isEqualTo(logs);
    assertThat(log.getFileName().toString()).matches("Stinger_\\d{8}_\\d{6}\\.html");
    assertThat(hr().path("verdict").asText()).isEqualTo("clean");
    assertThat(hr().path("notes").get(0).asText())
        .isEqualTo("No infections found in 4067 files scanned");
    assertThat(hr().has("reason")).isFalse();

    assertThat(args()).containsExactly("--GO", "--SILENT", "--REPORTPATH=" + logs, "--DELETE");
    assertThat(command().get(0)).isEqualTo(bin.resolve("stinger").toString());
    assertThat(ctx.specs.get(0).workingDir()).isEqualTo(bin);
    assertThat(ctx.specs.get(0).stdin()).isNull();
    assertThat(missingReferenceKeys("clean_system.json")).isEmpty();
  }

  @Test
  void shouldWarnAboutInfectionsAndPassTheScanPathAsOneArgument() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("Sonny Taylor/Documents/EICAR Test"));
    run(
        params().put("scan_path", folder.toString()).put("scan_subdirectories", false),
        "synthetic-eicar-folder-delete.html",
        0);

    assertThat(outcome.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(args())
        .containsExactly(
            "--GO",
            "--SILENT",
            "--REPORTPATH=" + logs,
            "--SCANPATH=" + folder,
            "--NOBOOT",
            "--NOPROCESS",
            "--NOREGISTRY",
            "--NOROOTKIT",
            "--NOWMI",
            "--NOSUB",
            "--DELETE");
    assertThat(results().at("/intent/scan_path").asText()).isEqualTo(folder.toString());
    assertThat(results().at("/intent/folder_scan_only").asBoolean()).isTrue();
    assertThat(results().at("/intent/scan_subdirectories").asBoolean()).isFalse();
    assertThat(results().path("infections")).hasSize(1);
    assertThat(results().at("/infections/0/md5").asText())
        .isEqualTo("e7e5fa40569514ec442bbdf755d89c2f");
    assertThat(hr().path("verdict").asText()).isEqualTo("infections_removed");
    assertThat(hr().path("infections_found").asInt()).isEqualTo(1);
    assertThat(hr().path("reason").asText())
        .isEqualTo(
            "Stinger found 1 infected file (action: delete): "
                + "C:\\Users\\Sonny Taylor\\Documents\\EICARTest\\eicar.txt (EICAR test file).");
    assertThat(missingReferenceKeys("infections_found.json")).isEmpty();
  }

  @Test
  void shouldOnlyReportInReportModeWithPups() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("Public/Documents"));
    ObjectNode p =
        params()
            .put("scan_path", folder.toString())
            .put("action", "report")
            .put("include_pups", true);
    p.putArray("additional_args").add("--ADL");
    run(p, "synthetic-report-only-br-tags.html", 0);

    assertThat(outcome.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(args()).endsWith("--NOWMI", "--REPORTONLY", "--PROGRAM", "--ADL");
    assertThat(hr().path("verdict").asText()).isEqualTo("infections_reported");
    assertThat(hr().path("reason").asText())
        .startsWith("Stinger found 2 infected files (report only, nothing was removed): ")
        .contains("Tom & Jerry\\crack.exe (Generic.dx!<bz>)");
    assertThat(results().at("/intent/include_pups").asBoolean()).isTrue();
    assertThat(results().at("/intent/additional_args/0").asText()).isEqualTo("--ADL");
    assertThat(missingReferenceKeys("report_only.json")).isEmpty();
  }

  @Test
  void shouldFailWithAHintWhenStingerExitsNonZero() throws Exception {
    run(params(), "synthetic-clean-smart-scan.html", 5);

    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(results().path("exit_code").asInt()).isEqualTo(5);
    assertThat(results().path("error_hint").asText())
        .isEqualTo("access denied: run the agent elevated (as administrator).");
    assertThat(hr().path("reason").asText())
        .isEqualTo(
            "Stinger exited with code 5: access denied: run the agent elevated (as administrator).");
    assertThat(results().path("total_files").asLong()).as("still parsed").isEqualTo(4067L);
  }

  @Test
  void shouldFailWhenNoLogWasWrittenDuringThisRun() throws Exception {
    Files.createDirectories(logs);
    Path old =
        Files.copy(
            Fixtures.toolOutput("stinger", "synthetic-clean-smart-scan.html"),
            logs.resolve("Stinger_01012025_100000.html"));
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3600)));
    run(params(), null, 1);

    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr().path("reason").asText())
        .isEqualTo(
            "Stinger wrote no log (Stinger_*.html) in "
                + logs
                + " and exited with code 1: general error: see Stinger's log and run the scan again.");
    assertThat(results().path("log_file").isNull()).isTrue();
    assertThat(results().path("error_hint").asText()).startsWith("general error");
  }

  @Test
  void shouldStopAtTheTimeoutAndReportWhatTheLogHeldSoFar() throws Exception {
    long t0 = System.nanoTime();
    run(
        handler,
        params().put("timeout_minutes", 1),
        "synthetic-partial-no-summary.html",
        0,
        Map.of("FAKE_STINGER_SLEEP", "30"),
        Duration.ofSeconds(2));

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(results().path("timed_out").asBoolean()).isTrue();
    assertThat(results().path("exit_code").asInt()).isEqualTo(-1);
    assertThat(results().path("health_check_status").asText()).isEqualTo("timed_out");
    assertThat(results().path("scan_start_time").asText())
        .isEqualTo("Monday, October 27, 2025 09:00:05");
    assertThat(results().path("scan_end_time").isNull()).isTrue();
    assertThat(results().path("infections")).hasSize(1);
    assertThat(results().path("error_hint").asText()).startsWith("the scan timed out");
    assertThat(hr().path("reason").asText())
        .isEqualTo(
            "Stinger did not finish within 2 s and was stopped; its log so far lists 1 infected file.");
  }

  @Test
  void shouldWarnWhenTheLogHasNoSummary() throws Exception {
    Files.createDirectories(logs);
    run(params(), "synthetic-partial-no-summary.html", 0);

    assertThat(outcome.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(results().path("parse_errors").get(0).asText()).startsWith("no summary counts");
  }

  @Test
  void shouldReadALogThatIsNotUtf8AndSaySo() throws Exception {
    run(params(), "synthetic-clean-cp1252-bytes.html", 0);

    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results().path("total_files").asLong()).isEqualTo(12L);
    assertThat(results().path("parse_errors").toString()).contains("not valid UTF-8");
  }

  @Test
  void shouldDrainALoudStingersOutputInsteadOfDeadlocking() throws Exception {
    run(
        handler,
        params(),
        "synthetic-clean-smart-scan.html",
        0,
        Map.of("FAKE_STINGER_NOISE", "30000"),
        Duration.ofSeconds(60));

    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results().path("stdout_excerpt").asText()).hasSize(1200).endsWith("......");
  }

  @Test
  void shouldReportProgressAndWarnAboutAnIdleLogWithoutStoppingTheScan() throws Exception {
    StingerScanHandler fast =
        new StingerScanHandler(Duration.ofMillis(100), Duration.ofMillis(400));
    FakeTaskContext ctx =
        run(
            fast,
            params(),
            "synthetic-clean-smart-scan.html",
            0,
            Map.of("FAKE_STINGER_SLEEP", "2"),
            Duration.ofMinutes(1));

    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results().path("health_check_status").asText()).isEqualTo("log_idle");
    assertThat(ctx.progress).isNotEmpty();
    assertThat(ctx.progress.get(0).percent()).isEqualTo(-1.0);
    assertThat(ctx.progress.get(0).message())
        .startsWith("Stinger scanning: ")
        .contains(" elapsed of 1 min timeout; ");
    assertThat(ctx.log)
        .anyMatch(l -> l.startsWith("Stinger still running... (") && l.endsWith("% of timeout)"));
    assertThat(ctx.log).anyMatch(l -> l.startsWith("Warning: Stinger's log has not grown for "));
  }

  @Test
  void shouldRefuseBadParametersWithAHint() throws Exception {
    List<ObjectNode> bad =
        List.of(
            params().put("scan_path", tmp.resolve("missing").toString()),
            params().put("scan_path", "C:\\x\" --DELETE \""),
            params().put("action", "nuke"),
            params().put("timeout_minutes", 0),
            params().put("logs_dir", "bad\u0001dir"));
    for (ObjectNode p : bad) {
      run(p, "synthetic-clean-smart-scan.html", 0);
      assertThat(outcome.status()).as(p.toString()).isEqualTo(TaskStatus.ERROR);
      assertThat(results().path("error").asText()).as(p.toString()).isNotBlank();
      assertThat(results().path("error_hint").asText()).isEqualTo("Fix the task's parameters.");
    }
    ObjectNode p = params();
    p.putArray("additional_args").add("--SCANPATH=\"C:\\\"");
    run(p, "synthetic-clean-smart-scan.html", 0);
    assertThat(hr().path("reason").asText())
        .startsWith("additional_args may only hold Stinger options");
    assertThat(argsLog).as("Stinger never started").doesNotExist();
    assertThat(logs).as("no folder created for a refused task").doesNotExist();
  }

  @Test
  void shouldFailClearlyWhenStingerIsMissing() throws Exception {
    run(Json.object().put("executable_path", tmp.resolve("nothing").toString()), null, 0);

    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(results().path("error").asText()).contains("Stinger");
    assertThat(results().path("error_hint").asText()).contains("executable_path");
  }
}
