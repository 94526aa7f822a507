package io.autoservice.controller.cli;

import io.autoservice.common.text.SafeText;
import java.io.PrintStream;

/**
 * The controller process's stderr, for what is printed there as such ({@code error: …} lines); the
 * log's layouts escape their own values. Each printed line is kept on one line with every control
 * but TAB escaped ({@link SafeText#line}), so agent text in a log line (a hostname, an agent's
 * error, a task type) can neither drive the operator's terminal nor forge a log line, whichever
 * class logs it. Bytes written as such (picocli's writers, {@code console run}'s streams) pass
 * unchanged: they have their own guards.
 */
final class LogSink extends PrintStream {
  private final PrintStream target;

  private LogSink(PrintStream target) {
    super(target, true);
    this.target = target;
  }

  /** {@code target} with each printed line escaped. */
  static PrintStream escaping(PrintStream target) {
    return target instanceof LogSink ? target : new LogSink(target);
  }

  /** Part of a line (printf's pieces): its own line breaks kept, other controls escaped. */
  @Override
  public void print(String s) {
    target.print(SafeText.lines(String.valueOf(s)));
  }

  @Override
  public void print(Object o) {
    print(String.valueOf(o));
  }

  @Override
  public void println(String s) {
    target.println(SafeText.line(String.valueOf(s)));
  }

  @Override
  public void println(Object o) {
    println(String.valueOf(o));
  }
}
