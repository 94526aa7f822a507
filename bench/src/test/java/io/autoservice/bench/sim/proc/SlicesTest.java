package io.autoservice.bench.sim.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.bench.sim.proc.Slices.Slice;
import org.junit.jupiter.api.Test;

class SlicesTest {
  @Test
  void slicesAreDisjointContiguousAndCoverEveryAgent() {
    assertThat(Slices.split(15_000, 2))
        .containsExactly(new Slice(0, 7_500), new Slice(7_500, 15_000));
    assertThat(Slices.split(10, 3))
        .containsExactly(new Slice(0, 4), new Slice(4, 7), new Slice(7, 10));
    assertThat(Slices.split(5, 1)).containsExactly(new Slice(0, 5));
  }

  @Test
  void moreProcessesThanAgentsIsRefused() {
    assertThatThrownBy(() -> Slices.split(2, 3)).hasMessageContaining("3 simulator processes");
    assertThatThrownBy(() -> Slices.split(2, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
