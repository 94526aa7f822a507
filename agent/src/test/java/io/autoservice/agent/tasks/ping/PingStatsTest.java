package io.autoservice.agent.tasks.ping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PingStatsTest {

  @Test
  void shouldRateSteadyLowLatencyAsExcellent() {
    PingStats s = PingStats.of(List.of(10.0, 10.0, 10.0, 10.0), 0);
    assertThat(s.samples()).isEqualTo(4);
    assertThat(s.mean()).isEqualTo(10.0);
    assertThat(s.median()).isEqualTo(10.0);
    assertThat(s.stdev()).isEqualTo(0.0);
    assertThat(s.stabilityScore()).isEqualTo(100.0);
    assertThat(s.verdict()).isEqualTo("excellent");
    assertThat(s.notes()).isEmpty();
  }

  @Test
  void shouldComputeInterpolatedPercentilesAndPopulationStdev() {
    PingStats s = PingStats.of(List.of(400.0, 100.0, 300.0, 200.0), 0);
    assertThat(s.mean()).isEqualTo(250.0);
    assertThat(s.median()).isEqualTo(250.0);
    assertThat(s.p10()).isCloseTo(130.0, within(1e-9)); // rank 0.3 between 100 and 200
    assertThat(s.p90()).isCloseTo(370.0, within(1e-9)); // rank 2.7 between 300 and 400
    assertThat(s.stdev()).isCloseTo(Math.sqrt(12_500), within(1e-9)); // population, not sample
    // mean > 200: −25; cov 0.447 > 0.25: −10
    assertThat(s.stabilityScore()).isEqualTo(65.0);
    assertThat(s.verdict()).isEqualTo("fair");
    assertThat(s.notes()).containsExactly("high latency 250 ms", "unstable");
  }

  @Test
  void shouldPenaliseModerateLatencyAndLoss() {
    PingStats s = PingStats.of(List.of(150.0, 150.0), 10);
    // 100 − 10×1.2 − 12
    assertThat(s.stabilityScore()).isEqualTo(76.0);
    assertThat(s.verdict()).isEqualTo("good");
    assertThat(s.notes()).containsExactly("loss 10.0%", "latency 150 ms");
  }

  @Test
  void shouldCallHighVariationVeryUnstable() {
    PingStats s = PingStats.of(List.of(1.0, 1.0, 1.0, 10.0), 0);
    assertThat(s.stdev() / s.mean()).isGreaterThan(0.5);
    assertThat(s.stabilityScore()).isEqualTo(80.0);
    assertThat(s.verdict()).isEqualTo("good");
    assertThat(s.notes()).containsExactly("very unstable");
  }

  @Test
  void shouldCapTheLossPenaltyAt80() {
    PingStats s = PingStats.of(List.of(), 100);
    assertThat(s.samples()).isZero();
    assertThat(s.mean()).isNull();
    assertThat(s.median()).isNull();
    assertThat(s.p10()).isNull();
    assertThat(s.p90()).isNull();
    assertThat(s.stdev()).isNull();
    assertThat(s.stabilityScore()).isEqualTo(20.0);
    assertThat(s.verdict()).isEqualTo("poor");
    assertThat(s.notes()).containsExactly("loss 100.0%");
  }

  @Test
  void shouldClampTheScoreAtZero() {
    PingStats s = PingStats.of(List.of(100.0, 100.0, 100.0, 1000.0), 90);
    // 100 − 80 − 25 − 20 = −25
    assertThat(s.stabilityScore()).isEqualTo(0.0);
    assertThat(s.verdict()).isEqualTo("poor");
    assertThat(s.notes()).containsExactly("loss 90.0%", "high latency 325 ms", "very unstable");
  }

  @Test
  void shouldUseFractionalLoss() {
    PingStats s = PingStats.of(List.of(1.0, 1.0), 33.3333);
    assertThat(s.stabilityScore()).isEqualTo(60.0); // 100 − 39.99996, one decimal
    assertThat(s.verdict()).isEqualTo("fair");
    assertThat(s.notes()).containsExactly("loss 33.3%");
  }

  @Test
  void shouldHandleOneSampleAndJunk() {
    PingStats s =
        PingStats.of(Arrays.asList(5.0, null, Double.NaN, Double.POSITIVE_INFINITY), Double.NaN);
    assertThat(s.samples()).isEqualTo(1);
    assertThat(s.median()).isEqualTo(5.0);
    assertThat(s.p10()).isEqualTo(5.0);
    assertThat(s.p90()).isEqualTo(5.0);
    assertThat(s.stdev()).isEqualTo(0.0);
    assertThat(s.stabilityScore()).isEqualTo(100.0);
    assertThat(PingStats.of(null, 0).samples()).isZero();
  }

  @Test
  void shouldSplitVerdictsAtTheSpecsThresholds() {
    assertThat(PingStats.verdict(100)).isEqualTo("excellent");
    assertThat(PingStats.verdict(85)).isEqualTo("excellent");
    assertThat(PingStats.verdict(84.9)).isEqualTo("good");
    assertThat(PingStats.verdict(70)).isEqualTo("good");
    assertThat(PingStats.verdict(69.9)).isEqualTo("fair");
    assertThat(PingStats.verdict(50)).isEqualTo("fair");
    assertThat(PingStats.verdict(49.9)).isEqualTo("poor");
    assertThat(PingStats.verdict(0)).isEqualTo("poor");
  }

  @Test
  void shouldNotPenaliseLatencyAtExactly100Or200() {
    assertThat(PingStats.of(List.of(100.0), 0).stabilityScore()).isEqualTo(100.0);
    assertThat(PingStats.of(List.of(200.0), 0).stabilityScore()).isEqualTo(88.0);
    assertThat(PingStats.of(List.of(200.0), 0).notes()).containsExactly("latency 200 ms");
  }
}
