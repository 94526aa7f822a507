package io.autoservice.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {
  @Test
  void shouldEscapeTerminalControlsButKeepTabsAndText() {
    assertThat(SafeText.line("pc-1\u001b]0;owned\u0007\tok\u009b2J"))
        .isEqualTo("pc-1\\e]0;owned\\x07\tok\\x9b2J");
    assertThat(SafeText.line("Zürich 日本")).isEqualTo("Zürich 日本");
  }

  @Test
  void shouldEscapeLineBreaksInALineAndKeepThemInABlock() {
    assertThat(SafeText.line("a\r\nb\rc")).isEqualTo("a\\r\\nb\\rc");
    assertThat(SafeText.lines("a\r\nb\nc\rd\u001b")).isEqualTo("a\nb\nc\\rd\\e");
  }

  @Test
  void shouldTellWhetherTextHoldsControls() {
    assertThat(SafeText.hasControls("plain\ttext")).isFalse();
    assertThat(SafeText.hasControls("bell\u0007")).isTrue();
    assertThat(SafeText.hasControls(null)).isFalse();
    assertThat(SafeText.line(null)).isNull();
  }
}
