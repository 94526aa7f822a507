package io.autoservice.agent.tasks.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TailsTest {
  private static final List<String> OUTPUT =
      Arrays.asList(
          "Beginning verification phase.",
          "",
          "  Verification 100% complete. ",
          null,
          "   ",
          "Done.",
          "");

  @Test
  void shouldKeepTheLastNonBlankLinesStrippedInOrder() {
    assertThat(Tails.last(OUTPUT, 2)).containsExactly("Verification 100% complete.", "Done.");
    assertThat(Tails.lastLines(OUTPUT, 2)).isEqualTo("Verification 100% complete.\nDone.");
    assertThat(Tails.lastLine(OUTPUT)).isEqualTo("Done.");
  }

  @Test
  void shouldGiveAllThereIsWhenAskedForMore() {
    assertThat(Tails.last(OUTPUT, 10)).hasSize(3);
    assertThat(Tails.lastLines(List.of("", " "), 3)).isEmpty();
  }

  @Test
  void shouldCutTextFromTheStart() {
    assertThat(Tails.lastChars("abcdef", 3)).isEqualTo("def");
    assertThat(Tails.lastChars("ab", 3)).isEqualTo("ab");
  }
}
