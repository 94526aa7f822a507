package io.autoservice.agent.process;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * How a tool's output bytes are decoded into text.
 *
 * <p>Windows tools are inconsistent: some write UTF-16LE when redirected (sfc, some wmic and
 * PowerShell hosts), console tools write the OEM code page (850 on a German or French PC), newer
 * ones UTF-8. The detecting variants exist so a handler need not know which it is.
 */
public sealed interface ToolCharset permits FixedToolCharset, DetectingToolCharset {

  /**
   * UTF-8, but a line that is not valid UTF-8 is decoded as windows-1252 instead, so no byte turns
   * into a replacement character.
   */
  static ToolCharset utf8() {
    return new DetectingToolCharset(Charset.forName("windows-1252"), false);
  }

  /** Always UTF-16LE (a leading BOM is dropped). */
  static ToolCharset utf16le() {
    return new FixedToolCharset(StandardCharsets.UTF_16LE);
  }

  /**
   * UTF-16LE if the output starts with an FF FE BOM or its first bytes contain a NUL; otherwise
   * decided per line: valid UTF-8 is decoded as UTF-8, anything else as {@code fallback}.
   *
   * @param fallback an ASCII-compatible charset (lines are split on the CR and LF bytes before they
   *     are decoded)
   * @throws IllegalArgumentException if {@code fallback} is not ASCII-compatible
   */
  static ToolCharset auto(Charset fallback) {
    return new DetectingToolCharset(fallback, true);
  }

  /** {@link #auto} with the PC's OEM code page ({@link OemCodePage#current()}) as fallback. */
  static ToolCharset oem() {
    return auto(OemCodePage.current());
  }

  /** Exactly {@code cs}; malformed input becomes U+FFFD. */
  static ToolCharset fixed(Charset cs) {
    return new FixedToolCharset(cs);
  }
}
