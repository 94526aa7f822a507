package io.autoservice.agent.tasks.winupdate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.testing.RecordedOutputs;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On every output of {@code fixtures/tool-outputs/pswindowsupdate/}, the progress, the counts, the
 * verdict and the status never contradict each other.
 */
class WindowsUpdateConsistencyTest {
  static List<Path> outputs() {
    return RecordedOutputs.files("pswindowsupdate", ".txt");
  }

  @ParameterizedTest
  @MethodSource("outputs")
  void progressCountsVerdictAndStatusAgree(Path file) {
    WindowsUpdateOutputParser.Output out =
        WindowsUpdateOutputParser.parse(RecordedOutputs.lines(file));
    double last = 0;
    for (WindowsUpdateOutputParser.Progress p : out.progress()) {
      assertThat(p.percent()).isBetween(0.0, 100.0);
      assertThat(p.percent())
          .as("progress never goes back: " + p.message())
          .isGreaterThanOrEqualTo(last);
      last = p.percent();
    }
    assertThat(out.json().isPresent()).isEqualTo(out.problem().isEmpty());
    if (out.json().isEmpty()) {
      return;
    }
    WindowsUpdateReport.Report r = WindowsUpdateReport.of(out.json().get());
    JsonNode pre = r.results().path("pre_scan");
    JsonNode inst = r.results().path("install");
    int installed = inst.path("count_installed").asInt();
    int failed = inst.path("count_failed").asInt();
    int remaining = r.results().path("post_scan").path("count_remaining").asInt();
    assertThat(pre.path("count_windows").asInt() + pre.path("count_driver").asInt())
        .isEqualTo(pre.path("count_total").asInt());
    assertThat(installed + failed + inst.path("count_downloaded").asInt())
        .isLessThanOrEqualTo(inst.path("count_accepted").asInt());
    assertThat(
            inst.path("count_windows_installed").asInt()
                + inst.path("count_driver_installed").asInt())
        .isEqualTo(installed);
    String verdict = r.humanReadable().path("verdict").asText();
    switch (verdict) {
      case "up-to-date" -> assertThat(installed + failed + remaining).isZero();
      case "updated" -> {
        assertThat(installed).isPositive();
        assertThat(failed + remaining).isZero();
      }
      case "completed-with-errors" -> assertThat(remaining).isZero();
      default -> assertThat(verdict).isEqualTo("updates-remaining");
    }
    if ("updates-remaining".equals(verdict)) {
      assertThat(remaining).isPositive();
    }
    if (r.status() == TaskStatus.SUCCESS) {
      assertThat(failed).isZero();
      assertThat(r.results().path("errors").size()).isZero();
    }
    assertThat(r.humanReadable().path("notes").toString().contains("Reboot required"))
        .isEqualTo(r.results().path("reboot_required").asBoolean());
  }
}
