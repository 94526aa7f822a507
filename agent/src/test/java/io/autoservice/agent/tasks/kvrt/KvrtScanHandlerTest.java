package io.autoservice.agent.tasks.kvrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.tools.Tool;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvrtScanHandlerTest {
  private static final List<String> RESULT_KEYS =
      List.of(
          "accept_eula",
          "silent",
          "details",
          "dontencrypt",
          "noads",
          "fixednames",
          "freboot",
          "adinsilent",
          "allvolumes",
          "trace",
          "processed",
          "processing_errors",
          "detected",
          "password_protected",
          "corrupted",
          "detections",
          "removed_count",
          "exit_code",
          "stdout_excerpt",
          "stderr_excerpt");

  private final KvrtScanHandler handler = new KvrtScanHandler();
  private final ToolLocator noSystemTools = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;
  private Path cases;
  private TaskOutcome outcome;

  @BeforeEach
  void unixOnly() throws Exception {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "the fake KVRT is a shell script");
    cases = Files.createDirectories(tmp.resolve("case"));
  }

  /** Runs the task with the replay tool printing {@code fixture} and exiting {@code exit}. */
  private FakeTaskContext run(String fixture, int exit, ObjectNode params) throws Exception {
    Files.copy(Fixtures.toolOutput("kvrt", fixture), cases.resolve("default.stdout"));
    Files.writeString(cases.resolve("default.exit"), Integer.toString(exit));
    if (!params.has("executable_path")) {
      params.put("executable_path", Fixtures.replayTool().toString());
    }
    FakeTaskContext ctx =
        new FakeTaskContext(params, handler.descriptor().params(), noSystemTools)
            .withEnv(
                Map.of(
                    "FAKE_REPLAY_DIR",
                    cases.toString(),
                    "FAKE_REPLAY_LOG",
                    tmp.resolve("argv.log").toString()));
    outcome = handler.run(ctx);
    return ctx;
  }

  private JsonNode results() {
    return outcome.summary().get("results");
  }

  private JsonNode hr() {
    return outcome.summary().get("human_readable");
  }

  private List<String> argv() throws Exception {
    return Files.readAllLines(tmp.resolve("argv.log"));
  }

  @Test
  void shouldDescribeItself() {
    assertThat(handler.descriptor().type()).isEqualTo("kvrt_scan");
    assertThat(handler.descriptor().requiresWindows()).isTrue();
    assertThat(handler.descriptor().tool()).contains(Tool.KVRT);
    assertThat(handler.descriptor().defaultTimeout()).isEqualTo(Duration.ofHours(2));
    assertThat(handler.descriptor().params().validate("t", Json.object().put("processlevel", 4)))
        .hasSize(1);
    assertThat(handler.descriptor().params().validate("t", Json.object().put("tracelevel", "loud")))
        .hasSize(1);
    assertThat(
            handler
                .descriptor()
                .params()
                .validate("t", Json.object().put("tracelevel", "dbg").put("processlevel", 3)))
        .isEmpty();
    assertThat(
            handler.descriptor().params().spec("details").orElseThrow().defaultValue().asBoolean())
        .isTrue();
    assertThat(
            handler
                .descriptor()
                .params()
                .spec("dontencrypt")
                .orElseThrow()
                .defaultValue()
                .asBoolean())
        .isFalse();
  }

  @Test
  void shouldReportACleanScanWithTheDefaultCommandInKvrtsFolder() throws Exception {
    FakeTaskContext ctx = run("synthetic-clean.txt", 0, Json.object());

    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results().fieldNames()).toIterable().containsExactlyElementsOf(RESULT_KEYS);
    assertThat(results().path("processed").asLong()).isEqualTo(184_213L);
    assertThat(results().path("detected").asInt()).isZero();
    assertThat(results().path("removed_count").asInt()).isZero();
    assertThat(results().path("detections")).isEmpty();
    assertThat(results().path("silent").asBoolean()).isTrue();
    assertThat(results().path("dontencrypt").asBoolean()).isFalse();
    assertThat(results().path("stdout_excerpt").asText()).endsWith("Corrupted: 1");
    assertThat(hr().path("verdict").asText()).isEqualTo("clean");
    assertThat(hr().path("notes").get(0).asText())
        .isEqualTo("No threats found in 184213 objects scanned");
    assertThat(hr().has("reason")).isFalse();

    assertThat(argv()).containsExactly("-accepteula -silent -details -noads -fixednames");
    List<String> command = new ArrayList<>();
    outcome.extra().get("command").forEach(n -> command.add(n.asText()));
    assertThat(command.get(0))
        .isEqualTo(Fixtures.replayTool().toAbsolutePath().normalize().toString());
    assertThat(ctx.specs.get(0).workingDir())
        .isEqualTo(Fixtures.replayTool().toAbsolutePath().normalize().getParent());
    assertThat(ctx.specs.get(0).charset()).isEqualTo(ToolCharset.oem());
    assertThat(ctx.specs.get(0).stdin()).isNull();
    assertThat(ctx.progress)
        .extracting(FakeTaskContext.Progress::message)
        .contains("Scanning: 50000 objects processed", "Scanning: 184213 objects processed");
  }

  @Test
  void shouldBuildEveryOptionInTheOriginalsOrderWithAbsolutePaths() throws Exception {
    Path custom = Files.createDirectories(tmp.resolve("scan me"));
    Path list = Files.writeString(tmp.resolve("list.txt"), "C:\\x\n");
    Path proxy = Files.writeString(tmp.resolve("proxy.ini"), "[proxy]\n");
    ObjectNode params =
        Json.object()
            .put("accept_eula", true)
            .put("silent", true)
            .put("details", false)
            .put("dontencrypt", true)
            .put("noads", false)
            .put("fixednames", false)
            .put("freboot", true)
            .put("adinsilent", true)
            .put("allvolumes", true)
            .put("trace", true)
            .put("tracelevel", "wrn")
            .put("processlevel", 2)
            .put("d", "relative/KVRT")
            .put("moddirpath", tmp.resolve("mods").toString())
            .put("proxyconfig", proxy.toString())
            .put("custom_path", custom.toString())
            .put("custom_list_path", list.toString());
    params.putArray("additional_args").add("-dontcryptsupportinfo");
    run("synthetic-clean.txt", 0, params);

    Path quarantine = Path.of("relative/KVRT").toAbsolutePath().normalize();
    List<String> command = new ArrayList<>();
    outcome.extra().get("command").forEach(n -> command.add(n.asText()));
    assertThat(command.subList(1, command.size()))
        .containsExactly(
            "-accepteula",
            "-silent",
            "-dontencrypt",
            "-freboot",
            "-adinsilent",
            "-allvolumes",
            "-d",
            quarantine.toString(),
            "-moddirpath",
            tmp.resolve("mods").toString(),
            "-trace",
            "-tracelevel",
            "WRN",
            "-processlevel",
            "2",
            "-proxyconfig",
            proxy.toString(),
            "-custom",
            custom.toString(),
            "-customlist",
            list.toString(),
            "-dontcryptsupportinfo");
    assertThat(results().path("quarantine_dir").asText()).isEqualTo(quarantine.toString());
    assertThat(results().path("modules_dir").asText()).isEqualTo(tmp.resolve("mods").toString());
    assertThat(results().path("tracelevel").asText()).isEqualTo("WRN");
    assertThat(results().path("processlevel").asInt()).isEqualTo(2);
    assertThat(results().path("additional_args").get(0).asText())
        .isEqualTo("-dontcryptsupportinfo");
    assertThat(Files.exists(quarantine)).as("KVRT creates its own folder").isFalse();
  }

  @Test
  void shouldSucceedWithNotesWhenEveryThreatWasRemoved() throws Exception {
    run("synthetic-threats-removed.txt", 0, Json.object());

    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results().path("removed_count").asInt()).isEqualTo(2);
    assertThat(results().path("detections")).hasSize(2);
    assertThat(results().at("/detections/0/threat").asText())
        .isEqualTo("HEUR:Trojan.Win32.Generic");
    assertThat(results().at("/detections/0/object_path").asText()).endsWith("setup_4f2a.exe");
    assertThat(results().at("/detections/1/action").asText()).isEqualTo("Disinfect");
    assertThat(hr().path("verdict").asText()).isEqualTo("threats_removed");
    assertThat(hr().path("threats_found").asInt()).isEqualTo(2);
    assertThat(hr().path("notes"))
        .extracting(JsonNode::asText)
        .contains(
            "2 threats found, 2 removed or disinfected",
            "HEUR:Trojan.Win32.Generic on C:\\Users\\Alex\\AppData\\Local\\Temp\\setup_4f2a.exe: Delete",
            "2 objects could not be scanned (processing errors)");
  }

  @Test
  void shouldWarnWhenSomeThreatsWereNotRemoved() throws Exception {
    run("synthetic-threats-skipped.txt", 0, Json.object().put("processlevel", 1));

    assertThat(outcome.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(results().path("removed_count").asInt()).isEqualTo(1);
    assertThat(results().at("/detections/2/action").isNull()).isTrue();
    assertThat(hr().path("verdict").asText()).isEqualTo("threats_remaining");
    assertThat(hr().path("threats_skipped").asInt()).isEqualTo(1);
    assertThat(hr().path("reason").asText())
        .isEqualTo(
            "2 of 3 threats found were not removed: Trojan-Downloader.Win32.Agent.xyz on"
                + " C:\\Users\\Alex\\Downloads\\invoice.pdf.exe (Skip), HEUR:Trojan.Multi.GenBadur.genw on"
                + " C:\\Users\\Alex\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\upd.lnk (no action).");
  }

  @Test
  void shouldFailOnANonZeroExitCodeButKeepWhatWasParsed() throws Exception {
    run("synthetic-error-exit-1.txt", 1, Json.object());

    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(results().path("exit_code").asInt()).isEqualTo(1);
    assertThat(results().path("processed").asLong()).isEqualTo(1523L);
    assertThat(hr().path("reason").asText())
        .isEqualTo(
            "KVRT failed with exit code 1: Error: failed to load anti-virus databases. The application will be closed.");
    assertThat(results().path("error").asText()).isEqualTo(hr().path("reason").asText());
  }

  @Test
  void shouldWarnWithTheOutputsTailWhenNoTotalsCanBeRead() throws Exception {
    run("synthetic-ru-totals-unreadable.txt", 0, Json.object());

    assertThat(outcome.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(hr().path("verdict").asText()).isEqualTo("unknown");
    assertThat(hr().path("reason").asText())
        .startsWith("KVRT finished but its output held no scan totals")
        .endsWith("last line: Повреждено: 1");
    assertThat(results().path("output_preview").asText()).contains("Обработано: 184213");
  }

  @Test
  void shouldWarnWhenKvrtPrintedNothing() throws Exception {
    run("synthetic-empty.txt", 0, Json.object());

    assertThat(outcome.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(hr().path("reason").asText()).endsWith("it printed nothing.");
  }

  @Test
  void shouldReportPercentagesAsLiveProgress() throws Exception {
    FakeTaskContext ctx = run("synthetic-progress-percent.txt", 0, Json.object());

    assertThat(ctx.progress)
        .extracting(FakeTaskContext.Progress::percent)
        .startsWith(10.0, 55.0, 100.0);
    assertThat(ctx.progress.get(1).message()).isEqualTo("Scan progress: 55%");
  }

  @Test
  void shouldRefuseOptionInjectionAndBadPathsBeforeStarting() throws Exception {
    ObjectNode p = Json.object();
    p.putArray("additional_args").add("-custom C:\\");
    run("synthetic-clean.txt", 0, p);
    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr().path("reason").asText()).startsWith("additional_args may only hold options");
    assertThat(tmp.resolve("argv.log")).doesNotExist();

    for (ObjectNode bad :
        List.of(
            Json.object().put("quarantine_dir", "C:\\KVRT\" -freboot \""),
            Json.object().put("quarantine_dir", "a").put("d", "b"),
            Json.object().put("custom_path", tmp.resolve("missing").toString()),
            Json.object().put("processlevel", 7),
            Json.object().put("tracelevel", "ALL"))) {
      bad.put("executable_path", Fixtures.replayTool().toString());
      TaskOutcome o =
          handler.run(new FakeTaskContext(bad, handler.descriptor().params(), noSystemTools));
      assertThat(o.status()).as(bad.toString()).isEqualTo(TaskStatus.ERROR);
      assertThat(o.summary().at("/results/error").asText()).as(bad.toString()).isNotBlank();
    }
  }

  @Test
  void shouldFailClearlyWhenKvrtIsMissing() {
    TaskOutcome o =
        handler.run(
            new FakeTaskContext(
                Json.object().put("executable_path", tmp.resolve("KVRT.exe").toString()),
                handler.descriptor().params(),
                noSystemTools));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(o.summary().at("/human_readable/reason").asText()).contains("KVRT");
  }

  @Test
  void shouldStopAtTheTimeoutAndKeepWhatWasRead() throws Exception {
    Files.writeString(cases.resolve("default.sleep"), "30");
    Files.copy(
        Fixtures.toolOutput("kvrt", "synthetic-threats-skipped.txt"),
        cases.resolve("default.stdout"));
    ObjectNode params = Json.object().put("executable_path", Fixtures.replayTool().toString());
    FakeTaskContext ctx =
        new FakeTaskContext(
                params, handler.descriptor().params(), noSystemTools, null, Duration.ofSeconds(2))
            .withEnv(Map.of("FAKE_REPLAY_DIR", cases.toString()));
    long t0 = System.nanoTime();
    outcome = handler.run(ctx);

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr().path("reason").asText())
        .isEqualTo(
            "KVRT did not finish within 2 s and was stopped; 3 threats found before it stopped.");
    assertThat(results().path("detections")).hasSize(3);
  }

  @Test
  void shouldWriteItsStdoutExcerptFromTheTail() {
    String longOut = "x".repeat(5000) + "\nDetected: 0";
    List<String> lines = List.of(longOut.split("\n"));
    TaskOutcome o =
        KvrtOutcome.build(KvrtOutputParser.parse(lines), Json.object(), 0, lines, List.of(), null);
    assertThat(o.summary().at("/results/stdout_excerpt").asText())
        .hasSize(1200)
        .endsWith("Detected: 0");
  }
}
