package io.autoservice.console.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.text.SafeJson;
import io.autoservice.common.text.SafeText;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The console's only way to the technician's screen: every verb prints through one (its {@code
 * out()} and {@code err()}), so agent text (hostnames, task output, errors) never drives the
 * terminal, whoever forgets to escape it.
 *
 * <ul>
 *   <li>{@link #println(String)} and {@link #print(String)} write one line: every control but TAB
 *       is shown escaped ({@link SafeText#line}), line breaks included, so no field starts a line
 *       of its own.
 *   <li>{@link #json} and {@link #jsonLine} write JSON whose values parse back unchanged, with
 *       Jackson's escapes plus {@link SafeJson}'s for the C1 controls it leaves raw.
 *   <li>{@link #block} writes text that has its own lines.
 *   <li>Whatever else reaches the writer ({@code printf}, {@code write}) still loses its controls
 *       but line breaks; only {@link #control} sends a control sequence, and it is the console's.
 * </ul>
 */
public final class Terminal extends PrintWriter {
  private final PrintWriter screen;

  public Terminal(PrintWriter screen) {
    super(new Escaping(screen));
    this.screen = screen;
  }

  /** One line of text: controls and line breaks escaped. */
  @Override
  public void print(String s) {
    super.print(SafeText.line(String.valueOf(s)));
  }

  @Override
  public void print(Object o) {
    print(String.valueOf(o));
  }

  /** Pretty JSON (a report, a list), ending with a line break. */
  public void json(JsonNode node) {
    block(SafeJson.text(Json.pretty(node)));
  }

  /** One compact JSON object on one line (JSON Lines). */
  public void jsonLine(JsonNode node) {
    println(SafeJson.text(Json.compact(node)));
  }

  /** Text with line breaks of its own: they are kept, every other control is escaped. */
  void block(String text) {
    synchronized (lock) {
      write(SafeText.lines(text));
      println();
    }
  }

  /** A control sequence the console itself sends (clearing the screen), never agent text. */
  public void control(String sequence) {
    synchronized (lock) {
      flush();
      screen.print(sequence);
      screen.flush();
    }
  }

  /** The backstop under every write: controls escaped but line breaks, which the caller chose. */
  private static final class Escaping extends FilterWriter {
    private static final String NEWLINE = System.lineSeparator();

    Escaping(Writer screen) {
      super(screen);
    }

    @Override
    public void write(int c) throws IOException {
      write(String.valueOf((char) c));
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
      write(new String(chars, off, len));
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
      String chunk = s.substring(off, off + len);
      out.write(chunk.equals(NEWLINE) ? chunk : SafeText.lines(chunk));
    }
  }
}
