package io.autoservice.controller.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.io.AtomicFiles;
import io.autoservice.common.json.Json;
import io.autoservice.common.protocol.ClassicProtocolPrinter;
import io.autoservice.common.protocol.MarkerDialect;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.text.SafeJson;
import io.autoservice.common.text.SafeText;
import io.autoservice.controller.model.RunOrigin;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.StoredEvent;
import io.autoservice.controller.store.EventStore;
import io.autoservice.controller.store.OwnerOnly;
import io.autoservice.controller.store.RunStore;
import io.autoservice.controller.store.StoreWrites;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each finished run as the original app saved reports, so its report browser can open them:
 * {@code <data>/reports/<hostname>__<UTC timestamp>/} with {@code report.json} (the AutoService
 * shape), {@code run_plan.json}, {@code execution.log} (the classic stderr protocol, rebuilt from
 * the stored events) and {@code metadata.json}. Runs on its own thread: a slow disk never holds up
 * the gateway. A run's folder name is kept in the store once its export is complete, so finding it
 * never means listing the archive: the cost of an export does not grow with it.
 *
 * <p>Each export is claimed in the store first ({@link RunStore#claimExport}): replicas that each
 * saw a run finish (its agent moved while the first one's write waited on a cut database link)
 * write one folder between them, and a run finished again after a crash keeps the folder it has.
 */
public final class ReportExporter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReportExporter.class);
  private static final String METADATA = "metadata.json";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss").withZone(ZoneOffset.UTC);

  private final Path reportsDir;
  private volatile boolean reportsFolderChecked;
  private final RunStore runs;
  private final EventStore events;
  private final StoreWrites writes;
  private final java.util.function.BooleanSupplier ingestBusy;

  /**
   * While agents are streaming, each export is followed by a pause this many times as long as the
   * export took: the exporter then takes at most a quarter of a core from ingest, and still keeps
   * going.
   */
  private static final int BUSY_PAUSE_FACTOR = 3;

  private static final long MAX_PAUSE_MS = 2_000;

  /**
   * A failed export (the store out of reach for a moment, a full disk) is tried again after this,
   * doubling up to {@link #MAX_RETRY_MS}: left to the next start, a replica that lost its store for
   * seconds would keep a finished run without its report for days.
   */
  private final long firstRetryMs;

  private static final long MAX_RETRY_MS = 60_000;

  /** Attempts before giving up until the next start ({@link #exportMissing}): about 15 minutes. */
  static final int MAX_ATTEMPTS = 20;

  /**
   * A claim older than this belongs to an exporter that died halfway (an export takes milliseconds
   * to seconds; retries renew the claim): another may take the run over.
   */
  static final Duration CLAIM_LEASE = Duration.ofMinutes(10);

  /**
   * This exporter's name in its claims: the replica's name, kept across its restarts, so a replica
   * killed halfway through a folder completes it at its next start (its own claim is renewed).
   */
  private final String exporterId;

  private final Clock clock;

  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "report-export-retry");
            t.setDaemon(true);
            return t;
          });
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "report-exporter");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param writes where the folder name of a finished export is recorded: with the run domain's
   *     changes, in its group commits, not in a transaction of its own per run
   */
  public ReportExporter(Path reportsDir, RunStore runs, EventStore events, StoreWrites writes) {
    this(reportsDir, runs, events, writes, () -> false, Clock.systemUTC(), SOLO);
  }

  /** The exporter name of a controller without replicas: the only one writing to its store. */
  public static final String SOLO = "solo";

  /**
   * @param ingestBusy whether agents' changes are being committed now: the exporter then slows down
   *     (an export is background work; acks are not)
   * @param clock the controller's: claims and the look for missing folders compare with the finish
   *     times it stamped
   * @param exporterId the replica's name ({@link #SOLO} without replicas)
   */
  public ReportExporter(
      Path reportsDir,
      RunStore runs,
      EventStore events,
      StoreWrites writes,
      java.util.function.BooleanSupplier ingestBusy,
      Clock clock,
      String exporterId) {
    this(reportsDir, runs, events, writes, ingestBusy, 1_000, clock, exporterId);
  }

  /** As above, trying a failed export again after {@code firstRetryMs} (tests shorten it). */
  ReportExporter(
      Path reportsDir,
      RunStore runs,
      EventStore events,
      StoreWrites writes,
      java.util.function.BooleanSupplier ingestBusy,
      long firstRetryMs,
      Clock clock,
      String exporterId) {
    this.firstRetryMs = firstRetryMs;
    this.clock = clock;
    this.exporterId = exporterId;
    this.reportsDir = reportsDir;
    this.writes = writes;
    this.ingestBusy = ingestBusy;
    this.runs = runs;
    this.events = events;
  }

  /**
   * Queues the export of a finished run. Only its id waits in the queue (the run is read back when
   * its turn comes): thousands of runs finishing at once never hold their reports in memory.
   */
  public void export(RunRecord run) {
    exportLater(run.runId(), 1);
  }

  private void exportLater(String runId, int attempt) {
    worker.execute(
        () -> {
          try {
            long t0 = System.nanoTime();
            if (!claim(runId)) {
              return;
            }
            RunRecord stored = runs.run(runId).orElse(null);
            if (stored == null) {
              log.warn("run {}: not in the store any more; not exported", runId);
              return;
            }
            Path dir = write(stored);
            log.debug("run {} exported to {}", runId, dir);
            stepAside(System.nanoTime() - t0);
          } catch (IOException | RuntimeException e) {
            retryLater(runId, attempt, e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  private void retryLater(String runId, int attempt, Exception e) {
    if (attempt >= MAX_ATTEMPTS) {
      log.error(
          "run {}: report export failed {} times, last: {}; the next start exports it",
          runId,
          attempt,
          e.toString());
      return;
    }
    long delay = Math.min(MAX_RETRY_MS, firstRetryMs << Math.min(attempt - 1, 16));
    log.error(
        "run {}: report export failed: {}; trying again in {} ms", runId, e.toString(), delay);
    try {
      retries.schedule(() -> exportLater(runId, attempt + 1), delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // shutting down: the next start exports it
    }
  }

  /**
   * Exports the runs finished since {@code since} that have no complete folder yet: an export is
   * queued after the run is stored, so a controller killed in between, or halfway through writing
   * the folder, would otherwise never finish it. Run at start.
   */
  public void exportMissing(Instant since) {
    exportMissing(since, clock.instant());
  }

  /**
   * Looks again every {@code period} for runs finished within {@code window} without a folder: a
   * replica that died between a run's finish and its export leaves it to the others, and one whose
   * export gave up after {@link #MAX_ATTEMPTS} does not wait for its next start. Only runs finished
   * longer ago than {@link #CLAIM_LEASE} are looked at: younger ones are in some exporter's queue.
   */
  public void keepExportingMissing(Duration period, Duration window) {
    try {
      retries.scheduleWithFixedDelay(
          () -> {
            Instant now = clock.instant();
            exportMissing(now.minus(window), now.minus(CLAIM_LEASE));
          },
          period.toMillis(),
          period.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // closing
    }
  }

  private void exportMissing(Instant since, Instant before) {
    worker.execute(
        () -> {
          List<String> missing;
          try {
            missing = runs.finishedWithoutExport(since, before, 100_000);
          } catch (RuntimeException e) {
            log.error("runs without a report folder: cannot list them: {}", e.toString());
            return;
          }
          for (String runId : missing) {
            try {
              long t0 = System.nanoTime();
              if (!claim(runId)) {
                continue; // exported or being exported by another replica meanwhile
              }
              RunRecord run = runs.run(runId).orElse(null);
              if (run == null) {
                continue; // pruned meanwhile
              }
              log.info("run {} exported to {} (missed before a restart)", runId, write(run));
              stepAside(System.nanoTime() - t0); // a restart under a reconnecting fleet
            } catch (IOException | RuntimeException e) {
              log.error("run {}: report export failed: {}", runId, e.toString());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        });
  }

  /** Whether this exporter may write the run's folder now (see {@link RunStore#claimExport}). */
  private boolean claim(String runId) {
    Instant now = clock.instant();
    if (runs.claimExport(runId, exporterId, now, now.minus(CLAIM_LEASE))) {
      return true;
    }
    log.debug("run {}: its report folder is written, or being written, by another exporter", runId);
    return false;
  }

  /** After an export that took {@code tookNanos}: pauses while ingest is busy (see above). */
  private void stepAside(long tookNanos) throws InterruptedException {
    if (ingestBusy.getAsBoolean()) {
      Thread.sleep(Math.min(MAX_PAUSE_MS, tookNanos * BUSY_PAUSE_FACTOR / 1_000_000 + 1));
    }
  }

  /** The folder a run's files go to. */
  public Path folderFor(RunRecord run) {
    return reportsDir.resolve(
        sanitize(run.hostname()) + "__" + STAMP.format(run.finishedAt()) + "__" + shortId(run));
  }

  /**
   * Writes the run's folder. Each file is replaced in one step and {@code metadata.json} comes
   * last, so a folder with it is complete: a controller killed halfway leaves a folder without it,
   * which the next start completes ({@link #exportMissing}).
   */
  Path write(RunRecord run) throws IOException {
    // Exported before (a crashed controller's agent resent its end, so it finished again): same
    // folder.
    Path dir = runs.exportDir(run.runId()).map(reportsDir::resolve).orElse(folderFor(run));
    if (!reportsFolderChecked) { // once per start: an earlier controller may have left it 0755
      OwnerOnly.directory(reportsDir);
      reportsFolderChecked = true;
    }
    OwnerOnly.directory(dir); // reports and their folders: owner only (they name customers)
    RunReport report = run.report() != null ? run.report() : synthesized(run);
    AtomicFiles.write(
        dir.resolve("report.json"), json(ReportJson.report(report, MarkerDialect.AUTOSERVICE)));
    AtomicFiles.write(dir.resolve("run_plan.json"), json(run.plan().toJson()));
    AtomicFiles.write(dir.resolve("execution.log"), executionLog(run));
    ObjectNode meta = Json.object();
    meta.put("timestamp", run.finishedAt().getEpochSecond());
    meta.put("hostname", run.hostname());
    meta.put("customer_name", run.plan().metadata().path("customer_name").asText(""));
    meta.put("technician_name", run.plan().metadata().path("technician_name").asText(""));
    meta.put("saved_at", run.finishedAt().toString());
    meta.put("run_id", run.runId());
    meta.put("agent_id", run.agentId());
    meta.put("status", run.status().wireName());
    meta.put("origin", run.origin().wireName());
    AtomicFiles.write(dir.resolve(METADATA), json(meta));
    String name = dir.getFileName().toString();
    writes.submit(b -> b.exportDir(run.runId(), name), () -> {});
    return dir;
  }

  /** Pretty JSON that is safe to print on a terminal too (agent text in it: see SafeJson). */
  private static String json(com.fasterxml.jackson.databind.JsonNode node) {
    return SafeJson.text(Json.pretty(node)) + "\n";
  }

  private static String shortId(RunRecord run) {
    return run.runId().substring(0, Math.min(8, run.runId().length()));
  }

  /** A run that ended without an agent report (expired, cancelled in the queue, lost). */
  private static RunReport synthesized(RunRecord run) {
    ObjectNode meta = run.plan().metadata().deepCopy();
    meta.put("hostname", run.hostname());
    return new RunReport(
        run.runId(), run.status(), List.of(), 0, run.dispatchedAt(), meta, run.error());
  }

  private String executionLog(RunRecord run) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    ClassicProtocolPrinter printer = new ClassicProtocolPrinter(out, MarkerDialect.AUTOSERVICE);
    List<StoredEvent> rows = events.events(run.runId(), 0, Integer.MAX_VALUE);
    if (rows.isEmpty() && run.origin() == RunOrigin.LOCAL && run.report() != null) {
      printer.log(
          "Run on the PC with 'agent run --sync' and uploaded later; these markers are rebuilt"
              + " from its report (its live output stayed on the PC)");
      ReportReplay.events(run.plan(), run.report()).forEach(printer::accept);
    }
    for (StoredEvent row : rows) {
      if (row.readable()) {
        printer.accept(row.event());
      } else {
        printer.log("(event " + row.seq() + " " + row.problem() + ")");
      }
    }
    if (run.report() == null) {
      printer.log(
          "Run ended on the controller: "
              + run.status().wireName()
              + (run.error() == null ? "" : " - " + run.error()));
    }
    // Read on a terminal (cat, less -R, the app's log pane): agent text in log lines and marker
    // bodies sends no control to it; C1 as JSON escapes, which read as well in either.
    return SafeText.lines(SafeJson.text(buf.toString(StandardCharsets.UTF_8)));
  }

  /** As the original: anything but letters, digits, - and _ becomes _, at most 50 characters. */
  static String sanitize(String name) {
    String s =
        (name == null || name.isBlank() ? "Unknown_PC" : name).replaceAll("[^A-Za-z0-9_-]", "_");
    s = s.length() > 50 ? s.substring(0, 50) : s;
    return s.replaceAll("^_+|_+$", "").isEmpty() ? "Unknown_PC" : s.replaceAll("^_+|_+$", "");
  }

  @Override
  public void close() {
    retries.shutdownNow();
    worker.shutdown();
    try {
      worker.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
