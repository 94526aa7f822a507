package io.autoservice.agent.process;

/**
 * Receives a tool's output live, one decoded line at a time, as the tool writes it.
 *
 * <p>Called from the runner's reader threads (one for stdout, one for stderr), so the two streams
 * may call concurrently and an implementation must be thread-safe. It should also be quick: the
 * reader does not read more output until {@code onLine} returns, so a slow listener slows the tool
 * down. A {@link RuntimeException} thrown here is logged and otherwise ignored. The listener sees
 * every line, including those that the {@link ProcessResult} drops when it truncates.
 */
public interface OutputListener {

  /** A listener that ignores everything. */
  static OutputListener none() {
    return new OutputListener() {};
  }

  /**
   * One line of output, without its terminator, BOM or NUL characters.
   *
   * @param stream the stream the line was written to
   * @param line the decoded line, never null
   */
  default void onLine(StreamKind stream, String line) {}
}
