package io.autoservice.agent.fleet;

import io.autoservice.proto.v1.RunEvent;
import java.util.Map;

/**
 * Every run event the controller has not yet acknowledged, per run and in sequence order: the
 * agent's send buffer and its delivery guarantee. The executor appends; the stream context reads
 * from it and drops what the controller acknowledged.
 *
 * <p>Implementations must be thread-safe (appends come from the run thread, reads and acks from the
 * stream context). {@link InMemoryRunJournal} keeps events until the process ends; {@link
 * FileRunJournal} writes and fsyncs each event before it can be sent, survives a restart, and lets
 * {@link RunRecovery} close an interrupted run. Events are stored as wire messages, as they are
 * sent.
 *
 * <p>Sequences: an implementation may drop events it is allowed to lose (FileRunJournal drops tool
 * output lines when its disk cap is reached); it then stores and sends later events renumbered, so
 * what it sends is always 1, 2, 3, … without gaps, while {@link #append} keeps taking the numbers
 * the executor gave.
 */
public interface RunJournal extends AutoCloseable {
  /**
   * Appends the next event of its run. When this returns the event is as durable as the
   * implementation makes it. Throws {@link IllegalArgumentException} if its sequence is not the one
   * after the previous append of its run (1 for a new run).
   */
  void append(RunEvent event);

  /**
   * The controller holds every event of {@code runId} up to and including {@code sequence}: drop
   * them. Once the run's RunFinished is acknowledged the run is forgotten. Unknown runs and
   * sequences already dropped are ignored.
   */
  void ack(String runId, long sequence);

  /**
   * The runs still held, in the order they were first appended, each with the highest sequence
   * appended so far (what Hello's {@code open_runs} reports).
   */
  Map<String, Long> openRuns();

  /**
   * The controller holds {@code runId} only up to {@code sequence}, below what it acked before:
   * events after it are to be sent again. A journal that no longer has them does nothing.
   */
  default void rewind(String runId, long sequence) {}

  /**
   * Welcome said the controller holds {@code runId} up to {@code holds} ({@code null}: it does not
   * know the run). By default an ack; a durable journal also deletes a delivered run only here.
   */
  default void confirm(String runId, Long holds) {
    ack(runId, holds == null ? 0 : holds);
  }

  /** The first held event of {@code runId} with a sequence above {@code afterSequence}, or null. */
  RunEvent next(String runId, long afterSequence);

  /** True when no run is held: everything was delivered and acknowledged. */
  boolean isEmpty();

  /** Bytes the journal holds on disk (0 when it keeps nothing on disk). */
  default long totalBytes() {
    return 0;
  }

  @Override
  default void close() {}
}
