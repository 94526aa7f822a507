package io.autoservice.agent.process;

/**
 * Which of a child process's output streams a line came from.
 *
 * <p>Named {@code StreamKind} rather than {@code OutputStream} so that callers can import it next
 * to {@link java.io.OutputStream} without qualifying either.
 */
public enum StreamKind {
  STDOUT,
  STDERR
}
