package io.autoservice.controller.archive;

import io.autoservice.controller.store.AlertStore;
import io.autoservice.controller.store.HistoryStore;
import io.autoservice.controller.store.RunStore;
import io.autoservice.controller.store.ScheduleStore;
import io.autoservice.controller.store.StoreException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes what the operator chose not to keep forever: finished runs' events (their reports stay),
 * whole finished runs, exported report folders, and each PC's history (the figures of runs that
 * finished before its age; history outlives a pruned run when it is kept longer). It works in small
 * transactions of {@value #CHUNK} runs, each holding the database's write lock for milliseconds, so
 * the event writer never waits long behind it; a pass stops after {@value #MAX_CHUNKS_PER_PASS}
 * chunks and the next pass carries on.
 */
public final class Retention {
  private static final Logger log = LoggerFactory.getLogger(Retention.class);
  static final int CHUNK = 200;
  static final int MAX_CHUNKS_PER_PASS = 50;

  /**
   * How long each kind is kept; zero keeps it forever.
   *
   * @param resolvedAlerts alerts resolved longer ago than this go, with their notification rows
   * @param scheduleRecords what schedules fired (occurrences and their per-PC deliveries) longer
   *     ago than this goes, once nothing of it is still to start
   */
  public record Policy(
      Duration events,
      Duration runs,
      Duration reportFolders,
      Duration history,
      Duration resolvedAlerts,
      Duration scheduleRecords) {
    /** Without a history age (kept forever). */
    public Policy(Duration events, Duration runs, Duration reportFolders) {
      this(events, runs, reportFolders, Duration.ZERO);
    }

    /** Keeping alerts and schedule records forever. */
    public Policy(Duration events, Duration runs, Duration reportFolders, Duration history) {
      this(events, runs, reportFolders, history, Duration.ZERO, Duration.ZERO);
    }

    public boolean keepsEverything() {
      return events.isZero()
          && runs.isZero()
          && reportFolders.isZero()
          && history.isZero()
          && resolvedAlerts.isZero()
          && scheduleRecords.isZero();
    }
  }

  /** What one pass removed. */
  public record Pruned(
      int runsWithoutEvents,
      int runsDeleted,
      int foldersDeleted,
      int historyRunsPruned,
      int alertsPruned,
      int occurrencesPruned) {}

  /** The automation's stores a pass also prunes; either may be null (nothing to prune there). */
  public record Automation(AlertStore alerts, ScheduleStore schedules) {
    static final Automation NONE = new Automation(null, null);
  }

  private final Policy policy;
  private final RunStore runs;
  private final Path reportsDir;
  private final Clock clock;
  private final HistoryStore history; // null: no history to prune
  private final Automation automation;

  public Retention(Policy policy, RunStore runs, Path reportsDir, Clock clock) {
    this(policy, runs, null, reportsDir, clock);
  }

  /** As above, also pruning each PC's history (its figures of runs older than the policy's). */
  public Retention(
      Policy policy, RunStore runs, HistoryStore history, Path reportsDir, Clock clock) {
    this(policy, runs, history, Automation.NONE, reportsDir, clock);
  }

  /** As above, also pruning resolved alerts and what schedules fired. */
  public Retention(
      Policy policy,
      RunStore runs,
      HistoryStore history,
      Automation automation,
      Path reportsDir,
      Clock clock) {
    this.automation = automation;
    this.policy = policy;
    this.runs = runs;
    this.history = history;
    this.reportsDir = reportsDir;
    this.clock = clock;
  }

  public Policy policy() {
    return policy;
  }

  /** One pass; never throws (a failed pass is logged and the next one tries again). */
  public Pruned prune() {
    Instant now = clock.instant();
    int folders = 0;
    int events = 0;
    int deleted = 0;
    int historyRuns = 0;
    int alerts = 0;
    int occurrences = 0;
    try {
      // Folders first: a folder is found through its run's row, which the runs pass may delete.
      if (!policy.reportFolders().isZero()) {
        folders = pruneFolders(now.minus(policy.reportFolders()));
      }
      if (!policy.events().isZero()) {
        events = chunks(() -> runs.pruneEvents(now.minus(policy.events()), CHUNK));
      }
      if (!policy.runs().isZero()) {
        deleted = chunks(() -> runs.deleteRuns(now.minus(policy.runs()), CHUNK));
      }
      if (history != null && !policy.history().isZero()) {
        historyRuns = chunks(() -> history.prune(now.minus(policy.history()), CHUNK));
      }
      if (automation.alerts() != null && !policy.resolvedAlerts().isZero()) {
        Instant cutoff = now.minus(policy.resolvedAlerts());
        alerts = chunks(() -> automation.alerts().pruneResolved(cutoff, CHUNK));
      }
      if (automation.schedules() != null && !policy.scheduleRecords().isZero()) {
        Instant cutoff = now.minus(policy.scheduleRecords());
        occurrences = chunks(() -> automation.schedules().pruneOccurrences(cutoff, CHUNK));
      }
    } catch (StoreException e) {
      log.warn("retention pass stopped: {}", e.getMessage());
    }
    if (folders + events + deleted + historyRuns + alerts + occurrences > 0) {
      log.info(
          "retention: events of {} runs, {} runs, {} report folders, the history of {} runs,"
              + " {} resolved alerts and {} schedule occurrences removed",
          events,
          deleted,
          folders,
          historyRuns,
          alerts,
          occurrences);
    }
    return new Pruned(events, deleted, folders, historyRuns, alerts, occurrences);
  }

  private interface Chunk {
    int run();
  }

  private static int chunks(Chunk chunk) {
    int total = 0;
    for (int i = 0; i < MAX_CHUNKS_PER_PASS; i++) {
      int n = chunk.run();
      total += n;
      if (n < CHUNK) {
        break;
      }
    }
    return total;
  }

  private int pruneFolders(Instant cutoff) {
    int total = 0;
    for (int i = 0; i < MAX_CHUNKS_PER_PASS; i++) {
      var folders = runs.exportedBefore(cutoff, CHUNK);
      for (RunStore.ExportedFolder f : folders) {
        Path dir = reportsDir.resolve(f.dir()).normalize();
        if (!dir.startsWith(reportsDir.normalize()) || dir.equals(reportsDir.normalize())) {
          log.warn(
              "run {}: stored folder name {} is outside the archive; not deleted",
              f.runId(),
              f.dir());
        } else {
          try {
            deleteTree(dir);
          } catch (IOException e) {
            log.warn("run {}: cannot delete {}: {}", f.runId(), dir, e.toString());
            continue;
          }
        }
        runs.folderPruned(f.runId());
        total++;
      }
      if (folders.size() < CHUNK) {
        break;
      }
    }
    return total;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
