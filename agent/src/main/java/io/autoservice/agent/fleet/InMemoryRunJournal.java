package io.autoservice.agent.fleet;

import io.autoservice.proto.v1.RunEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.concurrent.GuardedBy;
import javax.annotation.concurrent.ThreadSafe;

/**
 * A {@link RunJournal} in memory: delivery survives reconnects but not an agent restart ({@link
 * FileRunJournal} is the durable one {@code agent connect} uses; this one serves tests). Each run's
 * held events are contiguous, so an event is found by arithmetic on its sequence.
 */
@ThreadSafe
public final class InMemoryRunJournal implements RunJournal {
  @GuardedBy("this")
  private final Map<String, HeldRun> runs = new LinkedHashMap<>();

  /** One run's unacknowledged events: {@code events.get(i).getSequence() == firstSeq + i}. */
  private static final class HeldRun {
    final List<RunEvent> events = new ArrayList<>();
    long firstSeq = 1;
    long lastSeq;
    long finishedSeq = -1;
  }

  @Override
  public synchronized void append(RunEvent event) {
    HeldRun run = runs.computeIfAbsent(event.getRunId(), id -> new HeldRun());
    if (event.getSequence() != run.lastSeq + 1) {
      throw new IllegalArgumentException(
          "run "
              + event.getRunId()
              + ": sequence "
              + event.getSequence()
              + " (expected: "
              + (run.lastSeq + 1)
              + ")");
    }
    if (run.events.isEmpty()) {
      run.firstSeq = event.getSequence();
    }
    run.events.add(event);
    run.lastSeq = event.getSequence();
    if (event.hasRunFinished()) {
      run.finishedSeq = event.getSequence();
    }
  }

  @Override
  public synchronized void ack(String runId, long sequence) {
    HeldRun run = runs.get(runId);
    if (run == null) {
      return;
    }
    if (run.finishedSeq > 0 && sequence >= run.finishedSeq) {
      runs.remove(runId);
      return;
    }
    int drop = (int) Math.min(run.events.size(), Math.max(0, sequence - run.firstSeq + 1));
    run.events.subList(0, drop).clear();
    run.firstSeq += drop;
  }

  @Override
  public synchronized Map<String, Long> openRuns() {
    Map<String, Long> open = new LinkedHashMap<>();
    runs.forEach((id, run) -> open.put(id, run.lastSeq));
    return open;
  }

  @Override
  public synchronized RunEvent next(String runId, long afterSequence) {
    HeldRun run = runs.get(runId);
    if (run == null) {
      return null;
    }
    long index = Math.max(0, afterSequence + 1 - run.firstSeq);
    return index < run.events.size() ? run.events.get((int) index) : null;
  }

  @Override
  public synchronized boolean isEmpty() {
    return runs.isEmpty();
  }
}
