package io.autoservice.agent.tasks.heavyload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.TaskParams;
import io.autoservice.common.result.TaskStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeavyLoadOutcomeTest {
  static final List<String> SAMPLE_KEYS =
      List.of(
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

  private static HeavyLoadCommand cpuFor(int minutes) {
    return HeavyLoadCommand.from(
        new TaskParams(
            Json.object().put("minutes", minutes),
            HeavyLoadStressHandler.schema(HeavyLoadMode.CPU)),
        HeavyLoadMode.CPU);
  }

  private static JsonNode hr(TaskOutcome o) {
    return o.summary().get("human_readable");
  }

  private static JsonNode results(TaskOutcome o) {
    return o.summary().get("results");
  }

  @Test
  void shouldSucceedOnExitZeroWithTheOriginalsKeys() {
    HeavyLoadCommand cmd =
        HeavyLoadCommand.from(
            new TaskParams(
                Json.object()
                    .put("duration_minutes", 1)
                    .put("stress_cpu", true)
                    .put("cpu_cores", 2)
                    .put("stress_memory", true)
                    .put("memory_threshold_mb", 256)
                    .put("stress_disk", true)
                    .put("disk_threshold_mb", 512)
                    .put("testfile_path", "C:/Temp"),
                HeavyLoadStressHandler.schema(HeavyLoadMode.ANY)),
            HeavyLoadMode.ANY);

    TaskOutcome o = HeavyLoadOutcome.of(cmd, 0, "", "", Duration.ofSeconds(61), false, false);

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).fieldNames()).toIterable().containsExactlyElementsOf(SAMPLE_KEYS);
    assertThat(results(o).get("duration_minutes").asInt()).isEqualTo(1);
    assertThat(results(o).get("headless").asBoolean()).isTrue();
    assertThat(results(o).get("stress_gpu").asBoolean()).isFalse();
    assertThat(results(o).get("testfile_path").asText()).isEqualTo("C:/Temp");
    assertThat(hr(o).get("summary").asText())
        .isEqualTo("CPU + RAM + disk stress test for 1 min (HeavyLoad, no window): completed");
    assertThat(hr(o).get("verdict").asText()).isEqualTo("completed");
    assertThat(hr(o).get("notes")).isEmpty();
    assertThat(hr(o).has("reason")).isFalse();
  }

  @Test
  void shouldFailOnANonZeroExitWithTheFirstErrorLine() {
    TaskOutcome o =
        HeavyLoadOutcome.of(
            cpuFor(1),
            1,
            "",
            "HeavyLoad is already running.\n",
            Duration.ofSeconds(1),
            false,
            false);

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo("HeavyLoad exited with code 1: HeavyLoad is already running.");
    assertThat(hr(o).get("verdict").asText()).isEqualTo("failed");
    assertThat(hr(o).get("summary").asText())
        .isEqualTo("CPU stress test for 1 min (HeavyLoad, with window): failed");
    assertThat(results(o).get("exit_code").asInt()).isEqualTo(1);
    assertThat(results(o).get("message").asText()).isEqualTo(hr(o).get("reason").asText());
    assertThat(results(o).get("stderr_excerpt").asText())
        .isEqualTo("HeavyLoad is already running.");
  }

  @Test
  void shouldSayWhenHeavyLoadHadToBeKilled() {
    TaskOutcome o = HeavyLoadOutcome.of(cpuFor(2), 137, "", "", Duration.ofMinutes(7), true, false);

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo(
            "HeavyLoad did not stop by itself within 7 min (its duration plus a 5-minute margin), so it was killed");
  }

  @Test
  void shouldSayWhenTheRunWasStopped() {
    TaskOutcome o =
        HeavyLoadOutcome.of(cpuFor(2), 143, "", "", Duration.ofSeconds(12), false, true);

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo("HeavyLoad was stopped after 12 s, before it finished");
  }

  @Test
  void shouldNoteAnExitLongBeforeTheDuration() {
    TaskOutcome o = HeavyLoadOutcome.of(cpuFor(1), 0, "", "", Duration.ofMillis(300), false, false);

    // the original said success on exit 0; a load that stopped at once must be looked at
    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(hr(o).get("notes").get(0).asText())
        .isEqualTo(
            "HeavyLoad ended after 300 ms of the 1 min asked; check that the load was applied");
    assertThat(hr(o).get("reason").asText()).isEqualTo(hr(o).get("notes").get(0).asText());
    assertThat(hr(o).get("verdict").asText()).isEqualTo("ended early");
  }

  @Test
  void shouldKeepTheFirst500CharactersOfTheOutput() {
    String longOut = "  " + "x".repeat(400) + "y".repeat(400) + "\n";

    TaskOutcome o =
        HeavyLoadOutcome.of(cpuFor(1), 0, longOut, "", Duration.ofMinutes(1), false, false);

    assertThat(results(o).get("stdout_excerpt").asText())
        .hasSize(500)
        .startsWith("xxx")
        .endsWith("y".repeat(100));
  }

  @Test
  void shouldGiveAReasonForAnErrorBeforeTheRun() {
    TaskOutcome o = HeavyLoadOutcome.failure(cpuFor(1), "HeavyLoad not found");

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText()).isEqualTo("HeavyLoad not found");
    assertThat(hr(o).get("summary").asText()).endsWith(": not run");
    assertThat(results(o).get("stress_cpu").asBoolean()).isTrue();
    assertThat(results(o).has("exit_code")).isFalse();
  }
}
