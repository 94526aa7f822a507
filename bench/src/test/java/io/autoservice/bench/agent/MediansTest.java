package io.autoservice.bench.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediansTest {
  @Test
  void shouldTakeTheMiddleOfAnOddSampleWhateverItsOrder() {
    assertThat(Medians.of(List.of(0.9, 0.3, 5.0, 0.4, 0.5))).isEqualTo(0.5);
  }

  @Test
  void shouldAverageTheMiddleTwoOfAnEvenSample() {
    assertThat(Medians.of(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }

  @Test
  void shouldSayNothingOfAnEmptySample() {
    assertThat(Medians.of(List.of())).isNaN();
  }
}
