package io.autoservice.agent.tasks.adwcleaner;

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
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdwCleanerCleanHandlerTest {
  private static final List<String> RESULT_KEYS =
      List.of(
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
          "reboot_required",
          "failed_items",
          "other",
          "mode",
          "version",
          "detected",
          "eof_found",
          "log_file",
          "working_path",
          "exit_code",
          "stdout_excerpt",
          "stderr_excerpt");

  private final ToolLocator noSystemTools = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;
  private AdwCleanerCleanHandler handler;
  private Path defaultDir;
  private TaskOutcome outcome;

  @BeforeEach
  void setUp() {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "the fake AdwCleaner is a shell script");
    defaultDir = tmp.resolve("agent-temp/adwcleaner");
    handler = new AdwCleanerCleanHandler(defaultDir);
  }

  private static Path fakeTool() {
    return Fixtures.root().resolve("fake-tools").resolve("adwcleaner");
  }

  /** Runs the task with the fake AdwCleaner delivering {@code log} (null: it writes none). */
  private FakeTaskContext run(String log, ObjectNode params, Map<String, String> moreEnv)
      throws Exception {
    Map<String, String> env = new HashMap<>(moreEnv);
    env.put("FAKE_ADWCLEANER_ARGS", tmp.resolve("args.log").toString());
    if (log != null) {
      env.put("FAKE_ADWCLEANER_LOG", Fixtures.toolOutput("adwcleaner", log).toString());
    }
    if (!params.has("executable_path")) {
      params.put("executable_path", fakeTool().toString());
    }
    FakeTaskContext ctx =
        new FakeTaskContext(params, handler.descriptor().params(), noSystemTools).withEnv(env);
    outcome = handler.run(ctx);
    return ctx;
  }

  private ObjectNode withWorkingPath(Path wp) {
    return Json.object().put("working_path", wp.toString());
  }

  private JsonNode results() {
    return outcome.summary().get("results");
  }

  private JsonNode hr() {
    return outcome.summary().get("human_readable");
  }

  @Test
  void shouldDescribeItself() {
    assertThat(handler.descriptor().type()).isEqualTo("adwcleaner_clean");
    assertThat(handler.descriptor().requiresWindows()).isTrue();
    assertThat(handler.descriptor().tool()).contains(Tool.ADWCLEANER);
    assertThat(handler.descriptor().defaultTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(handler.descriptor().params().specs())
        .extracting(s -> s.name())
        .containsExactly("executable_path", "working_path", "clean_preinstalled");
  }

  @Test
  void shouldCleanAndReportWhatTheLogOfThisRunSays() throws Exception {
    Path wp = tmp.resolve("work");
    FakeTaskContext ctx =
        run("synthetic-C01-v8.5.0-clean-9-removed-reboot-full.txt", withWorkingPath(wp), Map.of());

    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(ctx.specs.get(0).command())
        .containsExactly(
            fakeTool().toAbsolutePath().normalize().toString(),
            "/eula",
            "/clean",
            "/noreboot",
            "/path",
            wp.toString());
    assertThat(ctx.specs.get(0).stdin()).isNull();
    Path log = wp.resolve("AdwCleaner/Logs/AdwCleaner[C00].txt");
    assertThat(outcome.extra().get("log_file").asText()).isEqualTo(log.toString());
    assertThat(results().fieldNames()).toIterable().containsExactlyElementsOf(RESULT_KEYS);
    assertThat(results().path("cleaned").asInt()).isEqualTo(9);
    assertThat(results().path("failed").asInt()).isZero();
    assertThat(results().path("services"))
        .extracting(JsonNode::asText)
        .containsExactly("Deleted SearchProtectSvc");
    assertThat(results().path("registry")).hasSize(2);
    assertThat(results().at("/browsers/chromium")).hasSize(1);
    assertThat(results().at("/browsers/hosts")).isEmpty();
    assertThat(results().path("reboot_required").asBoolean()).isTrue();
    assertThat(results().path("eof_found").asBoolean()).isTrue();
    assertThat(hr().path("verdict").asText()).isEqualTo("AdwCleaner removed 9 items.");
    assertThat(hr().path("notes"))
        .extracting(JsonNode::asText)
        .contains(
            "services: 1", "registry: 2", "browsers: 2", "Restart Windows to finish the clean-up.");
    assertThat(hr().has("reason")).isFalse();
  }

  @Test
  void shouldPassPreinstalledAndWarnAboutWhatCouldNotBeRemoved() throws Exception {
    ObjectNode p = withWorkingPath(tmp.resolve("work")).put("clean_preinstalled", true);
    FakeTaskContext ctx =
        run("synthetic-C02-v8.5.0-clean-preinstalled-failed-2-utf16le-bom.txt", p, Map.of());

    assertThat(ctx.specs.get(0).command()).last().isEqualTo("/preinstalled");
    assertThat(outcome.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(results().path("cleaned").asInt()).isEqualTo(3);
    assertThat(results().path("failed").asInt()).isEqualTo(2);
    assertThat(results().path("preinstalled")).hasSize(3);
    assertThat(hr().path("reason").asText())
        .isEqualTo(
            "AdwCleaner could not remove 2 items: Not Deleted"
                + " C:\\Program Files\\McAfee Trial\\Cache; Not Deleted Preinstalled.McAfeeLiveSafe");
  }

  @Test
  void shouldReportASystemWithNothingToClean() throws Exception {
    run(
        "synthetic-C00-v8.5.0-clean-nothing-to-clean-full.txt",
        withWorkingPath(tmp.resolve("w")),
        Map.of());

    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results().path("cleaned").asInt()).isZero();
    assertThat(results().path("reboot_required").asBoolean()).isFalse();
    assertThat(hr().path("verdict").asText())
        .isEqualTo("No adware or unwanted programs were removed.");
  }

  @Test
  void shouldUseAnAbsoluteDefaultWorkingFolderAndCreateIt() throws Exception {
    FakeTaskContext ctx =
        run("synthetic-C00-v8.5.0-clean-nothing-to-clean-full.txt", Json.object(), Map.of());

    assertThat(ctx.specs.get(0).command().get(5)).isEqualTo(defaultDir.toString());
    assertThat(defaultDir).isDirectory();
    assertThat(results().path("working_path").asText()).isEqualTo(defaultDir.toString());
    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
  }

  @Test
  void shouldResolveTheOriginalUisRelativeWorkingPathAgainstTheDefaultFolderNotTheWorkingDirectory()
      throws Exception {
    FakeTaskContext ctx =
        run(
            "synthetic-C00-v8.5.0-clean-nothing-to-clean-full.txt",
            Json.object().put("working_path", "../data/logs"),
            Map.of());

    Path expected = defaultDir.resolve("../data/logs").normalize();
    assertThat(ctx.specs.get(0).command().get(5)).isEqualTo(expected.toString());
    assertThat(Path.of(ctx.specs.get(0).command().get(5))).isAbsolute();
    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
  }

  @Test
  void shouldRefuseAWorkingPathWithAQuote() throws Exception {
    FakeTaskContext ctx = run(null, Json.object().put("working_path", "C:\\x\" /scan"), Map.of());

    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr().path("reason").asText())
        .isEqualTo("working_path holds a quote or control character");
    assertThat(ctx.specs).isEmpty();
  }

  @Test
  void shouldFindALogWrittenToTheLogsFolderDirectlyUnderThePath() throws Exception {
    Path wp = tmp.resolve("work");
    run(
        "synthetic-C00-v8.5.0-clean-nothing-to-clean-full.txt",
        withWorkingPath(wp),
        Map.of("FAKE_ADWCLEANER_SUBDIR", "Logs", "FAKE_ADWCLEANER_NAME", "AdwCleaner[C03].txt"));

    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(outcome.extra().get("log_file").asText())
        .isEqualTo(wp.resolve("Logs/AdwCleaner[C03].txt").toString());
  }

  @Test
  void shouldFailWhenNoLogWasWritten() throws Exception {
    run(null, withWorkingPath(tmp.resolve("w")), Map.of());

    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr().path("reason").asText()).startsWith("No log file was generated");
    assertThat(results().path("error").asText()).isEqualTo(hr().path("reason").asText());
    assertThat(outcome.extra().has("log_file")).isFalse();
  }

  @Test
  void shouldNotTakeAnOldLogForThisRunsLog() throws Exception {
    Path wp = tmp.resolve("w");
    Path old =
        Files.createDirectories(wp.resolve("AdwCleaner/Logs")).resolve("AdwCleaner[C00].txt");
    Files.copy(
        Fixtures.toolOutput("adwcleaner", "synthetic-C01-v8.5.0-clean-9-removed-reboot-full.txt"),
        old);
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(3))));

    run(null, withWorkingPath(wp), Map.of());

    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr().path("reason").asText()).startsWith("No log file was generated");
  }

  @Test
  void shouldFailOnANonZeroExitCodeWithWhatAdwCleanerSaid() throws Exception {
    run(
        "synthetic-C00-v8.5.0-clean-nothing-to-clean-full.txt",
        withWorkingPath(tmp.resolve("w")),
        Map.of(
            "FAKE_ADWCLEANER_EXIT",
            "5",
            "FAKE_ADWCLEANER_STDERR",
            "Administrator rights are required."));

    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr().path("reason").asText())
        .isEqualTo("AdwCleaner exited with code 5: Administrator rights are required.");
    assertThat(results().path("details").asText()).isEqualTo("Administrator rights are required.");
    assertThat(results().path("exit_code").asInt()).isEqualTo(5);
  }

  @Test
  void shouldWarnWhenTheLogStopsBeforeItsEofLine() throws Exception {
    run(
        "C00-v8.3.1-win10-clean-service-deleted-partial.txt",
        withWorkingPath(tmp.resolve("w")),
        Map.of());

    assertThat(outcome.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(results().path("cleaned").asInt()).isEqualTo(1);
    assertThat(hr().path("reason").asText())
        .startsWith("AdwCleaner's log ends before its EOF line");
  }

  @Test
  void shouldWarnWhenTheLogIsNotAnAdwCleanerLog() throws Exception {
    run("synthetic-not-an-adwcleaner-log.txt", withWorkingPath(tmp.resolve("w")), Map.of());

    assertThat(outcome.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(hr().path("reason").asText())
        .contains("is not an AdwCleaner log")
        .contains("Scan Date: 11/26/2025");
  }

  @Test
  void shouldReportAMissingProgram() throws Exception {
    FakeTaskContext ctx =
        run(
            null,
            Json.object().put("executable_path", tmp.resolve("none.exe").toString()),
            Map.of());

    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr().path("reason").asText()).startsWith("AdwCleaner not found");
    assertThat(ctx.specs).isEmpty();
  }

  /**
   * The original UI's adwcleaner_clean sample results do not match its runner ({@code
   * total_cleaned} and {@code categories{}} instead of {@code cleaned} and the lists). Only the
   * keys they share are compared: {@code reboot_required}, and {@code error} of the error sample.
   */
  @Test
  void shouldShareOnlyTheKeysTheSamplesHaveInCommonWithTheRunner() throws Exception {
    run(
        "synthetic-C01-v8.5.0-clean-9-removed-reboot-full.txt",
        withWorkingPath(tmp.resolve("w")),
        Map.of());
    JsonNode ref =
        Json.parse(
            Files.readString(Fixtures.referenceResult("adwcleaner_clean", "threats_found.json")));
    assertThat(ReferenceKeys.missing(ref.get("summary"), flat(outcome)))
        .containsExactly("total_cleaned", "categories");

    run(null, withWorkingPath(tmp.resolve("w2")), Map.of());
    JsonNode err =
        Json.parse(Files.readString(Fixtures.referenceResult("adwcleaner_clean", "error.json")));
    assertThat(ReferenceKeys.missing(err.get("summary"), flat(outcome))).isEmpty();
  }

  private static JsonNode flat(TaskOutcome o) {
    return ReportJson.autoserviceResult(
            new TaskResult("adwcleaner_clean", null, o.status(), o.summary(), 1.0, o.extra()))
        .get("summary");
  }
}
