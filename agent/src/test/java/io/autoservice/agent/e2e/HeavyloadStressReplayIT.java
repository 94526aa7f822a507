package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent run} with {@code heavyload_stress_test} and the AutoService UI's {@code
 * heavyload_stress_cpu/_memory/_gpu} tasks whose HeavyLoad is the replaying fake tool (cases under
 * {@code fixtures/replays/heavyload_stress_test/}), end to end through the built jar.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class HeavyloadStressReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private AgentProcess.Outcome run(String caseName, String... args) {
    Map<String, String> env =
        Map.of(
            "AUTOSERVICE_TOOL_HEAVYLOAD",
                AgentProcess.FIXTURES.resolve("fake-tools/replay").toAbsolutePath().toString(),
            "FAKE_REPLAY_DIR",
                AgentProcess.FIXTURES
                    .resolve("replays/heavyload_stress_test")
                    .resolve(caseName)
                    .toAbsolutePath()
                    .toString(),
            "FAKE_REPLAY_LOG", tmp.resolve("args.log").toString());
    return AgentProcess.run(env, args);
  }

  private List<String> argsLog() throws Exception {
    return Files.readAllLines(tmp.resolve("args.log"));
  }

  private Path plan(String json) throws Exception {
    Path plan = tmp.resolve("plan.json");
    Files.writeString(plan, json);
    return plan;
  }

  @Test
  void shouldRunTheSamplePlanHeadlessWithStartLast() throws Exception {
    Path plan = AgentProcess.FIXTURES.resolve("plans/stress-heavyload.json").toAbsolutePath();
    AgentProcess.Outcome run = run("completed", "run", plan.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(argsLog())
        .containsExactly(
            "/CPU 2 /MEMORY 256 /FILE 512 /TESTFILEPATH C:/Temp /DURATION 1 /AUTOEXIT /NOGUI /START");
    assertThat(run.markerLines())
        .contains("TASK_START: heavyload_stress_test", "TASK_OK: heavyload_stress_test | warning");
    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.path("task_type").asText()).isEqualTo("heavyload_stress_test");
    JsonNode r = task.at("/summary/results");
    assertThat(r.fieldNames())
        .toIterable()
        .containsExactly(
            "duration_minutes",
            "headless",
            "stress_cpu",
            "stress_memory",
            "stress_disk",
            "stress_gpu",
            "cpu_cores",
            "memory_threshold_mb",
            "disk_threshold_mb",
            "testfile_path",
            "exit_code",
            "stdout_excerpt",
            "stderr_excerpt");
    assertThat(r.path("cpu_cores").asInt()).isEqualTo(2);
    assertThat(r.path("exit_code").asInt()).isZero();
    assertThat(task.at("/summary/human_readable/summary").asText())
        .isEqualTo("CPU + RAM + disk stress test for 1 min (HeavyLoad, no window): ended early");
    assertThat(task.path("command").get(task.path("command").size() - 1).asText())
        .isEqualTo("/START");
  }

  @Test
  void shouldReportTheUisCpuAliasUnderItsOwnType() throws Exception {
    Path plan = plan("{\"type\":\"heavyload_stress_cpu\",\"minutes\":1}");
    AgentProcess.Outcome run = run("completed", "run", plan.toString(), "--markers", "autoservice");

    assertThat(run.exitCode()).isZero();
    assertThat(argsLog()).containsExactly("/CPU /DURATION 1 /AUTOEXIT /START");
    assertThat(run.markerLines())
        .contains("TASK_START:0:heavyload_stress_cpu", "TASK_OK:0:heavyload_stress_cpu");
    JsonNode result = JSON.readTree(run.stdout()).at("/results/0");
    assertThat(result.path("task_type").asText()).isEqualTo("heavyload_stress_cpu");
    // the fake exits at once: our warning, the app's success (its heavyload renderer needs it)
    assertThat(result.path("status").asText()).isEqualTo("success");
    assertThat(result.at("/summary/human_readable/status").asText()).isEqualTo("warning");
    // what the UI's heavyload_stress_cpu renderer reads, laid flat
    JsonNode s = result.path("summary");
    assertThat(s.path("stress_cpu").asBoolean()).isTrue();
    assertThat(s.path("stress_memory").asBoolean()).isFalse();
    assertThat(s.path("headless").asBoolean()).isFalse();
    assertThat(s.path("duration_minutes").asInt()).isEqualTo(1);
    assertThat(s.path("exit_code").asInt()).isZero();
    assertThat(s.has("stdout_excerpt")).isTrue();
  }

  @Test
  void shouldRunEachUiAliasWithItsOwnLoad() throws Exception {
    Path plan =
        AgentProcess.FIXTURES.resolve("plans/stress-heavyload-ui-aliases.json").toAbsolutePath();
    AgentProcess.Outcome run = run("completed", "run", plan.toString());

    assertThat(argsLog())
        .containsExactly(
            "/CPU /DURATION 1 /AUTOEXIT /START",
            "/MEMORY /DURATION 2 /AUTOEXIT /START",
            "/GPU /DURATION 1 /AUTOEXIT /START");
    JsonNode tasks = JSON.readTree(run.stdout()).path("tasks");
    assertThat(tasks)
        .extracting(t -> t.path("task_type").asText())
        .containsExactly("heavyload_stress_cpu", "heavyload_stress_memory", "heavyload_stress_gpu");
    // the fake exits at once, long before the minutes asked
    assertThat(tasks).allMatch(t -> t.path("status").asText().equals("warning"));
  }

  @Test
  void shouldFailWithHeavyLoadsExitCode() throws Exception {
    Path plan =
        plan(
            "{\"tasks\":[{\"type\":\"heavyload_stress_test\",\"stress_memory\":true,\"duration_minutes\":3}]}");
    AgentProcess.Outcome run = run("failed", "run", plan.toString());

    assertThat(argsLog()).containsExactly("/MEMORY /DURATION 3 /AUTOEXIT /NOGUI /START");
    assertThat(run.markerLines())
        .contains(
            "TASK_FAIL: heavyload_stress_test | HeavyLoad exited with code 1: HeavyLoad is already running.");
    JsonNode r = JSON.readTree(run.stdout()).at("/tasks/0/summary/results");
    assertThat(r.path("exit_code").asInt()).isEqualTo(1);
    assertThat(r.path("stderr_excerpt").asText()).isEqualTo("HeavyLoad is already running.");
  }

  @Test
  void shouldKillAHeavyLoadThatDoesNotStopAtTheTimeout() throws Exception {
    Path plan =
        plan(
            "{\"tasks\":[{\"type\":\"heavyload_stress_gpu\",\"timeout_seconds\":2},{\"type\":\"hello_service\"}]}");
    long t0 = System.nanoTime();
    AgentProcess.Outcome run = run("hangs", "run", plan.toString());

    assertThat((System.nanoTime() - t0) / 1e9).as("not the fake's 300 s").isLessThan(60);
    assertThat(run.markerLines())
        .anyMatch(l -> l.startsWith("TASK_FAIL: heavyload_stress_gpu | timed out after 2 s"));
    assertThat(run.markerLines()).contains("TASK_OK: hello_service | success");
    assertThat(JSON.readTree(run.stdout()).at("/tasks/0/status").asText()).isEqualTo("error");
  }

  @Test
  void shouldRefuseAPlanThatStressesNothing() throws Exception {
    Path plan = plan("{\"tasks\":[{\"type\":\"heavyload_stress_test\",\"duration_minutes\":1}]}");
    AgentProcess.Outcome run = run("completed", "run", plan.toString());

    assertThat(Files.exists(tmp.resolve("args.log"))).as("HeavyLoad never started").isFalse();
    assertThat(run.markerLines())
        .anyMatch(
            l ->
                l.startsWith(
                    "TASK_FAIL: heavyload_stress_test | nothing to stress: set at least one of stress_cpu, stress_memory, stress_disk, stress_gpu"));
  }

  @Test
  void shouldSkipOffWindowsWhenHeavyLoadIsNotConfigured() throws Exception {
    Path plan = plan("{\"type\":\"heavyload_stress_cpu\",\"minutes\":1}");
    AgentProcess.Outcome run = AgentProcess.run(Map.of(), "run", plan.toString());

    assertThat(run.markerLines()).contains("TASK_SKIP: heavyload_stress_cpu | requires Windows");
  }
}
