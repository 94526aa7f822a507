package io.autoservice.agent.fleet;

import io.autoservice.proto.v1.RunEvent;
import java.util.Map;

/**
 * Every run event the controller has not yet acknowledged, per run and in sequence order: the
 * agent's send buffer and its delivery guarantee. The executor appends; the stream context reads
 * from it and drops what the controller acknowledged.
 *
 * <p>Implementations must be thread-safe (appends come from the run thread, reads and acks from the
 * stream context). {@link InMemoryRunJournal} keeps events until the process ends; issue 6 adds a
 * durable, fsync'd implementation that survives a restart and closes an interrupted run. Events are
 * stored as wire messages so that implementation can write them as they will be sent.
 */
public interface RunJournal extends AutoCloseable {
  /**
   * Appends the next event of its run. When this returns the event is as durable as the
   * implementation makes it. Throws {@link IllegalArgumentException} if its sequence is not the
   * run's next one (1 for a new run).
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

  /** The first held event of {@code runId} with a sequence above {@code afterSequence}, or null. */
  RunEvent next(String runId, long afterSequence);

  /** True when no run is held: everything was delivered and acknowledged. */
  boolean isEmpty();

  @Override
  default void close() {}
}
