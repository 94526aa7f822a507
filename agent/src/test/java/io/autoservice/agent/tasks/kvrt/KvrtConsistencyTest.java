package io.autoservice.agent.tasks.kvrt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.RecordedOutputs;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On every KVRT output of {@code fixtures/tool-outputs/kvrt/}, the threat counts, verdict and
 * status agree.
 */
class KvrtConsistencyTest {
  private static final Pattern EXIT = Pattern.compile("exit-(\\d+)");

  static List<Path> outputs() {
    return RecordedOutputs.files("kvrt", ".txt");
  }

  @ParameterizedTest
  @MethodSource("outputs")
  void countsVerdictAndStatusAgree(Path file) {
    List<String> lines = RecordedOutputs.lines(file);
    Matcher m = EXIT.matcher(file.getFileName().toString());
    int exit = m.find() ? Integer.parseInt(m.group(1)) : 0;
    KvrtOutput p = KvrtOutputParser.parse(lines);
    for (Long total :
        new Long[] {
          p.processed(), p.processingErrors(), p.detected(), p.passwordProtected(), p.corrupted()
        }) {
      assertThat(total == null || total >= 0).isTrue();
    }
    assertThat(p.removedCount() + p.skippedCount()).isLessThanOrEqualTo(p.detections().size());

    TaskOutcome o = KvrtOutcome.build(p, Json.object(), exit, lines, List.of(), null);
    JsonNode hr = o.summary().path("human_readable");
    long found = hr.path("threats_found").asLong();
    long removed = hr.path("threats_removed").asLong();
    String verdict = hr.path("verdict").asText();
    assertThat(removed).as("neutralised <= detected").isLessThanOrEqualTo(found);
    assertThat(removed + hr.path("threats_skipped").asLong()).isLessThanOrEqualTo(found);
    switch (verdict) {
      case "clean" -> {
        assertThat(found).isZero();
        assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
      }
      case "threats_removed" -> {
        assertThat(found).isPositive();
        assertThat(removed).isEqualTo(found);
        assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
      }
      case "threats_remaining" -> {
        assertThat(removed).isLessThan(found);
        assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
      }
      case "error" -> assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
      default -> assertThat(verdict).isEqualTo("unknown");
    }
    if (o.status() == TaskStatus.SUCCESS) {
      assertThat(removed).isEqualTo(found);
    }
  }
}
