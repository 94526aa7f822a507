package io.autoservice.agent.tasks.win11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.tools.Tool;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhyNotWin11HandlerTest {
  private static final List<String> RESULT_KEYS =
      List.of(
          "ready",
          "checks",
          "failing_checks",
          "passing_checks",
          "hostname",
          "csv_path",
          "raw",
          "command",
          "exit_code",
          "stderr_excerpt",
          "unknown_checks",
          "extras",
          "csv_encoding");

  private final WhyNotWin11Handler handler = new WhyNotWin11Handler();
  private final ToolLocator noSystemTools = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;
  private Path log;

  @BeforeEach
  void unixOnly() {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "the fake WhyNotWin11 is a shell script");
    log = tmp.resolve("calls.log");
  }

  private static Path fakeTool() {
    return Fixtures.root().resolve("fake-tools").resolve("whynotwin11");
  }

  /** Runs the task with the fake tool delivering {@code csvFixture} (null: it writes nothing). */
  private FakeTaskContext run(String csvFixture, int exit, ObjectNode params) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("FAKE_WHYNOTWIN11_EXIT", Integer.toString(exit));
    env.put("FAKE_WHYNOTWIN11_LOG", log.toString());
    if (csvFixture != null) {
      env.put("FAKE_WHYNOTWIN11_CSV", Fixtures.toolOutput("whynotwin11", csvFixture).toString());
    }
    if (!params.has("executable_path")) {
      params.put("executable_path", fakeTool().toString());
    }
    FakeTaskContext ctx =
        new FakeTaskContext(params, handler.descriptor().params(), noSystemTools).withEnv(env);
    outcome = handler.run(ctx);
    return ctx;
  }

  private TaskOutcome outcome;

  private JsonNode results() {
    return outcome.summary().get("results");
  }

  private JsonNode hr() {
    return outcome.summary().get("human_readable");
  }

  @Test
  void shouldDescribeItself() {
    assertThat(handler.descriptor().type()).isEqualTo("whynotwin11_check");
    assertThat(handler.descriptor().requiresWindows()).isTrue();
    assertThat(handler.descriptor().tool()).contains(Tool.WHYNOTWIN11);
    assertThat(handler.descriptor().defaultTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(handler.descriptor().params().specs())
        .extracting(s -> s.name())
        .containsExactly("executable_path", "working_dir", "output_csv");
  }

  @Test
  void shouldReportAReadyPcAndCleanUpItsTemporaryCsv() throws Exception {
    FakeTaskContext ctx = run("synthetic-ready.csv", 0, Json.object());

    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results().fieldNames()).toIterable().containsExactlyElementsOf(RESULT_KEYS);
    assertThat(results().path("ready").asBoolean()).isTrue();
    assertThat(results().path("hostname").asText()).isEqualTo("DESKTOP-4CJSR2B");
    assertThat(results().path("passing_checks")).hasSize(11);
    assertThat(results().at("/checks/TPM Version").asBoolean()).isTrue();
    assertThat(results().at("/raw/header"))
        .as("the CSV did not exist before the run, so it has a header")
        .hasSize(12);
    assertThat(hr().path("verdict").asText()).isEqualTo("ready");
    assertThat(hr().path("notes").get(0).asText()).isEqualTo("All 11 checks passed");
    assertThat(hr().has("reason")).isFalse();

    List<String> command = ctx.specs.get(0).command();
    assertThat(command.get(0)).isEqualTo(fakeTool().toAbsolutePath().normalize().toString());
    assertThat(command.subList(1, 3)).containsExactly("/export", "CSV");
    assertThat(command.get(4)).isEqualTo("/silent");
    Path csv = Path.of(command.get(3));
    assertThat(results().path("csv_path").asText()).isEqualTo(csv.toString());
    assertThat(csv).doesNotExist();
    assertThat(csv.getParent()).doesNotExist();
    assertThat(ctx.specs.get(0).workingDir())
        .isEqualTo(fakeTool().toAbsolutePath().normalize().getParent());
    assertThat(outcome.extra().get("command")).isEqualTo(results().get("command"));
  }

  @Test
  void shouldCountAPcThatIsNotReadyAsASuccessfulCheckAndSayWhy() throws Exception {
    run("synthetic-not-ready-cpu-tpm.csv", 1, Json.object());

    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results().path("ready").asBoolean()).isFalse();
    assertThat(results().path("exit_code").asInt()).isEqualTo(1);
    assertThat(results().path("failing_checks"))
        .extracting(JsonNode::asText)
        .containsExactly("CPU Compatibility", "TPM Version");
    assertThat(hr().path("verdict").asText()).isEqualTo("not_ready");
    assertThat(hr().path("notes"))
        .extracting(JsonNode::asText)
        .containsExactly("Failed: CPU Compatibility", "Failed: TPM Version");
    assertThat(hr().path("reason").asText())
        .isEqualTo("Not ready for Windows 11: CPU Compatibility, TPM Version");
  }

  @Test
  void shouldWarnWhenTheCsvHoldsNoResult() throws Exception {
    run("synthetic-header-only.csv", 0, Json.object());

    assertThat(outcome.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(hr().path("reason").asText()).startsWith("WhyNotWin11 wrote no results");
    assertThat(results().path("ready").asBoolean()).isFalse();
  }

  @Test
  void shouldWarnWhenACheckCannotBeRead() throws Exception {
    run("synthetic-no-header-v2.4-directx-blank-secureboot-2.csv", 0, Json.object());

    assertThat(outcome.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(hr().path("verdict").asText()).isEqualTo("unknown");
    assertThat(hr().path("reason").asText())
        .isEqualTo("WhyNotWin11 gave no clear result for: DirectX + WDDM2");
    assertThat(results().at("/checks/DirectX + WDDM2").isNull()).isTrue();
    assertThat(results().path("unknown_checks"))
        .extracting(JsonNode::asText)
        .containsExactly("DirectX + WDDM2");
  }

  @Test
  void shouldFailWhenNoCsvWasWrittenAndExplainTheExitCode() throws Exception {
    run(null, 10, Json.object());

    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr().path("reason").asText())
        .isEqualTo(
            "WhyNotWin11 wrote no CSV (exit code 10: WhyNotWin11 does not run on this Windows version or under WINE)");
    assertThat(results().path("error").asText()).isEqualTo(hr().path("reason").asText());
    assertThat(results().path("ready").asBoolean()).isFalse();
  }

  @Test
  void shouldKeepTheCsvWhereTheTechnicianAskedRelativeToTheWorkingFolder() throws Exception {
    Path wd = Files.createDirectory(tmp.resolve("work dir"));

    run(
        "synthetic-ready.csv",
        0,
        Json.object().put("working_dir", wd.toString()).put("output_csv", "out/wnw11.csv"));

    Path kept = wd.resolve("out/wnw11.csv");
    assertThat(kept).exists();
    assertThat(results().path("csv_path").asText()).isEqualTo(kept.toString());
    assertThat(Files.readString(log)).contains("/export CSV " + kept + " /silent");
  }

  @Test
  void shouldReadTheNewRowOfAKeptCsvThatWasAppendedTo() throws Exception {
    Path kept = tmp.resolve("fleet.csv");
    Files.copy(Fixtures.toolOutput("whynotwin11", "synthetic-not-ready-cpu-tpm.csv"), kept);

    run("synthetic-ready.csv", 0, Json.object().put("output_csv", kept.toString()));

    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results().path("ready").asBoolean()).isTrue();
    assertThat(Files.readAllLines(kept)).hasSize(3);
  }

  @Test
  void shouldNotTakeAnOldKeptCsvForThisRunsResult() throws Exception {
    Path kept = tmp.resolve("old.csv");
    Files.copy(Fixtures.toolOutput("whynotwin11", "synthetic-ready.csv"), kept);

    run(null, 1, Json.object().put("output_csv", kept.toString()));

    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr().path("reason").asText()).startsWith("WhyNotWin11 wrote no CSV");
  }

  @Test
  void shouldSearchTheFallbacksOnlyForFilesWrittenDuringTheRun() throws Exception {
    Path wd = Files.createDirectory(tmp.resolve("portable"));
    Path fake = tmp.resolve("whynotwin11");
    Files.writeString(
        fake,
        "#!/bin/sh\nmkdir -p App/WhyNotWin11\ncp '"
            + Fixtures.toolOutput("whynotwin11", "synthetic-not-ready-cpu-tpm.csv")
            + "' App/WhyNotWin11/result.csv\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path stale = wd.resolve("result.csv");
    Files.copy(Fixtures.toolOutput("whynotwin11", "synthetic-ready.csv"), stale);
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3600)));

    run(
        null,
        0,
        Json.object().put("executable_path", fake.toString()).put("working_dir", wd.toString()));

    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results().path("csv_path").asText())
        .isEqualTo(wd.resolve("App/WhyNotWin11/result.csv").toString());
    assertThat(results().path("ready").asBoolean()).isFalse();

    Files.delete(wd.resolve("App/WhyNotWin11/result.csv"));
    Files.writeString(fake, "#!/bin/sh\nexit 0\n", StandardCharsets.UTF_8);
    run(
        null,
        0,
        Json.object().put("executable_path", fake.toString()).put("working_dir", wd.toString()));
    assertThat(outcome.status())
        .as("an hour-old result.csv is not this run's")
        .isEqualTo(TaskStatus.ERROR);
  }

  @Test
  void shouldRefuseBadPaths() throws Exception {
    run(
        "synthetic-ready.csv",
        0,
        Json.object().put("working_dir", tmp.resolve("missing").toString()));
    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr().path("reason").asText()).endsWith("is not a folder");

    run("synthetic-ready.csv", 0, Json.object().put("output_csv", "a\"b.csv"));
    assertThat(hr().path("reason").asText())
        .isEqualTo("output_csv holds a quote or control character");

    run("synthetic-ready.csv", 0, Json.object().put("output_csv", tmp.toString()));
    assertThat(hr().path("reason").asText()).endsWith("is a folder; give a file name");

    run(
        "synthetic-ready.csv",
        0,
        Json.object().put("executable_path", tmp.resolve("nope.exe").toString()));
    assertThat(hr().path("reason").asText()).startsWith("WhyNotWin11 not found");
    assertThat(Files.exists(log) ? Files.readAllLines(log) : List.of()).isEmpty();
  }
}
