package io.autoservice.agent.tasks.bleachbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BleachBitCleanHandlerTest {
  private static final List<String> RESULT_KEYS =
      List.of(
          "space_recovered_bytes",
          "files_deleted",
          "special_operations",
          "errors",
          "preview",
          "exit_code",
          "stdout_excerpt",
          "stderr_excerpt");

  private final BleachBitCleanHandler handler = new BleachBitCleanHandler();
  private final ToolLocator noSystemTools = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;
  private TaskOutcome outcome;

  @BeforeEach
  void unixOnly() {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "the fake BleachBit is a shell script");
  }

  private static ObjectNode params(boolean preview, String... options) {
    ObjectNode p = Json.object();
    p.putArray("options").addAll(Stream.of(options).map(TextNode::valueOf).toList());
    p.put("preview", preview);
    return p;
  }

  /**
   * Runs the task with the replay tool playing {@code
   * fixtures/replays/bleachbit_clean/<replayCase>}.
   */
  private FakeTaskContext replay(String replayCase, ObjectNode params) throws Exception {
    if (!params.has("executable_path")) {
      params.put("executable_path", Fixtures.replayTool().toString());
    }
    Path dir = Fixtures.root().resolve("replays/bleachbit_clean").resolve(replayCase);
    FakeTaskContext ctx =
        new FakeTaskContext(params, handler.descriptor().params(), noSystemTools)
            .withEnv(Map.of("FAKE_REPLAY_DIR", dir.toString()));
    outcome = handler.run(ctx);
    return ctx;
  }

  private JsonNode results() {
    return outcome.summary().get("results");
  }

  private JsonNode hr() {
    return outcome.summary().get("human_readable");
  }

  @Test
  void shouldDescribeItself() {
    assertThat(handler.descriptor().type()).isEqualTo("bleachbit_clean");
    assertThat(handler.descriptor().requiresWindows()).isFalse();
    assertThat(handler.descriptor().tool()).contains(Tool.BLEACHBIT);
    assertThat(handler.descriptor().defaultTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(handler.descriptor().params().specs())
        .extracting(s -> s.name())
        .containsExactly("options", "preview", "executable_path");
  }

  @Test
  void shouldPreviewWhatWouldBeDeletedWithoutCleaning() throws Exception {
    FakeTaskContext ctx =
        replay("linux-preview-special", params(true, "thumbnails.cache", "firefox.vacuum"));

    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
    Path exe = Fixtures.replayTool().toAbsolutePath().normalize();
    assertThat(ctx.specs.get(0).command())
        .containsExactly(exe.toString(), "--preview", "thumbnails.cache", "firefox.vacuum");
    assertThat(ctx.specs.get(0).workingDir()).isEqualTo(exe.getParent());
    assertThat(ctx.specs.get(0).stdin()).isNull();
    assertThat(results().fieldNames()).toIterable().containsExactlyElementsOf(RESULT_KEYS);
    assertThat(results().path("space_recovered_bytes").asLong()).isEqualTo(3_000_000L);
    assertThat(results().path("files_deleted").asInt()).isEqualTo(3);
    assertThat(results().path("special_operations").asInt()).isEqualTo(1);
    assertThat(results().path("errors").asInt()).isZero();
    assertThat(results().path("preview").asBoolean()).isTrue();
    assertThat(hr().path("verdict").asText()).isEqualTo("Would recover 3 MB by deleting 3 files.");
    assertThat(hr().path("space_recovered").asText()).isEqualTo("3 MB");
    assertThat(hr().path("notes"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "Preview only: nothing was deleted.",
            "1 special operation (e.g. database vacuum) would run.");
    assertThat(hr().has("reason")).isFalse();
    assertThat(ctx.progress).anyMatch(p -> p.message().startsWith("Vacuum ?B /tmp/bbhome/"));
    assertThat(outcome.extra().get("command").get(1).asText()).isEqualTo("--preview");
  }

  @Test
  void shouldWarnWhenBleachBitCouldNotCleanEverything() throws Exception {
    FakeTaskContext ctx =
        replay(
            "it-clean-errors",
            params(false, "thumbnails.cache", "firefox.vacuum", "system.prefetch"));

    assertThat(ctx.specs.get(0).command().get(1)).isEqualTo("--clean");
    assertThat(outcome.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(results().path("space_recovered_bytes").asLong()).isEqualTo(3_100_000L);
    assertThat(results().path("special_operations").asInt()).isEqualTo(1);
    assertThat(results().path("errors").asInt()).isEqualTo(1);
    assertThat(results().path("stderr_excerpt").asText())
        .endsWith("RuntimeError: Unknown option 'prefetch'");
    assertThat(hr().path("verdict").asText()).isEqualTo("Recovered 3.1 MB: 3 files deleted.");
    assertThat(hr().path("reason").asText())
        .isEqualTo(
            "BleachBit reported 1 error (files it could not delete or"
                + " cleaners that failed); last message: RuntimeError: Unknown option 'prefetch'.");
    assertThat(hr().path("notes"))
        .extracting(JsonNode::asText)
        .contains("Summary read from BleachBit's translated output.");
  }

  @Test
  void shouldFailNamingACleanerBleachBitDoesNotKnow() throws Exception {
    replay("unknown-cleaner", params(true, "foo.bar"));

    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr().path("reason").asText())
        .isEqualTo("BleachBit has no cleaner \"foo\" (exit code 1).");
    assertThat(results().path("error").asText()).isEqualTo(hr().path("reason").asText());
    assertThat(results().path("details").asText()).endsWith("KeyError: 'foo'");
    assertThat(results().path("hint").asText()).contains("--list-cleaners");
    assertThat(results().path("files_deleted").isNull()).isTrue();
    assertThat(results().path("exit_code").asInt()).isEqualTo(1);
  }

  @Test
  void shouldExplainExitCode120AsTheGuiProgram() throws Exception {
    replay("gui-exit-120", params(false, "system.tmp"));

    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(results().path("hint").asText()).contains("bleachbit_console.exe");
    assertThat(hr().path("reason").asText()).startsWith("BleachBit exited with code 120.");
  }

  @Test
  void shouldWarnWithTheLastLinesWhenTheSummaryIsMissing() throws Exception {
    replay("it-ocr-no-summary", params(false, "windows_defender.history"));

    assertThat(outcome.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(hr().path("reason").asText())
        .startsWith("BleachBit finished but its summary could not be read")
        .contains("Accesso negato durante la selezione del file")
        .endsWith("Service\\History.log");
    assertThat(results().path("space_recovered_bytes").isNull()).isTrue();
    assertThat(results().path("errors").isNull()).isTrue();
  }

  @Test
  void shouldDecodeAWindowsAnsiCodePageOutputLineByLine() throws Exception {
    replay("it-windows-cp1252", params(false, "system.tmp"));

    assertThat(outcome.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(results().path("space_recovered_bytes").asLong()).isEqualTo(1_230_000_000L);
    assertThat(results().path("files_deleted").asInt()).isEqualTo(1204);
    assertThat(results().path("errors").asInt()).isEqualTo(6);
    assertThat(results().path("stdout_excerpt").asText()).contains("C:\\Users\\Niccolò\\AppData");
    assertThat(hr().path("space_recovered").asText()).isEqualTo("1,23 GB");
  }

  @Test
  void shouldRefuseToRunWithoutOptions() throws Exception {
    FakeTaskContext ctx = replay("linux-preview-special", params(false));

    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr().path("reason").asText()).startsWith("No cleaner options given");
    assertThat(ctx.specs).isEmpty();
  }

  @Test
  void shouldRefuseOptionsThatCouldBeReadAsFlagsOrPaths() throws Exception {
    for (String bad :
        List.of(
            "--all-but-warning",
            "system.tmp --shred",
            "C:\\SomeDir",
            "System.Tmp",
            "firefox.*",
            "system")) {
      FakeTaskContext ctx = replay("linux-preview-special", params(false, "system.tmp", bad));

      assertThat(outcome.status()).as(bad).isEqualTo(TaskStatus.ERROR);
      assertThat(hr().path("reason").asText())
          .as(bad)
          .startsWith("\"" + bad + "\" is not a BleachBit cleaner option");
      assertThat(ctx.specs).as(bad).isEmpty();
    }
  }

  @Test
  void shouldUseTheConsoleProgramBesideTheGuiProgram() throws Exception {
    Path gui = Files.writeString(tmp.resolve("bleachbit.exe"), "not a program");
    Path console = Files.copy(Fixtures.replayTool(), tmp.resolve("bleachbit_console.exe"));
    ObjectNode p = params(true, "system.tmp");
    p.put("executable_path", gui.toString());

    FakeTaskContext ctx = replay("linux-preview-special", p);

    assertThat(ctx.specs.get(0).command().get(0)).isEqualTo(console.toString());
    assertThat(ctx.specs.get(0).workingDir()).isEqualTo(tmp);
    assertThat(ctx.log)
        .contains("Detected GUI executable; switching to console executable: " + console);
    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
  }

  @Test
  void shouldReportAMissingProgram() throws Exception {
    ObjectNode p = params(false, "system.tmp");
    p.put("executable_path", tmp.resolve("nowhere/bleachbit_console.exe").toString());

    FakeTaskContext ctx = replay("linux-preview-special", p);

    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr().path("reason").asText()).startsWith("BleachBit not found");
    assertThat(results().path("error").asText()).isEqualTo(hr().path("reason").asText());
    assertThat(ctx.specs).isEmpty();
  }

  /**
   * The original UI's bleachbit_clean sample results do not match its runner — they say {@code
   * space_freed_bytes} where the runner (and the UI's renderer) use {@code space_recovered_bytes}.
   * So only the keys they share are compared: every key of each sample's summary must be in ours
   * except {@code space_freed_bytes}, and the error sample's {@code error} must be there too.
   */
  @Test
  void shouldHaveTheSampleResultsKeysExceptTheirMisnamedSpaceKey() throws Exception {
    replay("linux-preview-special", params(false, "thumbnails.cache", "firefox.vacuum"));
    JsonNode ours = flat(outcome);
    for (String sample : List.of("success.json", "minimal_clean.json")) {
      JsonNode ref =
          Json.parse(Files.readString(Fixtures.referenceResult("bleachbit_clean", sample)));
      assertThat(ReferenceKeys.missing(ref.get("summary"), ours))
          .as(sample)
          .containsExactly("space_freed_bytes");
      assertThat(ours.path("space_recovered_bytes").isIntegralNumber()).isTrue();
    }

    replay("unknown-cleaner", params(false, "foo.bar"));
    JsonNode ref =
        Json.parse(Files.readString(Fixtures.referenceResult("bleachbit_clean", "error.json")));
    assertThat(ReferenceKeys.missing(ref.get("summary"), flat(outcome))).isEmpty();
  }

  private static JsonNode flat(TaskOutcome o) {
    return ReportJson.autoserviceResult(
            new TaskResult("bleachbit_clean", null, o.status(), o.summary(), 1.0, o.extra()))
        .get("summary");
  }

  /** The real BleachBit, cleaning thumbnails in a throw-away HOME: nothing else is touched. */
  @Test
  void shouldCleanForRealInAThrowAwayHome() throws Exception {
    Optional<Path> real =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
            .filter(s -> !s.isBlank())
            .map(s -> Path.of(s, "bleachbit"))
            .filter(Files::isExecutable)
            .findFirst();
    assumeTrue(real.isPresent(), "BleachBit is not installed (apt-get install bleachbit)");
    Path home = tmp.resolve("home");
    Path thumbs = Files.createDirectories(home.resolve(".cache/thumbnails/normal"));
    Files.writeString(thumbs.resolve("a.png"), "a".repeat(1500));
    Files.writeString(thumbs.resolve("b.png"), "b".repeat(2600));
    ObjectNode p = params(false, "thumbnails.cache");
    p.put("executable_path", real.get().toString());
    FakeTaskContext ctx =
        new FakeTaskContext(p, handler.descriptor().params(), noSystemTools)
            .withEnv(
                Map.of(
                    "HOME",
                    home.toString(),
                    "XDG_CACHE_HOME",
                    home.resolve(".cache").toString(),
                    "LANGUAGE",
                    "en"));

    outcome = handler.run(ctx);

    assertThat(outcome.status()).as(results().toString()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results().path("files_deleted").asInt()).isEqualTo(2);
    assertThat(results().path("space_recovered_bytes").asLong()).isPositive();
    assertThat(thumbs.resolve("a.png")).doesNotExist();
    assertThat(thumbs.resolve("b.png")).doesNotExist();
  }
}
