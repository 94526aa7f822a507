package io.autoservice.agent.tasks.adwcleaner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.process.ProcessResult;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.RecordedOutputs;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On every AdwCleaner log of {@code fixtures/tool-outputs/adwcleaner/}, counts, verdict and status
 * agree.
 */
class AdwCleanerConsistencyTest {
  static List<Path> outputs() {
    return RecordedOutputs.files("adwcleaner", ".txt");
  }

  @ParameterizedTest
  @MethodSource("outputs")
  void countsVerdictAndStatusAgree(Path file) {
    String text = AdwCleanerLogParser.decode(RecordedOutputs.bytes(file));
    AdwCleanerLog p = AdwCleanerLogParser.parse(text);
    if (p.recognised()) {
      assertThat(p.cleaned()).isNotNull().isNotNegative();
      assertThat(p.failed()).isNotNull().isNotNegative();
      assertThat(p.failedItems().size())
          .as("listed failures never exceed the failed count")
          .isLessThanOrEqualTo(p.failed());
    }
    if (p.eofFound()) {
      int listed =
          p.categories().values().stream().mapToInt(List::size).sum()
              + p.browsers().values().stream().mapToInt(List::size).sum()
              + p.other().values().stream().mapToInt(List::size).sum();
      if ("scan".equals(p.mode()) && p.detected() != null) {
        assertThat(listed).as("a complete scan log lists what it detected").isEqualTo(p.detected());
      }
      if ("clean".equals(p.mode())) {
        assertThat(listed).as("a complete clean log lists what it cleaned").isEqualTo(p.cleaned());
        assertThat(p.failedItems()).as("and each failure").hasSize(p.failed());
      }
    }
    if (p.detected() != null && "clean".equals(p.mode())) {
      assertThat(p.cleaned() + p.failed())
          .as("removed + failed <= detected")
          .isLessThanOrEqualTo(p.detected());
    }

    ProcessResult run =
        new ProcessResult(0, List.of(), List.of(), Duration.ZERO, false, false, false);
    TaskOutcome o = AdwCleanerOutcome.build(run, Path.of("C:/AdwCleaner"), file, text, null);
    JsonNode r = o.summary().path("results");
    String verdict = o.summary().path("human_readable").path("verdict").asText();
    int cleaned = r.path("cleaned").asInt();
    int failed = r.path("failed").asInt();
    if ("scan".equals(p.mode())) {
      assertThat(cleaned).as("a scan log removes nothing").isZero();
    }
    if (failed > 0) {
      assertThat(o.status()).as("no success with failures").isNotEqualTo(TaskStatus.SUCCESS);
      assertThat(verdict).doesNotStartWith("No adware");
    }
    if (verdict.startsWith("No adware")) {
      assertThat(cleaned).isZero();
    }
    if (cleaned > 0) {
      assertThat(verdict).contains("removed " + cleaned);
    }
    if (!p.recognised()) {
      assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    }
  }
}
