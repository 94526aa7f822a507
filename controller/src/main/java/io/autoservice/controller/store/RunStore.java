package io.autoservice.controller.store;

import io.autoservice.controller.model.RunFilter;
import io.autoservice.controller.model.RunRecord;
import java.util.List;
import java.util.Optional;

/**
 * Runs: the plan, where each stands, its report once finished. A row that does not read (a bad plan
 * or report) never fails a listing or a start: it is skipped from lists and logged.
 */
public interface RunStore {
  long maxQueueSeq();

  /** Inserts runs in one transaction. */
  void insertAll(List<RunRecord> runs);

  /** Inserts a run; {@code localRunId} names an uploaded local run, null for a dispatched one. */
  void insert(RunRecord run, String localRunId);

  /** Writes a run's changing columns. */
  void update(RunRecord run);

  Optional<RunRecord> run(String runId);

  /** The run stored for an agent's local run id, if it was uploaded before. */
  Optional<RunRecord> localRun(String agentId, String localRunId);

  /** Runs not finished, in dispatch order: the controller's work after a restart. */
  List<RunRecord> unfinished();

  /**
   * These runs as stored, without their reports (a listing's columns); unknown ids are left out.
   */
  default List<RunRecord> listed(java.util.Collection<String> runIds) {
    return runIds.stream().map(this::run).flatMap(Optional::stream).toList();
  }

  /** One agent's unfinished runs, in run order. */
  default List<RunRecord> unfinishedOf(String agentId) {
    return unfinished().stream().filter(r -> r.agentId().equals(agentId)).toList();
  }

  /**
   * Runs matching the filter, newest first, without their reports (a listing; see {@link #run}).
   */
  List<RunRecord> runs(RunFilter filter);

  /** The report folder a run was exported to (a name under reports/), if any. */
  Optional<String> exportDir(String runId);

  void setExportDir(String runId, String dir);

  /**
   * Ids of finished runs since a time that were never exported (a crash between finish and export),
   * oldest first. Ids only: the exporter reads each run when its turn comes, as a hundred thousand
   * runs with their reports do not fit in the heap.
   */
  List<String> finishedWithoutExport(java.time.Instant since, java.time.Instant before, int limit);

  /**
   * Claims a finished run's report export for {@code exporter}: true when this exporter may write
   * the folder, that is when none is recorded yet and no other exporter claimed the run after
   * {@code staleBefore} (a claim older than that belongs to an exporter that died halfway). The
   * exporter's own earlier claim (a retry) is renewed. With replicas, one run's folder is then
   * written by one controller, however many saw the run finish.
   */
  boolean claimExport(
      String runId, String exporter, java.time.Instant now, java.time.Instant staleBefore);

  /** A run's exported folder, for retention. */
  record ExportedFolder(String runId, String dir) {}

  /**
   * Deletes the events of up to {@code maxRuns} runs finished before {@code cutoff} (their reports
   * stay); returns how many runs it pruned.
   */
  int pruneEvents(java.time.Instant cutoff, int maxRuns);

  /** Deletes up to {@code maxRuns} runs finished before {@code cutoff}, with their events. */
  int deleteRuns(java.time.Instant cutoff, int maxRuns);

  /** Up to {@code limit} folders of runs finished before {@code cutoff} that are still on disk. */
  List<ExportedFolder> exportedBefore(java.time.Instant cutoff, int limit);

  /** Records that a run's folder was removed by retention. */
  void folderPruned(String runId);
}
