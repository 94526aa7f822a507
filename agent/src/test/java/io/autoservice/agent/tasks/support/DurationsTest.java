package io.autoservice.agent.tasks.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
  @ParameterizedTest(name = "{0} ms reads \"{1}\"")
  @CsvSource({
    "0, 0 ms",
    "-5, 0 ms",
    "250, 250 ms",
    "999, 999 ms",
    "1000, 1 s",
    "1500, 1.5 s",
    "9949, 9.9 s",
    "9950, 10 s",
    "45000, 45 s",
    "59499, 59 s",
    "60000, 1 min",
    "90000, 1 min 30 s",
    "3599000, 59 min 59 s",
    "3599980, 1 h",
    "3600000, 1 h",
    "7500000, 2 h 5 min",
    "7529000, 2 h 5 min",
    "14700000, 4 h 5 min",
    "93600000, 26 h",
  })
  void shouldWordEveryDurationOneWay(long millis, String expected) {
    assertThat(Durations.text(Duration.ofMillis(millis))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0.5, 500 ms", "12.4, 12 s", "3600, 1 h"})
  void shouldWordSecondsTheSameWay(double seconds, String expected) {
    assertThat(Durations.seconds(seconds)).isEqualTo(expected);
  }
}
