package io.autoservice.agent.tasks.diskcheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.tasks.ScoreScale;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.RecordedOutputs;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On every WinSAT output of {@code fixtures/tool-outputs/winsat/}, the result never contradicts
 * itself.
 */
class WinsatConsistencyTest {
  static List<Path> outputs() {
    return RecordedOutputs.files("winsat", ".txt");
  }

  @ParameterizedTest
  @MethodSource("outputs")
  void metricsRatingAndStatusAgree(Path file) {
    List<String> lines = RecordedOutputs.lines(file);
    Map<String, Double> m = WinsatOutputParser.parse(lines);
    m.forEach(
        (k, v) -> {
          if (v != null && k.endsWith("_score")) {
            assertThat(v).as(k + " is a WinSAT rating").isBetween(1.0, 9.9);
          } else if (v != null) {
            assertThat(v).as(k).isGreaterThanOrEqualTo(0.0);
          }
        });
    for (String score : WinsatOutputParser.SCORE_KEYS) {
      String value =
          score.replace(
              "_score",
              score.startsWith("random_read") || score.startsWith("sequential") ? "_mbps" : "_ms");
      if (m.get(score) != null) {
        assertThat(m.get(value)).as("a rating comes with its measure " + value).isNotNull();
      }
    }

    TaskOutcome o =
        WinsatDiskHandler.outcome("C:", "full", List.of("winsat"), lines, List.of(), 0, 1);
    JsonNode hr = o.summary().path("human_readable");
    String allNotes = hr.path("notes").toString();
    if (hr.path("score").isNull() || hr.path("score").isMissingNode()) {
      assertThat(hr.path("verdict").asText()).isEqualTo("unknown");
      assertThat(hr.path("rating_stars").isNull()).isTrue();
    } else {
      double score = hr.path("score").asDouble();
      assertThat(score).isBetween(0.0, 100.0);
      assertThat(hr.path("verdict").asText()).isEqualTo(ScoreScale.verdict(score));
      assertThat(hr.path("rating_stars").asInt()).isEqualTo(ScoreScale.stars(score));
    }
    assertThat(allNotes.contains("Slow sequential read") && allNotes.contains("Excellent NVMe"))
        .as("slow and excellent sequential read at once: " + allNotes)
        .isFalse();
    boolean measured =
        m.entrySet().stream()
            .anyMatch(e -> e.getValue() != null && !e.getKey().equals("total_run_time_seconds"));
    assertThat(o.status()).isEqualTo(measured ? TaskStatus.SUCCESS : TaskStatus.WARNING);
  }
}
