package io.autoservice.agent.tasks.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtmlEntitiesTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Tom &amp; Jerry|Tom & Jerry",
        "&lt;b&gt; &quot;x&quot; &apos;y&apos;|<b> \"x\" 'y'",
        "&AMP; &Lt;|& <",
        "caf&#233; caf&#xE9; caf&#XE9;|café café café",
        "&#128512;|\uD83D\uDE00",
        "no entities here|no entities here",
        "&copy; stays|&copy; stays",
        "&#xD800; lone surrogate|&#xD800; lone surrogate",
        "&#1114112; out of range|&#1114112; out of range",
        "&#0; nul|&#0; nul",
        "a & b ; c|a & b ; c",
        "&amp;lt;|&lt;",
      })
  void shouldDecodeTheReferencesToolsWrite(String in, String out) {
    assertThat(HtmlEntities.decode(in)).isEqualTo(out);
  }

  @ParameterizedTest
  @CsvSource({"a&nbsp;b"})
  void shouldDecodeNbspToANoBreakSpace(String in) {
    assertThat(HtmlEntities.decode(in)).isEqualTo("a\u00A0b");
  }
}
