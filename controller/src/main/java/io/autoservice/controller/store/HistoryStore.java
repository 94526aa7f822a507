package io.autoservice.controller.store;

import io.autoservice.controller.model.HistoryPoint;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Each PC's history (see {@link HistoryPoint}). A run's figures are recorded together with a marker
 * that the run was read, in one transaction and idempotently: a retry, or two replicas catching up
 * on the same run, store it once.
 */
public interface HistoryStore {
  /** Records a finished run's figures (possibly none) and that it was read. */
  void record(String runId, String agentId, Instant finishedAt, List<HistoryPoint> points);

  /** Whether a run was read already. */
  boolean recorded(String runId);

  /**
   * Ids of runs finished since {@code since} that were never read (a crash between finish and
   * extraction, or runs from before history existed), oldest first.
   */
  List<String> finishedWithoutHistory(Instant since, int limit);

  /**
   * One PC's points since {@code since} (all metrics when {@code metrics} is empty), the newest
   * {@code limit} of them, ordered by metric, subject and time. A row that does not read is left
   * out.
   */
  List<HistoryPoint> points(String agentId, Collection<String> metrics, Instant since, int limit);

  /**
   * Deletes the figures and markers of up to {@code maxRuns} runs finished before {@code cutoff};
   * returns how many runs it pruned.
   */
  int prune(Instant cutoff, int maxRuns);
}
