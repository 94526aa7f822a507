package io.autoservice.agent.process;

import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link ToolCharset} that decodes each line as UTF-8 when it is valid UTF-8 and as {@code
 * fallback} otherwise, optionally switching to UTF-16LE when the output starts like it.
 */
record DetectingToolCharset(Charset fallback, boolean detectUtf16le) implements ToolCharset {
  DetectingToolCharset {
    Objects.requireNonNull(fallback, "fallback");
    if (!isAsciiCompatible(fallback)) {
      throw new IllegalArgumentException(
          "fallback charset must be ASCII-compatible, use ToolCharset.fixed for " + fallback);
    }
  }

  private static boolean isAsciiCompatible(Charset cs) {
    if (!cs.canEncode()) {
      return true; // cannot check; such charsets are rare and the caller chose it deliberately
    }
    byte[] expected = {'\r', '\n', 'A', 'z', '0', '~'};
    return Arrays.equals("\r\nAz0~".getBytes(cs), expected);
  }
}
