package io.autoservice.agent.process;

import java.util.function.Consumer;

/** Creates the {@link LineDecoder} for a {@link ToolCharset}. */
final class LineDecoders {

  private LineDecoders() {}

  static LineDecoder create(ToolCharset charset, Consumer<String> sink) {
    if (charset instanceof FixedToolCharset fixed) {
      return new StreamLineDecoder(fixed.charset(), sink);
    }
    DetectingToolCharset detecting = (DetectingToolCharset) charset;
    return detecting.detectUtf16le()
        ? new SniffingLineDecoder(detecting.fallback(), sink)
        : new PerLineDecoder(detecting.fallback(), sink);
  }

  /** Removes NUL characters, which some tools pad their output with and which break logs. */
  static String withoutNuls(String line) {
    return line.indexOf('\0') < 0 ? line : line.replace("\0", "");
  }
}
