package io.autoservice.agent.tasks.iperf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IperfStatsTest {

  @Test
  void shouldRateASteadyLinkExcellent() {
    IperfStats s = IperfStats.of(List.of(100e6, 100e6, 100e6, 100e6), null, 0L, null);

    assertThat(s.samples()).isEqualTo(4);
    assertThat(s.meanBps()).isEqualTo(100e6);
    assertThat(s.cov()).isZero();
    assertThat(s.stabilityScore()).isEqualTo(100.0);
    assertThat(s.verdict()).isEqualTo("excellent");
    assertThat(s.notes()).containsExactly("very low variability");
    assertThat(s.belowThreshold()).isNull();
  }

  @Test
  void shouldComputeThePercentilesAndSpreadLikeTheOriginal() {
    IperfStats s = IperfStats.of(List.of(10.0, 20.0, 30.0, 40.0, 50.0), 25.0, null, null);

    assertThat(s.medianBps()).isEqualTo(30.0);
    assertThat(s.p10Bps()).isEqualTo(14.0);
    assertThat(s.p90Bps()).isEqualTo(46.0);
    assertThat(s.minBps()).isEqualTo(10.0);
    assertThat(s.maxBps()).isEqualTo(50.0);
    assertThat(s.stdevBps()).isCloseTo(Math.sqrt(200), within(1e-9));
    assertThat(s.cov()).isCloseTo(Math.sqrt(200) / 30, within(1e-9));
    assertThat(s.belowThreshold()).isEqualTo(2);
    // cov 47 % costs the full 50 points
    assertThat(s.stabilityScore()).isEqualTo(50.0);
    assertThat(s.verdict()).isEqualTo("fair");
    assertThat(s.notes()).containsExactly("high variability");
  }

  @Test
  void shouldPenaliseStallsRetransmitsAndUdpLoss() {
    IperfStats stall = IperfStats.of(List.of(100.0, 100.0, 0.0, 100.0), null, null, null);
    IperfStats retrans = IperfStats.of(List.of(100.0, 100.0), null, 16L, null);
    IperfStats lossy = IperfStats.of(List.of(100.0, 100.0), null, null, 1.5);
    IperfStats veryLossy = IperfStats.of(List.of(100.0, 100.0), null, null, 7.0);
    IperfStats slightlyLossy = IperfStats.of(List.of(100.0, 100.0), null, null, 0.2);

    assertThat(stall.zeroIntervals()).isEqualTo(1);
    assertThat(stall.notes()).contains("1 zero-throughput intervals");
    assertThat(stall.stabilityScore()).isEqualTo(100 - 50 - 30.0); // cov 57.7 % → −50, stall → −30
    assertThat(retrans.stabilityScore()).isEqualTo(94.0); // 2 + √16
    assertThat(retrans.notes()).contains("retransmits: 16");
    assertThat(lossy.stabilityScore()).isEqualTo(70.0);
    assertThat(lossy.notes()).contains("elevated UDP loss: 1.50%");
    assertThat(veryLossy.stabilityScore()).isEqualTo(40.0);
    assertThat(veryLossy.verdict()).isEqualTo("poor");
    assertThat(veryLossy.notes()).contains("high UDP loss: 7.00%");
    assertThat(slightlyLossy.notes()).contains("some UDP loss: 0.20%");
    assertThat(IperfStats.of(List.of(1.0), null, 10_000L, null).stabilityScore()).isEqualTo(80.0);
  }

  @Test
  void shouldHaveNoValuesWithoutSamples() {
    IperfStats s = IperfStats.of(Arrays.asList(null, Double.NaN), 5.0, null, null);

    assertThat(s.samples()).isZero();
    assertThat(s.meanBps()).isNull();
    assertThat(s.cov()).isNull();
    assertThat(s.belowThreshold()).isZero();
    assertThat(s.notes()).isEmpty();
  }
}
