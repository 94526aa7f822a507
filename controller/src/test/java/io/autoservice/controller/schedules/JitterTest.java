package io.autoservice.controller.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each PC's start offset: stable, within the jitter, and spread. */
class JitterTest {
  @Test
  void shouldSpreadFiveThousandPcsOverTheJitterWithNoCrowdedSecond() {
    Duration jitter = Duration.ofMinutes(10);
    Map<Long, Integer> perSecond = new HashMap<>();
    for (int i = 0; i < 5_000; i++) {
      Duration d = Jitter.offset("sched-1", "agent-" + i, jitter);
      assertThat(d).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(jitter);
      perSecond.merge(d.toSeconds(), 1, Integer::sum);
    }
    double mean = 5_000.0 / jitter.toSeconds(); // 8.3 starts a second
    int busiest = perSecond.values().stream().mapToInt(Integer::intValue).max().orElseThrow();

    assertThat(busiest).as("starts in the busiest second").isLessThanOrEqualTo((int) (3 * mean));
    assertThat(perSecond).as("seconds with a start").hasSizeGreaterThan(550);
  }

  @Test
  void shouldGiveAPcTheSameOffsetEveryTimeAndDifferentSchedulesDifferentOnes() {
    Duration jitter = Duration.ofMinutes(10);
    assertThat(Jitter.offset("s", "pc-1", jitter)).isEqualTo(Jitter.offset("s", "pc-1", jitter));
    assertThat(Jitter.offset("s", "pc-1", jitter)).isNotEqualTo(Jitter.offset("t", "pc-1", jitter));
    assertThat(Jitter.offset("s", "pc-1", Duration.ZERO)).isZero();
  }
}
