package io.autoservice.agent.process;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one external tool to completion, timeout or cancellation, reading its output live.
 *
 * <p>How a run goes:
 *
 * <ul>
 *   <li>stdin is closed at once, or fed the spec's bytes on a thread of its own ({@code
 *       proc-<pid>-in}) and then closed;
 *   <li>stdout and stderr are read concurrently by daemon threads {@code proc-<pid>-out} and {@code
 *       proc-<pid>-err}, decoded and split into lines as the bytes arrive (see {@link LineSplitter}
 *       for the terminator rules) and handed to the listener;
 *   <li>on timeout or cancellation the whole process tree is killed (SIGTERM, then SIGKILL after
 *       the kill grace period, see {@link ProcessTreeKiller});
 *   <li>after the process ends the readers get a few seconds to reach end of output. A process the
 *       tool left running may hold the pipes open; then the run returns without waiting for it,
 *       sets {@code outputTruncated}, and whatever that process writes later is discarded.
 * </ul>
 *
 * <p>The result keeps at most {@code maxRetainedLines} lines per stream (or the spec's {@link
 * ProcessSpec#maxLines()}): the first {@code min(1000, max/2)} and the last ones (see {@link
 * RetainedLines}).
 *
 * <p>A run returns at the latest about timeout + kill grace + 2 s (forced kill) + 1 s (exit code) +
 * 3 s (draining output) after it started. Thread-safe: one runner may run many processes at once.
 */
public final class ProcessRunner {

  /** How long a killed tree gets between SIGTERM and SIGKILL unless configured otherwise. */
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(3);

  /** How many lines per stream a result keeps unless configured otherwise. */
  public static final int DEFAULT_MAX_RETAINED_LINES = 20_000;

