package io.autoservice.agent.tasks.iperf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.TaskParams;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A stability threshold written the way the technician's language writes numbers. */
class IperfThresholdTest {
  private static Long threshold(String key, String value) {
    return IperfCommand.threshold(new TaskParams(Json.object().put(key, value), ParamSchema.of()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "stability_threshold_mbps | 20Mbps           | 20000000",
        "stability_threshold_mbps | 1,5 Gbps         | 1500000000",
        "stability_threshold_mbps | 1.5 Gbps         | 1500000000",
        "stability_threshold_mbps | 2,5              | 2500000",
        "stability_threshold_bps  | 2 000 000        | 2000000",
        "stability_threshold_bps  | 2.000.000 bit/s  | 2000000",
        "stability_threshold_bps  | 2\u00A0000\u00A0000 | 2000000",
        "stability_threshold_bps  | 1,000bps         | 1000",
        "stability_threshold_bps  | 1 234,5 kbps     | 1234500",
      })
  void readsEveryGrouping(String key, String value, long bps) {
    assertThat(threshold(key, value)).isEqualTo(bps);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"stability_threshold_mbps | 1,2,3 Mbps", "stability_threshold_bps | fast"})
  void refusesWhatIsNotARate(String key, String value) {
    assertThatThrownBy(() -> threshold(key, value)).isInstanceOf(IllegalArgumentException.class);
  }
}
