package io.autoservice.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LineRetentionTest {

  private static RetainedLines fill(int maxLines, int count) {
    RetainedLines lines = new RetainedLines(maxLines);
    IntStream.range(0, count).forEach(i -> lines.add("l" + i));
    return lines;
  }

  @Test
  void keepsEverythingUpToTheLimit() {
    RetainedLines lines = fill(10, 10);
    assertThat(lines.dropped()).isZero();
    assertThat(lines.close()).hasSize(10).startsWith("l0").endsWith("l9");
  }

  @Test
  void keepsTheFirstHalfAndTheLatestLinesBeyondTheLimit() {
    RetainedLines lines = fill(10, 100);
    assertThat(lines.dropped()).isEqualTo(90);
    assertThat(lines.close())
        .containsExactly("l0", "l1", "l2", "l3", "l4", "l95", "l96", "l97", "l98", "l99");
  }

  @Test
  void headIsCappedAtOneThousandLines() {
    List<String> kept = fill(20_000, 50_000).close();
    assertThat(kept).hasSize(20_000);
    assertThat(kept.get(999)).isEqualTo("l999");
    assertThat(kept.get(1000)).isEqualTo("l31000");
    assertThat(kept.get(19_999)).isEqualTo("l49999");
  }

  @Test
  void aSingleLineLimitKeepsTheLastLine() {
    assertThat(fill(1, 5).close()).containsExactly("l4");
  }

  @Test
  void linesAfterCloseAreIgnored() {
    RetainedLines lines = fill(5, 2);
    lines.close();
    lines.add("late");
    assertThat(lines.close()).containsExactly("l0", "l1");
  }

  @Test
  void rejectsNonPositiveLimit() {
    assertThatThrownBy(() -> new RetainedLines(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
