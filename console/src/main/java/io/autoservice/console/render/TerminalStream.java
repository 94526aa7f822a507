package io.autoservice.console.render;

import io.autoservice.common.text.SafeJson;
import io.autoservice.common.text.SafeText;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@link Terminal}'s twin for {@code console run}, which prints the classic protocol to UTF-8 byte
 * streams as {@code agent run} does: log lines, marker lines with a JSON body, and the report as
 * pretty JSON. Every string printed keeps its line breaks (the printer already keeps each log line
 * and marker on one) and loses every other control: C1 controls and DEL become JSON escapes (they
 * can only sit in a JSON string or in free text, where that reads as well), the rest {@link
 * SafeText}'s.
 */
public final class TerminalStream extends PrintStream {
  public TerminalStream(OutputStream utf8) {
    super(utf8, false, StandardCharsets.UTF_8);
  }

  @Override
  public void print(String s) {
    super.print(SafeText.lines(SafeJson.text(String.valueOf(s))));
  }

  @Override
  public void print(Object o) {
    print(String.valueOf(o));
  }
}
