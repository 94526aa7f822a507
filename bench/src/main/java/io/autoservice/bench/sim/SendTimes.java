package io.autoservice.bench.sim;

import java.util.concurrent.ConcurrentHashMap;

/**
 * When each (run, sequence) was first sent by its simulated agent (System.nanoTime), so a console
 * watcher in the same JVM can compute agent-send to console-receipt latency. Only runs registered
 * with {@link #track} are stamped: the bench tracks the runs it watches.
 */
public final class SendTimes {
  private final ConcurrentHashMap<String, long[]> byRun = new ConcurrentHashMap<>();

  public void track(String runId, int events) {
    byRun.putIfAbsent(runId, new long[events + 1]);
  }

  public boolean tracks(String runId) {
    return byRun.containsKey(runId);
  }

  void stamp(String runId, long seq, long nanos) {
    long[] t = byRun.get(runId);
    if (t != null && seq < t.length && t[(int) seq] == 0) {
      t[(int) seq] = nanos; // the first send only: a resend after reconnect is not a new event
    }
  }

  /** The first-send time of an event, or 0 when unknown. */
  public long sentAt(String runId, long seq) {
    long[] t = byRun.get(runId);
    return t == null || seq >= t.length ? 0 : t[(int) seq];
  }

  public void clear() {
    byRun.clear();
  }
}