  static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration EXIT_CODE_WAIT = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);

  private enum Outcome {
    EXITED,
    TIMED_OUT,
    CANCELLED
  }

  private final int maxRetainedLines;
  private final Duration drainTimeout;
  private final ProcessTreeKiller killer;

  /** A runner with a 3 s kill grace period that keeps up to 20,000 lines per stream. */
  public ProcessRunner() {
    this(DEFAULT_KILL_GRACE, DEFAULT_MAX_RETAINED_LINES);
  }

  /**
   * @param killGrace how long a killed tree gets between SIGTERM and SIGKILL; zero or more
   * @param maxRetainedLines how many lines per stream a result keeps; positive
   */
  public ProcessRunner(Duration killGrace, int maxRetainedLines) {
    this(killGrace, maxRetainedLines, DEFAULT_DRAIN_TIMEOUT);
  }

  ProcessRunner(Duration killGrace, int maxRetainedLines, Duration drainTimeout) {
    if (killGrace.isNegative() || drainTimeout.isNegative() || maxRetainedLines < 1) {
      throw new IllegalArgumentException(
          "bad runner settings: grace " + killGrace + ", lines " + maxRetainedLines);
    }
    this.maxRetainedLines = maxRetainedLines;
    this.drainTimeout = drainTimeout;
    this.killer = new ProcessTreeKiller(killGrace);
  }

  /**
   * Runs {@code spec} and waits for the program to end, time out or be cancelled.
   *
   * <p>If {@code cancel} is already cancelled the program is not started and the result has exit
   * code -1 and {@code cancelled} set. An interrupt of the calling thread is treated like a
   * cancellation (the tree is killed) and is re-asserted when the method returns.
   *
   * @param listener sees each line as it arrives (see {@link OutputListener}); null for none
   * @param cancel kills the run when cancelled; null for {@link CancellationToken#none()}
   * @throws IOException if the program cannot be started; the message names the program
   */
  public ProcessResult run(ProcessSpec spec, OutputListener listener, CancellationToken cancel)
      throws IOException {
    Objects.requireNonNull(spec, "spec");
    OutputListener sink = listener == null ? OutputListener.none() : listener;
    CancellationToken token = cancel == null ? CancellationToken.none() : cancel;
    if (token.isCancelled()) {
      LOG.debug("Not starting {}: {}", spec.program(), token.reason());
      return new ProcessResult(-1, List.of(), List.of(), Duration.ZERO, false, true, false);
    }
    long startNanos = System.nanoTime();
    Process process = start(spec);
    try {
      return supervise(spec, process, sink, token, startNanos);
    } catch (RuntimeException | Error e) {
      // A bug of ours must not leave the tool running.
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw e;
    }
  }

  private static Process start(ProcessSpec spec) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(spec.command());
    if (spec.workingDir() != null) {
      builder.directory(spec.workingDir().toFile());
    }
    builder.environment().putAll(spec.extraEnv());
    LOG.debug("Starting {}", spec);
    try {
      return builder.start();
    } catch (IOException e) {
      // The JDK's own message varies by OS; make sure ours always names the program.
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String where = spec.workingDir() == null ? "" : " in " + spec.workingDir();
      throw new IOException(
          "Cannot start program '" + spec.program() + "'" + where + ": " + cause.getMessage(), e);
    }
  }

  private ProcessResult supervise(
      ProcessSpec spec,
      Process process,
      OutputListener listener,
      CancellationToken cancel,
      long startNanos) {
    long pid = process.pid();
    feedStdin(process.getOutputStream(), spec.stdin(), pid);
    int keep = spec.maxLines() > 0 ? spec.maxLines() : maxRetainedLines;
    RetainedLines outLines = new RetainedLines(keep);
    RetainedLines errLines = new RetainedLines(keep);
    StreamPump outPump =
        new StreamPump(
            process.getInputStream(), StreamKind.STDOUT, spec.charset(), listener, outLines);
    StreamPump errPump =
        new StreamPump(
            process.getErrorStream(), StreamKind.STDERR, spec.charset(), listener, errLines);
    Thread outThread = Waits.startDaemon("proc-" + pid + "-out", outPump);
    Thread errThread = Waits.startDaemon("proc-" + pid + "-err", errPump);

    boolean interrupted = false;
    // Exit, timeout and cancel race to complete this; the first one decides what happened.
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    process.onExit().thenRun(() -> outcome.complete(Outcome.EXITED));
    CancellationToken.Registration onCancel =
        cancel.onCancel(() -> outcome.complete(Outcome.CANCELLED));
    try {
      outcome.get(saturatedNanos(spec.timeout()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      outcome.complete(Outcome.TIMED_OUT);
    } catch (InterruptedException e) {
      interrupted = true;
      outcome.complete(Outcome.CANCELLED);
    } catch (ExecutionException e) {
      throw new IllegalStateException("outcome is never completed exceptionally", e);
    } finally {
      onCancel.close();
    }
    Outcome how = outcome.join();

    if (how != Outcome.EXITED) {
      LOG.info(
          "{} (pid {}) {}; killing its process tree",
          spec.program(),
          pid,
          how == Outcome.TIMED_OUT
              ? "timed out after " + spec.timeout()
              : "cancelled: " + (interrupted ? "thread interrupted" : cancel.reason()));
      killer.kill(process.toHandle());
      interrupted |= Thread.interrupted();
    }
    int exitCode = Waits.exitCode(process, EXIT_CODE_WAIT);
    boolean drained = Waits.joinAll(drainTimeout, outThread, errThread);
    outPump.detach();
    errPump.detach();
    if (!drained) {
      LOG.warn(
          "{} (pid {}) ended but its output is still open, probably held by a process it"
              + " started; returning without the rest",
          spec.program(),
          pid);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    boolean truncated = !drained || outLines.dropped() > 0 || errLines.dropped() > 0;
    ProcessResult result =
        new ProcessResult(
            exitCode,
            outLines.close(),
            errLines.close(),
            elapsed,
            how == Outcome.TIMED_OUT,
            how == Outcome.CANCELLED,
            truncated);
    if (interrupted || Thread.interrupted()) {
      Thread.currentThread().interrupt();
    }
    return result;
  }

  /** Closes stdin at once, or writes {@code bytes} and then closes it. */
  private static void feedStdin(OutputStream stdin, byte[] bytes, long pid) {
    if (bytes == null) {
      try {
        stdin.close(); // a program that prompts now reads end-of-file instead of hanging
      } catch (IOException e) {
        LOG.debug("Closing stdin of {} failed: {}", pid, e.toString());
      }
      return;
    }
    // On its own thread: a program that never reads its input must not block the run.
    Waits.startDaemon(
        "proc-" + pid + "-in",
        () -> {
          try (stdin) {
            stdin.write(bytes);
          } catch (IOException e) { // the program exited or closed its input first
            LOG.debug("Writing stdin of {} stopped: {}", pid, e.toString());
          }
        });
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }
}
