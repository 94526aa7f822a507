package io.autoservice.agent.tasks.furmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.RecordedOutputs;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.TaskParams;
import io.autoservice.common.result.TaskStatus;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On every FurMark output of {@code fixtures/tool-outputs/furmark/}, the figures, verdict and
 * status agree.
 */
class FurMarkConsistencyTest {
  private static final Pattern EXIT = Pattern.compile("exit(\\d+)");

  static List<Path> outputs() {
    return RecordedOutputs.files("furmark", ".txt");
  }

  @ParameterizedTest
  @MethodSource("outputs")
  void figuresVerdictAndStatusAgree(Path file) throws Exception {
    // FurMark writes the console's code page; the Windows captures are windows-1252.
    List<String> lines = Files.readAllLines(file, Charset.forName("windows-1252"));
    FurMarkOutput out = FurMarkOutputParser.parse(lines);
    if (out.fpsMin() != null && out.fpsAvg() != null && out.fpsMax() != null) {
      assertThat(out.fpsMin()).isLessThanOrEqualTo(out.fpsAvg());
      assertThat(out.fpsAvg()).isLessThanOrEqualTo(out.fpsMax());
    }
    for (FurMarkGpu g : out.gpus()) {
      if (g.minCoreClockMhz() != null && g.maxCoreClockMhz() != null) {
        assertThat(g.minCoreClockMhz()).isLessThanOrEqualTo(g.maxCoreClockMhz());
      }
      if (g.maxUsagePercent() != null) {
        assertThat(g.maxUsagePercent()).isBetween(0, 100);
      }
      if (g.maxTemperatureC() != null) {
        assertThat(g.maxTemperatureC()).isBetween(0, 150);
      }
    }

    Matcher m = EXIT.matcher(file.getFileName().toString());
    int exit = m.find() ? Integer.parseInt(m.group(1)) : 0;
    FurMarkCommand cmd =
        FurMarkCommand.from(
            new TaskParams(
                Json.object().put("duration_seconds", 60),
                new FurMarkStressHandler().descriptor().params()));
    TaskOutcome o =
        FurMarkOutcome.of(cmd, lines, List.of(), exit, Duration.ofSeconds(60), false, false);
    JsonNode hr = o.summary().path("human_readable");
    String verdict = hr.path("verdict").asText();
    Integer hottest =
        out.gpus().stream()
            .map(FurMarkGpu::maxTemperatureC)
            .filter(t -> t != null)
            .max(Integer::compare)
            .orElse(null);
    assertThat(hr.path("max_temperature_c").isNull() ? null : hr.path("max_temperature_c").asInt())
        .isEqualTo(hottest);
    switch (verdict) {
      case "passed" -> {
        assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(out.statsFound()).isTrue();
        assertThat(hottest == null || hottest <= FurMarkOutcome.WARNING_TEMPERATURE_C).isTrue();
      }
      case "overheating" -> {
        assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
        assertThat(hottest).isGreaterThan(FurMarkOutcome.WARNING_TEMPERATURE_C);
      }
      case "unknown" -> assertThat(out.statsFound()).isFalse();
      default -> assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    }
  }
}
