package io.autoservice.agent.tasks.iperf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.RecordedOutputs;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.TaskParams;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On every iperf3 output of {@code fixtures/tool-outputs/iperf3/}, the figures, verdict and status
 * agree.
 */
class IperfConsistencyTest {
  static List<Path> outputs() {
    return RecordedOutputs.files("iperf3");
  }

  @ParameterizedTest
  @MethodSource("outputs")
  void figuresVerdictAndStatusAgree(Path file) {
    String stdout = RecordedOutputs.text(file);
    IperfOutput out = IperfOutputParser.parse(stdout);
    if (out.lossPercent() != null) {
      assertThat(out.lossPercent()).isBetween(0.0, 100.0);
    }
    for (Double bps : new Double[] {out.senderBps(), out.receiverBps()}) {
      assertThat(bps == null || bps >= 0).isTrue();
    }

    IperfCommand cmd =
        IperfCommand.from(
            new TaskParams(
                Json.object()
                    .put("server", "127.0.0.1")
                    .put("duration_seconds", 10)
                    .put("stability_threshold_mbps", 1),
                new IperfTestHandler().descriptor().params()));
    TaskOutcome o = IperfResults.outcome(cmd, stdout, "", 0, false, Duration.ofSeconds(60));
    JsonNode hr = o.summary().path("human_readable");
    JsonNode t = hr.path("throughput");
    int samples = t.path("samples").asInt();
    if (samples > 0) {
      double min = t.path("min").asDouble();
      double max = t.path("max").asDouble();
      assertThat(min).isLessThanOrEqualTo(t.path("p10").asDouble());
      assertThat(t.path("p10").asDouble()).isLessThanOrEqualTo(t.path("median").asDouble());
      assertThat(t.path("median").asDouble()).isLessThanOrEqualTo(t.path("p90").asDouble());
      assertThat(t.path("p90").asDouble()).isLessThanOrEqualTo(max);
      assertThat(t.path("mean").asDouble()).isBetween(min, max);
      assertThat(t.path("below_threshold_percent").asDouble()).isBetween(0.0, 100.0);
      double score = hr.path("stability_score").asDouble();
      assertThat(score).isBetween(0.0, 100.0);
      assertThat(hr.path("verdict").asText()).isEqualTo(IperfStats.verdict(score));
    } else {
      assertThat(hr.path("verdict").isNull()).as("no verdict without a measure").isTrue();
      assertThat(o.status()).isNotEqualTo(TaskStatus.SUCCESS);
    }
    if (out.error() != null) {
      assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    }
    if (o.status() == TaskStatus.SUCCESS) {
      assertThat(out.data()).isNotNull();
      assertThat(out.error()).isNull();
    }
  }
}
