package io.autoservice.agent.tasks.furmark;

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
import io.autoservice.common.plan.TaskParams;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FurMarkStressHandlerTest {
  static final List<String> RESULT_KEYS =
      List.of(
          "demo",
          "renderer",
          "api",
          "resolution",
          "frames",
          "duration_ms",
          "fps",
          "gpus",
          "duration_seconds",
          "exit_code",
          "stdout_excerpt",
          "stderr_excerpt");

  private final FurMarkStressHandler handler = new FurMarkStressHandler(Duration.ofMillis(100));
  private final ToolLocator noSystemTools = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;
  private Path argsLog;
  private FakeTaskContext ctx;

  @BeforeEach
  void unixOnly() {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "the replaying fake FurMark is a shell script");
    argsLog = tmp.resolve("args.log");
  }

  /** A copy of a case folder under fixtures/replays/furmark_stress_test/. */
  private Path replayFolder(String name) throws Exception {
    Path src = Fixtures.root().resolve("replays/furmark_stress_test").resolve(name);
    Path dir = Files.createTempDirectory(tmp, name);
    try (Stream<Path> files = Files.list(src)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  private Path replayCase(String fixture, int exit) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "case");
    Files.copy(Fixtures.toolOutput("furmark", fixture), dir.resolve("default.stdout"));
    Files.writeString(dir.resolve("default.exit"), exit + "\n");
    return dir;
  }

  private TaskOutcome run(ObjectNode params, Path caseDir, Path exe) {
    params.put("executable_path", exe.toAbsolutePath().toString());
    ctx =
        new FakeTaskContext(params, handler.descriptor().params(), noSystemTools)
            .withEnv(
                Map.of(
                    "FAKE_REPLAY_DIR", caseDir.toString(), "FAKE_REPLAY_LOG", argsLog.toString()));
    return handler.run(ctx);
  }

  private TaskOutcome run(ObjectNode params, Path caseDir) {
    return run(params, caseDir, Fixtures.replayTool());
  }

  /** The original's fixture plan test_furmark.json, without its executable_path. */
  private static ObjectNode samplePlan() {
    ObjectNode p =
        Json.object()
            .put("duration_seconds", 60)
            .put("width", 1920)
            .put("height", 1080)
            .put("demo", "furmark-gl");
    p.putArray("extra_args").add("--no-gui");
    return p;
  }

  private static JsonNode results(TaskOutcome o) {
    return o.summary().get("results");
  }

  private static JsonNode hr(TaskOutcome o) {
    return o.summary().get("human_readable");
  }

  @SuppressWarnings("unchecked")
  private static List<String> notes(TaskOutcome o) {
    return Json.mapper().convertValue(hr(o).get("notes"), List.class);
  }

  @Test
  void shouldDescribeItself() {
    assertThat(handler.descriptor().type()).isEqualTo("furmark_stress_test");
    assertThat(handler.descriptor().tool()).contains(Tool.FURMARK);
    assertThat(handler.descriptor().requiresWindows()).isTrue();
    assertThat(handler.descriptor().defaultTimeout()).isEqualTo(Duration.ofMinutes(62));
    assertThat(handler.defaultTimeout(new TaskParams(samplePlan(), handler.descriptor().params())))
        .isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void shouldRunTheSamplePlanAndReadFurMarksStats() throws Exception {
    TaskOutcome o = run(samplePlan(), replayFolder("rtx3060"));

    assertThat(Files.readString(argsLog).strip())
        .isEqualTo("--demo furmark-gl --width 1920 --height 1080 --max-time 60 --no-gui");
    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    JsonNode r = results(o);
    assertThat(r.fieldNames()).toIterable().containsExactlyElementsOf(RESULT_KEYS);
    assertThat(r.get("demo").asText()).isEqualTo("FurMark (GL) (built-in: YES)");
    assertThat(r.get("api").asText()).isEqualTo("OpenGL 3.2.0 NVIDIA 572.83");
    assertThat(r.at("/resolution/width").asInt()).isEqualTo(1920);
    assertThat(r.get("frames").asInt()).isEqualTo(322);
    assertThat(r.get("duration_ms").asLong()).isEqualTo(3114);
    assertThat(r.at("/fps/avg").asInt()).isEqualTo(103);
    JsonNode gpu = r.at("/gpus/0");
    assertThat(gpu.fieldNames())
        .toIterable()
        .containsExactly(
            "index",
            "name",
            "id",
            "max_temperature_c",
            "max_usage_percent",
            "max_core_clock_mhz",
            "min_core_clock_mhz");
    assertThat(gpu.get("id").asText()).isEqualTo("10DE-2504");
    assertThat(gpu.get("max_temperature_c").asInt()).isEqualTo(52);
    assertThat(r.get("stdout_excerpt").asText())
        .as("the B0 byte decoded as windows-1252")
        .contains("52°C");
    assertThat(hr(o).get("verdict").asText()).isEqualTo("passed");
    assertThat(hr(o).get("summary").asText())
        .isEqualTo("furmark-gl 1920x1080 for 1 min: 103 FPS average (96–108), GPU max 52 °C");
    assertThat(hr(o).get("max_temperature_c").asInt()).isEqualTo(52);
    assertThat(notes(o)).containsExactly("FurMark ran 3.1 s of the 1 min asked");
    assertThat(hr(o).has("reason")).isFalse();
    assertThat(o.extra().get("command").get(2).asText()).isEqualTo("furmark-gl");
    assertThat(ctx.specs.get(0).workingDir())
        .isEqualTo(Fixtures.replayTool().toAbsolutePath().normalize().getParent());
    assertThat(ctx.specs.get(0).timeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(ctx.specs.get(0).stdin()).isNull();
  }

  @Test
  void shouldNoteAWarmGpuButStillPass() throws Exception {
    TaskOutcome o =
        run(
            Json.object().put("duration_seconds", 60),
            replayCase("synthetic-win-rx6700xt-warm-92c.txt", 0));

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(notes(o)).containsExactly("max GPU temperature 92 °C — check cooling");
  }

  @Test
  void shouldWarnWhenAGpuRunsAbove95Degrees() throws Exception {
    TaskOutcome o = run(Json.object().put("duration_minutes", 1), replayFolder("hot-gpu"));

    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(hr(o).get("verdict").asText()).isEqualTo("overheating");
    assertThat(hr(o).get("reason").asText())
        .isEqualTo("GPU 1 (NVIDIA GeForce GTX 1080) reached 97 °C, above 95 °C — check cooling");
    assertThat(notes(o))
        .containsExactly(
            "GPU 1 (NVIDIA GeForce GTX 1080): max GPU temperature 97 °C — check cooling");
    assertThat(results(o).get("gpus")).hasSize(2);
  }

  @Test
  void shouldWarnWhenFurMarkPrintedNoResults() throws Exception {
    TaskOutcome o = run(Json.object().put("duration_seconds", 30), replayFolder("no-stats"));

    assertThat(o.status()).as("the runner said success").isEqualTo(TaskStatus.WARNING);
    assertThat(hr(o).get("verdict").asText()).isEqualTo("unknown");
    assertThat(hr(o).get("reason").asText())
        .startsWith("FurMark ended without printing its results");
    assertThat(results(o).get("output_preview").asText()).endsWith("window closed by user");
    assertThat(results(o).get("frames").isNull()).isTrue();
  }

  @Test
  void shouldFailOnANonZeroExitWithFurMarksLastWords() throws Exception {
    TaskOutcome o = run(samplePlan(), replayFolder("error"));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo(
            "FurMark exited with code 1: ERROR: unable to create an OpenGL 3.2 context (renderer: Microsoft Basic Render Driver)");
    assertThat(results(o).get("error").asText()).isEqualTo(hr(o).get("reason").asText());
    assertThat(results(o).get("exit_code").asInt()).isEqualTo(1);
    assertThat(results(o).has("stderr")).isTrue();
    assertThat(ctx.progress).noneMatch(p -> p.percent() == 100.0);
  }

  @Test
  void shouldPassTheRealLinuxRunAndSayItHadNoSensors() throws Exception {
    TaskOutcome o = run(Json.object().put("duration_seconds", 360), replayFolder("linux-486"));

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).at("/fps/max").asInt()).isEqualTo(2);
    assertThat(results(o).get("gpus")).isEmpty();
    assertThat(hr(o).get("max_temperature_c").isNull()).isTrue();
    assertThat(notes(o))
        .containsExactly("FurMark reported no GPU sensor data (temperature not monitored)");
  }

  @Test
  void shouldRunTheConsoleProgramBesideTheGuiLauncher() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("FurMark2 - 2.9.0"));
    Files.writeString(dir.resolve("FurMark_GUI.exe"), "not a console program");
    Path console = dir.resolve("furmark.exe");
    Files.copy(Fixtures.replayTool(), console);
    Files.setPosixFilePermissions(console, PosixFilePermissions.fromString("rwxr-xr-x"));

    TaskOutcome o = run(samplePlan(), replayFolder("rtx3060"), dir.resolve("FurMark_GUI.exe"));

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(o.extra().get("command").get(0).asText())
        .isEqualTo(console.toAbsolutePath().normalize().toString());
    assertThat(ctx.log)
        .anyMatch(l -> l.startsWith("FurMark_GUI.exe is FurMark's launcher window; running "));
  }

  @Test
  void shouldRefuseAGuiLauncherWithoutItsConsoleProgram() throws Exception {
    Path gui = Files.createDirectories(tmp.resolve("fm")).resolve("FurMark_GUI.exe");
    Files.writeString(gui, "x");

    TaskOutcome o = run(samplePlan(), replayFolder("rtx3060"), gui);

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText()).endsWith("no furmark.exe is beside it");
    assertThat(ctx.specs).isEmpty();
  }

  @Test
  void shouldSayStoppedNotHungWhenTheTasksOwnTimeoutEndsTheRun() throws Exception {
    Path dir = replayFolder("rtx3060");
    Files.writeString(dir.resolve("default.sleep"), "10\n");
    ObjectNode params =
        Json.object()
            .put("duration_seconds", 60)
            .put("executable_path", Fixtures.replayTool().toAbsolutePath().toString());
    ctx =
        new FakeTaskContext(
                params, handler.descriptor().params(), noSystemTools, null, Duration.ofSeconds(1))
            .withEnv(
                Map.of("FAKE_REPLAY_DIR", dir.toString(), "FAKE_REPLAY_LOG", argsLog.toString()));

    TaskOutcome o = handler.run(ctx);

    assertThat(ctx.specs.get(0).timeout())
        .as("the plan's timeout is shorter than 1 min + 2 min")
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .startsWith("FurMark was stopped after ")
        .endsWith(", before it finished");
  }

  @Test
  void shouldReportProgressFromTheElapsedTime() throws Exception {
    Path dir = replayFolder("rtx3060");
    Files.writeString(dir.resolve("default.sleep"), "1\n");

    TaskOutcome o = run(Json.object().put("duration_seconds", 10), dir);

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(ctx.progress.size()).isGreaterThanOrEqualTo(4);
    assertThat(ctx.progress.get(0).message()).matches("FurMark furmark-gl… \\d+ ms of 10 s");
    List<Double> ticks =
        ctx.progress.subList(0, ctx.progress.size() - 1).stream()
            .map(FakeTaskContext.Progress::percent)
            .toList();
    assertThat(ticks).isSorted();
    assertThat(ticks.get(ticks.size() - 1)).as("about 1 s of 10 s").isBetween(5.0, 60.0);
    assertThat(ctx.progress).last().extracting(FakeTaskContext.Progress::percent).isEqualTo(100.0);
  }

  @Test
  void shouldRefuseBadParametersWithoutStartingFurMark() throws Exception {
    TaskOutcome noDuration = run(Json.object(), replayFolder("rtx3060"));
    assertThat(noDuration.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(noDuration).get("reason").asText())
        .isEqualTo("duration_seconds is required (10-3600 s)");
    assertThat(ctx.specs).isEmpty();

    ObjectNode injected = Json.object().put("duration_seconds", 60);
    injected.putArray("extra_args").add("--max-time=99999");
    TaskOutcome o = run(injected, replayFolder("rtx3060"));
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText()).startsWith("extra_args may not set --max-time");
    assertThat(ctx.specs).isEmpty();

    TaskOutcome tooLong = run(Json.object().put("duration_seconds", 7200), replayFolder("rtx3060"));
    assertThat(hr(tooLong).get("reason").asText())
        .contains("duration_seconds")
        .contains("out of range");
  }
}
