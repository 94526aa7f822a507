package io.autoservice.controller.history;

import io.autoservice.controller.model.HistoryPoint;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.store.HistoryStore;
import io.autoservice.controller.store.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each finished run's figures ({@link ReportFigures}) in the history, on a thread of its
 * own: the finished-run path only offers the run's id to a bounded queue and never waits.
 *
 * <p>Every finished run is read exactly once, across crashes and replicas: the figures and a "read"
 * marker are written in one transaction, idempotently ({@link HistoryStore#record}); at start, and
 * whenever the queue overflowed or a write failed, the recorder catches up on the finished runs
 * that have no marker (within the history's retention). Two replicas catching up on the same run
 * both write it; the store keeps it once.
 */
public final class HistoryRecorder implements Consumer<RunRecord>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HistoryRecorder.class);
  static final int QUEUE = 10_000;
  private static final int CATCH_UP_PAGE = 500;
  private static final long RETRY_PAUSE_MS = 2_000;

  /** A run that still fails after a catch-up is tried again after this, doubling up to 10 min. */
  private static final long FIRST_RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);

  private static final long MAX_RETRY_NANOS = TimeUnit.MINUTES.toNanos(10);
  private static final long MAX_BUSY_PAUSE_MS = 1_000;

  private final RunStore runs;
  private final HistoryStore history;
  private final ReportFigures figures = new ReportFigures();
  private final Clock clock;
  private final Duration retention;
  private final BooleanSupplier ingestBusy;
  private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicBoolean behind = new AtomicBoolean(true); // the first pass catches up
  private final Thread worker;
  private volatile boolean closed;
  private long retryNanos = FIRST_RETRY_NANOS; // the worker's own
  private long retryAt = Long.MIN_VALUE; // System.nanoTime() of the next retrying catch-up

  /**
   * @param retention how long history is kept (zero: forever): older runs are not caught up on
   * @param ingestBusy whether agents' changes are being committed now: the recorder then pauses
   *     between runs (history is background work; acks are not)
   */
  public HistoryRecorder(
      RunStore runs,
      HistoryStore history,
      Clock clock,
      Duration retention,
      BooleanSupplier ingestBusy) {
    this.runs = runs;
    this.history = history;
    this.clock = clock;
    this.retention = retention;
    this.ingestBusy = ingestBusy;
    this.worker = new Thread(this::loop, "history-recorder");
    worker.setDaemon(true);
  }

  /** Starts the thread; its first pass catches up on runs a previous start did not read. */
  public HistoryRecorder start() {
    worker.start();
    return this;
  }

  /** Queues a finished run; never blocks (a full queue is caught up on from the store later). */
  @Override
  public void accept(RunRecord run) {
    if (!queue.offer(run.runId())) {
      behind.set(true);
    }
  }

  private void loop() {
    while (!closed) {
      try {
        if (retryAt != Long.MIN_VALUE && System.nanoTime() - retryAt >= 0) {
          retryAt = Long.MIN_VALUE;
          behind.set(true);
        }
        if (behind.getAndSet(false)) {
          catchUp();
        }
        String runId = queue.poll(1, TimeUnit.SECONDS);
        if (runId != null) {
          read(runId);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The store out of reach for a moment: what was not written is found again by catching up.
        log.warn("history: {}; catching up again in {} ms", e.toString(), RETRY_PAUSE_MS);
        behind.set(true);
        try {
          Thread.sleep(RETRY_PAUSE_MS);
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  private void catchUp() throws InterruptedException {
    Instant since = retention.isZero() ? Instant.EPOCH : clock.instant().minus(retention);
    int total = 0;
    int failed = 0;
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (!closed) {
      List<String> ids = history.finishedWithoutHistory(since, CATCH_UP_PAGE);
      if (!seen.addAll(ids)) {
        break; // nothing new: what is left cannot be read now (tried again later)
      }
      for (String id : ids) {
        try {
          read(id);
        } catch (RuntimeException e) {
          if (failed++ == 0) {
            log.warn("history: run {} not read: {}", id, e.toString());
          }
        }
      }
      total += ids.size();
      if (ids.size() < CATCH_UP_PAGE) {
        break;
      }
    }
    // One run that cannot be written must not hold up the others, nor be tried every moment.
    if (failed > 0) {
      retryAt = System.nanoTime() + retryNanos;
      log.warn(
          "history: {} runs not read; trying again in {} s",
          failed,
          TimeUnit.NANOSECONDS.toSeconds(retryNanos));
      retryNanos = Math.min(MAX_RETRY_NANOS, retryNanos * 2);
    } else {
      retryNanos = FIRST_RETRY_NANOS;
    }
    if (total > 0) {
      log.info(
          "history: {} finished runs read that had not been (before a restart or a burst)", total);
    }
  }

  /** Reads one run's figures into the history, unless it was read already. */
  void read(String runId) throws InterruptedException {
    if (history.recorded(runId)) {
      return;
    }
    long t0 = System.nanoTime();
    RunRecord run = runs.run(runId).orElse(null);
    if (run == null) {
      return; // pruned meanwhile
    }
    if (run.state() != RunState.FINISHED || run.finishedAt() == null) {
      // Listed as finished but its row does not read so (a bad row): marked read without figures,
      // so it is not read again at every catch-up.
      history.record(run.runId(), run.agentId(), clock.instant(), List.of());
      return;
    }
    List<HistoryPoint> points = figures.of(run);
    history.record(run.runId(), run.agentId(), run.finishedAt(), points);
    if (ingestBusy.getAsBoolean()) {
      long tookMs = (System.nanoTime() - t0) / 1_000_000;
      Thread.sleep(Math.min(MAX_BUSY_PAUSE_MS, 3 * tookMs + 1));
    }
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
    try {
      worker.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
