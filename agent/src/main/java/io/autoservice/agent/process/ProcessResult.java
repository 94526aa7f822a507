package io.autoservice.agent.process;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a finished (or killed) tool run produced.
 *
 * <p>When a stream produced more lines than the runner retains, its list holds the first lines and
 * the last lines with the middle dropped (see {@link ProcessRunner}), and {@code outputTruncated}
 * is set. {@code outputTruncated} is also set when output may be incomplete because a reader had to
 * be abandoned (a grandchild kept the pipe open after the tool exited).
 *
 * @param exitCode the exit code; after a kill the code the killed process reported (on Unix 128 +
 *     signal, for example 143 or 137), or -1 if it could not be obtained or the tool never started
 * @param stdoutLines retained stdout lines, in order
 * @param stderrLines retained stderr lines, in order
 * @param elapsed wall time from start to the end of the run, measured with {@link System#nanoTime}
 * @param timedOut the spec's timeout elapsed and the process tree was killed
 * @param cancelled the cancellation token fired (or the calling thread was interrupted) and the
 *     process tree was killed
 * @param outputTruncated some output lines are missing from the lists
 */
public record ProcessResult(
    int exitCode,
    List<String> stdoutLines,
    List<String> stderrLines,
    Duration elapsed,
    boolean timedOut,
    boolean cancelled,
    boolean outputTruncated) {

  /** Copies the line lists, so a result is immutable. */
  public ProcessResult {
    stdoutLines = List.copyOf(stdoutLines);
    stderrLines = List.copyOf(stderrLines);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** The retained stdout lines joined with {@code "\n"} (no trailing newline). */
  public String stdout() {
    return String.join("\n", stdoutLines);
  }

  /** The retained stderr lines joined with {@code "\n"} (no trailing newline). */
  public String stderr() {
    return String.join("\n", stderrLines);
  }

  /**
   * Stdout, then stderr, joined with {@code "\n"}. The streams' relative order in time is not
   * preserved: they are read separately and only each stream's own order is known.
   */
  public String combined() {
    if (stderrLines.isEmpty()) {
      return stdout();
    }
    if (stdoutLines.isEmpty()) {
      return stderr();
    }
    return stdout() + "\n" + stderr();
  }
}
