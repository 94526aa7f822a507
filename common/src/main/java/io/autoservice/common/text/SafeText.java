package io.autoservice.common.text;

/**
 * Text from an agent or a tool, made safe for a terminal or a log line.
 *
 * <p>A hostile PC controls its hostname, its tools' output and every message it sends; ESC, BEL or
 * a bare carriage return in them would let it rewrite a technician's screen or forge log lines. C0
 * and C1 control characters (and DEL) are written as visible escapes; TAB is kept.
 */
public final class SafeText {
  private SafeText() {}

  /** One line: every control character but TAB escaped, line breaks included. */
  public static String line(String text) {
    return escape(text, false);
  }

  /** A block of lines: as {@link #line}, but LF (and CRLF) kept as line breaks. */
  public static String lines(String text) {
    return escape(text, true);
  }

  /** Whether {@code text} holds a character {@link #line} would escape. */
  public static boolean hasControls(String text) {
    if (text == null) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (isControl(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static String escape(String text, boolean keepNewlines) {
    if (text == null) {
      return null;
    }
    int i = 0;
    while (i < text.length() && !isControl(text.charAt(i))) {
      i++;
    }
    if (i == text.length()) {
      return text; // the common case: nothing to copy
    }
    StringBuilder b = new StringBuilder(text.length() + 16).append(text, 0, i);
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isControl(c)) {
        b.append(c);
      } else if (keepNewlines && c == '\n') {
        b.append('\n');
      } else if (keepNewlines && c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        // CRLF is a line break from a Windows tool, not an overwrite
      } else {
        b.append(
            switch (c) {
              case '\n' -> "\\n";
              case '\r' -> "\\r";
              case 0x1b -> "\\e";
              default -> String.format("\\x%02x", (int) c);
            });
      }
    }
    return b.toString();
  }

  private static boolean isControl(char c) {
    return c != '\t' && (c < 0x20 || (c >= 0x7f && c <= 0x9f));
  }
}
