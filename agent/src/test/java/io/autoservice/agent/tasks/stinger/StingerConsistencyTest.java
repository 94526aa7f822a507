package io.autoservice.agent.tasks.stinger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.RecordedOutputs;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On every Stinger log of {@code fixtures/tool-outputs/stinger/}, the file counts, verdict and
 * status agree.
 */
class StingerConsistencyTest {
  static List<Path> outputs() {
    return RecordedOutputs.files("stinger", ".html");
  }

  @ParameterizedTest
  @MethodSource("outputs")
  void countsVerdictAndStatusAgree(Path file) {
    StingerLog log = StingerLogParser.parse(RecordedOutputs.text(file));
    if (log.totalFiles() != null && log.cleanFiles() != null) {
      long accounted = log.cleanFiles() + nz(log.notScanned()) + nz(log.infectedFiles());
      assertThat(accounted)
          .as("clean + not scanned + infected <= total")
          .isLessThanOrEqualTo(log.totalFiles());
    }
    if (log.infectedFiles() != null) {
      assertThat(log.infectedFiles())
          .as("infected >= the infections listed")
          .isGreaterThanOrEqualTo(log.infections().size());
    }

    for (String action : List.of("delete", "report")) {
      StingerCommand cmd =
          new StingerCommand(List.of("stinger.exe"), Json.object(), Path.of("logs"), action, 30);
      StingerOutcome.Run run =
          new StingerOutcome.Run(
              log, file.toString(), 0, "", "", null, false, "ok", 1, Duration.ofMinutes(30));
      TaskOutcome o = StingerOutcome.build(cmd, run);
      JsonNode hr = o.summary().path("human_readable");
      String verdict = hr.path("verdict").asText();
      assertThat(hr.path("infections_found").asInt()).isEqualTo(log.infections().size());
      if (log.infected()) {
        assertThat(verdict)
            .isEqualTo(action.equals("delete") ? "infections_removed" : "infections_reported");
        assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
      }
      if (verdict.equals("clean")) {
        assertThat(log.infections()).isEmpty();
        assertThat(nz(log.infectedFiles())).isZero();
        assertThat(log.hasSummary()).isTrue();
        assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
      }
      if (o.status() == TaskStatus.SUCCESS) {
        assertThat(verdict).isEqualTo("clean");
      }
    }
  }

  private static long nz(Long v) {
    return v == null ? 0 : v;
  }
}
