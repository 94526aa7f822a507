package io.autoservice.agent.local;

import io.autoservice.common.text.SafeText;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The stderr of {@code agent run} (and its {@code --log-file}): every line printed through {@link
 * #println(String)} reaches the terminal without a raw control character. Task ids and types come
 * from the plan and log lines from tools, and ESC, BEL or a C1 CSI in them would let a plan rewrite
 * the technician's screen or title. Marker lines that carry JSON ({@code PROGRESS_JSON…}) get the
 * JSON escape {@code \}{@code u00XX} instead, which JSON readers decode back to the same text
 * (Jackson escapes C0 but writes C1 as is); every other line goes through {@link SafeText#line}.
 */
final class SafeLinePrintStream extends PrintStream {
  SafeLinePrintStream(OutputStream out) {
    super(out, true, StandardCharsets.UTF_8);
  }

  @Override
  public void println(String line) {
    super.println(
        line != null && line.startsWith("PROGRESS_JSON")
            ? jsonSafe(line, false)
            : SafeText.line(line));
  }

  @Override
  public void println(Object x) {
    println(String.valueOf(x));
  }

  /**
   * Jackson's JSON with its controls written as JSON escapes: raw ones can only be inside strings
   * (C1 and DEL, which Jackson leaves as they are), except the line breaks of pretty-printed JSON,
   * kept when {@code keepLineBreaks}.
   */
  static String jsonSafe(String json, boolean keepLineBreaks) {
    if (!SafeText.hasControls(json)) {
      return json;
    }
    StringBuilder b = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      boolean lineBreak = c == '\n' || c == '\r';
      if (c != '\t' && !(keepLineBreaks && lineBreak) && (c < 0x20 || (c >= 0x7f && c <= 0x9f))) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
