package io.autoservice.agent.tasks.speedtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpeedtestScoreTest {

  @Test
  void shouldRateAFastConnectionExcellent() {
    SpeedtestScore s = SpeedtestScore.of(18.5, 125.4, 45.2);

    assertThat(s.score()).isEqualTo(100.0);
    assertThat(s.verdict()).isEqualTo("excellent");
    assertThat(s.stars()).isEqualTo(5);
    assertThat(s.notes()).isEmpty();
  }

  @Test
  void shouldRateTheSlowSampleAsTheOriginalDid() {
    // reference/autoservice/results/speedtest/slow.json: 5.1 down, 1.2 up, 150 ms → 15, poor, 1
    // star
    SpeedtestScore s = SpeedtestScore.of(150.0, 5.1, 1.2);

    assertThat(s.score()).isEqualTo(15.0);
    assertThat(s.verdict()).isEqualTo("poor");
    assertThat(s.stars()).isEqualTo(1);
    assertThat(s.notes())
        .containsExactly("high ping 150 ms", "slow download 5.1 Mbps", "slow upload 1.2 Mbps");
  }

  @Test
  void shouldUseEveryThreshold() {
    assertThat(SpeedtestScore.of(65.0, 15.2, 30.0).notes())
        .containsExactly("elevated ping 65 ms", "moderate download 15.2 Mbps");
    assertThat(SpeedtestScore.of(65.0, 15.2, 30.0).score()).isEqualTo(70.0);
    assertThat(SpeedtestScore.of(65.0, 15.2, 30.0).stars()).isEqualTo(4);
    assertThat(SpeedtestScore.of(10.0, 15.0, 30.0).stars()).isEqualTo(4);
    assertThat(SpeedtestScore.of(10.0, 5.0, 30.0).verdict()).isEqualTo("fair");
    assertThat(SpeedtestScore.of(10.0, 5.0, 30.0).stars()).isEqualTo(3);
    assertThat(SpeedtestScore.of(120.0, 5.0, 30.0).stars()).isEqualTo(2);
    assertThat(SpeedtestScore.of(120.0, 5.0, 1.0).score()).isEqualTo(15.0);
  }

  @Test
  void shouldNotPenaliseWhatWasNotMeasured() {
    SpeedtestScore s = SpeedtestScore.of(20.0, null, null);

    assertThat(s.score()).isEqualTo(100.0);
    assertThat(s.notes()).isEmpty();
  }
}
