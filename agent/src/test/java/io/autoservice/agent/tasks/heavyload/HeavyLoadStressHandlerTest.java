package io.autoservice.agent.tasks.heavyload;

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
import io.autoservice.common.plan.TaskParams;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeavyLoadStressHandlerTest {
  private final ToolLocator noSystemTools = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;
  private Path argsLog;
  private FakeTaskContext ctx;

  @BeforeEach
  void unixOnly() {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "the replaying fake HeavyLoad is a shell script");
    argsLog = tmp.resolve("args.log");
  }

  /** A copy of a case folder under fixtures/replays/heavyload_stress_test/. */
  private Path replayFolder(String name) throws Exception {
    Path src = Fixtures.root().resolve("replays/heavyload_stress_test").resolve(name);
    Path dir = Files.createTempDirectory(tmp, name);
    try (Stream<Path> files = Files.list(src)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  private TaskOutcome run(HeavyLoadStressHandler handler, ObjectNode params, Path caseDir) {
    params.put("executable_path", Fixtures.replayTool().toAbsolutePath().toString());
    // As the executor gives it: the duration plus the margin, unless the plan says otherwise.
    Duration timeout =
        handler.defaultTimeout(new TaskParams(params, handler.descriptor().params()));
    ctx =
        new FakeTaskContext(params, handler.descriptor().params(), noSystemTools, null, timeout)
            .withEnv(
                Map.of(
                    "FAKE_REPLAY_DIR", caseDir.toString(), "FAKE_REPLAY_LOG", argsLog.toString()));
    return handler.run(ctx);
  }

  private static HeavyLoadStressHandler handler(HeavyLoadMode mode) {
    return new HeavyLoadStressHandler(mode, Duration.ofMillis(100));
  }

  private static JsonNode results(TaskOutcome o) {
    return o.summary().get("results");
  }

  private static JsonNode hr(TaskOutcome o) {
    return o.summary().get("human_readable");
  }

  private String args() throws Exception {
    return Files.readString(argsLog).strip();
  }

  @Test
  void shouldDescribeItselfAndItsAliases() {
    HeavyLoadStressHandler any = new HeavyLoadStressHandler(HeavyLoadMode.ANY);
    assertThat(any.descriptor().type()).isEqualTo("heavyload_stress_test");
    assertThat(any.descriptor().tool()).contains(Tool.HEAVYLOAD);
    assertThat(any.descriptor().requiresWindows()).isTrue();
    assertThat(any.descriptor().defaultTimeout()).isEqualTo(Duration.ofMinutes(245));
    assertThat(any.descriptor().params().spec("headless").orElseThrow().defaultValue().asBoolean())
        .isTrue();
    assertThat(
            Stream.of(HeavyLoadMode.CPU, HeavyLoadMode.MEMORY, HeavyLoadMode.GPU)
                .map(m -> new HeavyLoadStressHandler(m).descriptor().type()))
        .containsExactly("heavyload_stress_cpu", "heavyload_stress_memory", "heavyload_stress_gpu");
    HeavyLoadStressHandler cpu = new HeavyLoadStressHandler(HeavyLoadMode.CPU);
    assertThat(cpu.descriptor().defaultTimeout()).isEqualTo(Duration.ofMinutes(6));
    assertThat(cpu.descriptor().params().spec("headless").orElseThrow().defaultValue().asBoolean())
        .as("as the UI builds it")
        .isFalse();
    assertThat(
            cpu.descriptor().params().spec("stress_cpu").orElseThrow().defaultValue().asBoolean())
        .isTrue();
    assertThat(
            cpu.descriptor().params().spec("stress_gpu").orElseThrow().defaultValue().asBoolean())
        .isFalse();
  }

  @Test
  void shouldTimeOutFiveMinutesAfterThePlansDuration() {
    HeavyLoadStressHandler any = new HeavyLoadStressHandler(HeavyLoadMode.ANY);
    var schema = any.descriptor().params();
    assertThat(
            any.defaultTimeout(
                new io.autoservice.common.plan.TaskParams(
                    Json.object().put("duration_minutes", 30).put("stress_cpu", true), schema)))
        .isEqualTo(Duration.ofMinutes(35));
    HeavyLoadStressHandler gpu = new HeavyLoadStressHandler(HeavyLoadMode.GPU);
    assertThat(
            gpu.defaultTimeout(
                new io.autoservice.common.plan.TaskParams(
                    Json.object().put("minutes", 10), gpu.descriptor().params())))
        .isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void shouldRunTheSamplePlanAndReportWhatWasAsked() throws Exception {
    ObjectNode params =
        Json.object()
            .put("duration_minutes", 1)
            .put("headless", true)
            .put("stress_cpu", true)
            .put("cpu_cores", 2)
            .put("stress_memory", true)
            .put("memory_threshold_mb", 256)
            .put("stress_disk", true)
            .put("disk_threshold_mb", 512)
            .put("testfile_path", "C:/Temp")
            .put("stress_gpu", false);

    TaskOutcome o = run(handler(HeavyLoadMode.ANY), params, replayFolder("completed"));

    assertThat(args())
        .isEqualTo(
            "/CPU 2 /MEMORY 256 /FILE 512 /TESTFILEPATH C:/Temp /DURATION 1 /AUTOEXIT /NOGUI /START");
    assertThat(o.status())
        .as("the fake exits at once, long before the minutes asked")
        .isEqualTo(TaskStatus.WARNING);
    assertThat(results(o).fieldNames())
        .toIterable()
        .containsExactlyElementsOf(HeavyLoadOutcomeTest.SAMPLE_KEYS);
    assertThat(results(o).get("exit_code").asInt()).isZero();
    assertThat(results(o).get("stdout_excerpt").asText()).isEmpty();
    assertThat(hr(o).get("summary").asText())
        .isEqualTo("CPU + RAM + disk stress test for 1 min (HeavyLoad, no window): ended early");
    assertThat(hr(o).get("notes").get(0).asText())
        .as("the fake exits at once")
        .matches("HeavyLoad ended after (\\d+ ms|[\\d.]+ s) of the 1 min asked; .*");
    JsonNode command = o.extra().get("command");
    assertThat(command.get(0).asText())
        .isEqualTo(Fixtures.replayTool().toAbsolutePath().normalize().toString());
    assertThat(command.get(command.size() - 1).asText()).isEqualTo("/START");
    assertThat(ctx.specs.get(0).stdin()).isNull();
    assertThat(ctx.specs.get(0).charset()).isEqualTo(ToolCharset.oem());
    assertThat(ctx.specs.get(0).workingDir())
        .isEqualTo(Fixtures.replayTool().toAbsolutePath().normalize().getParent());
    assertThat(ctx.specs.get(0).timeout()).isEqualTo(Duration.ofMinutes(6));
    assertThat(ctx.progress).last().extracting(FakeTaskContext.Progress::percent).isEqualTo(100.0);
  }

  @Test
  void shouldRunAnAliasWithTheUisMinutesAndAWindow() throws Exception {
    TaskOutcome o =
        run(handler(HeavyLoadMode.GPU), Json.object().put("minutes", 2), replayFolder("completed"));

    assertThat(args()).isEqualTo("/GPU /DURATION 2 /AUTOEXIT /START");
    assertThat(o.status())
        .as("the fake exits at once, long before the minutes asked")
        .isEqualTo(TaskStatus.WARNING);
    assertThat(results(o).get("stress_gpu").asBoolean()).isTrue();
    assertThat(results(o).get("headless").asBoolean()).isFalse();
    assertThat(results(o).get("duration_minutes").asInt()).isEqualTo(2);
  }

  @Test
  void shouldReportProgressFromTheElapsedTimeWhileHeavyLoadRuns() throws Exception {
    Path dir = replayFolder("completed");
    Files.writeString(dir.resolve("default.sleep"), "1\n");

    TaskOutcome o = run(handler(HeavyLoadMode.CPU), Json.object().put("minutes", 1), dir);

    assertThat(o.status())
        .as("the fake exits at once, long before the minutes asked")
        .isEqualTo(TaskStatus.WARNING);
    assertThat(ctx.progress.size()).isGreaterThanOrEqualTo(4);
    FakeTaskContext.Progress first = ctx.progress.get(0);
    assertThat(first.percent()).isBetween(0.0, 2.0);
    assertThat(first.message()).matches("CPU stress… \\d+ ms of 1 min");
    List<Double> ticks =
        ctx.progress.subList(0, ctx.progress.size() - 1).stream()
            .map(FakeTaskContext.Progress::percent)
            .toList();
    assertThat(ticks).isSorted();
    assertThat(ticks.get(ticks.size() - 1)).as("about 1 s of 1 min").isBetween(1.0, 10.0);
    assertThat(ctx.progress)
        .last()
        .extracting(FakeTaskContext.Progress::message)
        .asString()
        .matches("CPU stress finished after 1(\\.\\d)? s");
  }

  @Test
  void shouldFailWithTheExitCodeAndWhatHeavyLoadSaid() throws Exception {
    TaskOutcome o = run(handler(HeavyLoadMode.MEMORY), Json.object(), replayFolder("failed"));

    assertThat(args()).isEqualTo("/MEMORY /DURATION 1 /AUTOEXIT /START");
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo("HeavyLoad exited with code 1: HeavyLoad is already running.");
    assertThat(results(o).get("exit_code").asInt()).isEqualTo(1);
    assertThat(results(o).get("stderr_excerpt").asText())
        .isEqualTo("HeavyLoad is already running.");
    assertThat(results(o).get("message").asText()).isEqualTo(hr(o).get("reason").asText());
    assertThat(ctx.progress).noneMatch(p -> p.percent() == 100.0);
  }

  @Test
  void shouldKillAHeavyLoadThatWillNotStopWhenTheTaskIsStopped() throws Exception {
    Path dir = replayFolder("hangs");
    HeavyLoadStressHandler handler = handler(HeavyLoadMode.CPU);
    ObjectNode params =
        Json.object().put("executable_path", Fixtures.replayTool().toAbsolutePath().toString());
    ctx =
        new FakeTaskContext(params, handler.descriptor().params(), noSystemTools)
            .withEnv(
                Map.of("FAKE_REPLAY_DIR", dir.toString(), "FAKE_REPLAY_LOG", argsLog.toString()));
    Thread stopper =
        new Thread(
            () -> {
              try {
                Thread.sleep(700);
              } catch (InterruptedException e) {
                return;
              }
              ctx.cancellation().cancel("timed out after 1 seconds");
            });
    stopper.start();
    long t0 = System.nanoTime();

    TaskOutcome o = handler.run(ctx);

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .startsWith("HeavyLoad was stopped after ")
        .endsWith(", before it finished");
  }

  @Test
  void shouldSayStoppedNotHungWhenTheTasksOwnTimeoutEndsTheRun() throws Exception {
    Path dir = replayFolder("hangs");
    HeavyLoadStressHandler handler = handler(HeavyLoadMode.CPU);
    ObjectNode params =
        Json.object().put("executable_path", Fixtures.replayTool().toAbsolutePath().toString());
    ctx =
        new FakeTaskContext(
                params, handler.descriptor().params(), noSystemTools, null, Duration.ofSeconds(1))
            .withEnv(
                Map.of("FAKE_REPLAY_DIR", dir.toString(), "FAKE_REPLAY_LOG", argsLog.toString()));

    TaskOutcome o = handler.run(ctx);

    assertThat(ctx.specs.get(0).timeout())
        .as("the plan's timeout is shorter than 1 min + 5 min")
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .startsWith("HeavyLoad was stopped after ")
        .endsWith(", before it finished");
  }

  @Test
  void shouldRefuseAPlanThatStressesNothingWithoutStartingHeavyLoad() throws Exception {
    TaskOutcome o =
        run(
            handler(HeavyLoadMode.ANY),
            Json.object().put("duration_minutes", 5),
            replayFolder("completed"));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .startsWith("nothing to stress: set at least one of stress_cpu");
    assertThat(ctx.specs).isEmpty();
  }

  @Test
  void shouldRefuseATestFilePathThatLooksLikeASwitch() throws Exception {
    ObjectNode params =
        Json.object()
            .put("duration_minutes", 1)
            .put("stress_disk", true)
            .put("testfile_path", "/START");

    TaskOutcome o = run(handler(HeavyLoadMode.ANY), params, replayFolder("completed"));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .startsWith("testfile_path must be an absolute Windows path");
    assertThat(ctx.specs).isEmpty();
  }

  @Test
  void shouldRefuseValuesOutsideTheSchemaEvenWhenCalledDirectly() throws Exception {
    TaskOutcome o =
        run(
            handler(HeavyLoadMode.ANY),
            Json.object().put("duration_minutes", 500).put("stress_cpu", true),
            replayFolder("completed"));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText()).contains("duration_minutes").contains("out of range");
  }

  @Test
  void shouldSayWhenHeavyLoadIsMissing() {
    HeavyLoadStressHandler handler = handler(HeavyLoadMode.CPU);
    ObjectNode params =
        Json.object().put("executable_path", tmp.resolve("nowhere/HeavyLoad.exe").toString());
    ctx = new FakeTaskContext(params, handler.descriptor().params(), noSystemTools);

    TaskOutcome o = handler.run(ctx);

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText()).contains("HeavyLoad").contains("nowhere");
    assertThat(results(o).get("stress_cpu").asBoolean()).isTrue();
  }
}
