package io.autoservice.agent.process;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Splits decoded text, fed in chunks of any size, into lines.
 *
 * <p>Terminator rules (a terminator is never part of a line):
 *
 * <ul>
 *   <li>{@code \n} ends a line.
 *   <li>{@code \r} ends a line at once, without waiting for the next character, so a progress line
 *       such as {@code "Verification 42% complete.\r"} is delivered while the tool still runs.
 *   <li>A run of {@code \r} followed directly by {@code \n} is one terminator: {@code \r\n} and
 *       {@code \r\r\n} (which some Windows tools emit) each end exactly one line, also when the run
 *       is split across chunks.
 *   <li>Each further {@code \r} of a run that no {@code \n} follows ends an empty line: {@code
 *       "a\r\rb"} is {@code "a"}, {@code ""}, {@code "b"}.
 *   <li>At the end of input an unterminated last line is delivered unless it is empty.
 *   <li>A line reaching {@code maxLineChars} is delivered in pieces of that length, so binary
 *       output or one endless line cannot exhaust memory.
 * </ul>
 *
 * <p>Not thread-safe: one splitter per stream.
 */
final class LineSplitter {

  static final int DEFAULT_MAX_LINE_CHARS = 1 << 20;

  private final Consumer<String> sink;
  private final int maxLineChars;
  private final StringBuilder line = new StringBuilder();

  /** A {@code \r} ended the last line; a {@code \n} now belongs to that same terminator. */
  private boolean afterCr;

  /** {@code \r}s after the first of the current run: empty lines, unless a {@code \n} follows. */
  private int extraCrs;

  LineSplitter(Consumer<String> sink) {
    this(sink, DEFAULT_MAX_LINE_CHARS);
  }

  LineSplitter(Consumer<String> sink, int maxLineChars) {
    if (maxLineChars < 1) {
      throw new IllegalArgumentException("maxLineChars must be positive: " + maxLineChars);
    }
    this.sink = Objects.requireNonNull(sink, "sink");
    this.maxLineChars = maxLineChars;
  }

  /** Feeds all of {@code chars}. */
  void feed(CharSequence chars) {
    int length = chars.length();
    for (int i = 0; i < length; i++) {
      accept(chars.charAt(i));
    }
  }

  /** Delivers what is still pending; call once, at end of input. */
  void finish() {
    settleCrs();
    if (line.length() > 0) {
      emitLine();
    }
  }

  private void accept(char c) {
    if (c == '\r') {
      if (afterCr) {
        extraCrs++;
      } else {
        emitLine();
        afterCr = true;
      }
    } else if (c == '\n') {
      if (afterCr) {
        afterCr = false;
        extraCrs = 0;
      } else {
        emitLine();
      }
    } else {
      settleCrs();
      // Split before appending, so a line of exactly maxLineChars followed by \n stays one line.
      if (line.length() == maxLineChars) {
        emitLine();
      }
      line.append(c);
    }
  }

  /** The CR run ended without LF: its extra CRs were lone terminators of empty lines. */
  private void settleCrs() {
    for (; extraCrs > 0; extraCrs--) {
      sink.accept("");
    }
    afterCr = false;
  }

  private void emitLine() {
    sink.accept(line.toString());
    line.setLength(0);
  }
}
