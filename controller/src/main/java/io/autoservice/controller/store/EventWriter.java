package io.autoservice.controller.store;

import io.autoservice.controller.store.RunStore.EventRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists run events on one thread, many per transaction, and runs each event's callback only
 * after its batch committed: acks follow commits. The queue is bounded; a full queue refuses the
 * event, and the gateway answers that by reading more slowly from that agent, never by blocking a
 * transport thread.
 */
public final class EventWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventWriter.class);

  private record Pending(EventRow row, Runnable afterCommit) {}

  private final RunStore store;
  private final BlockingQueue<Pending> queue;
  private final int maxBatch;
  private final Thread thread;
  private volatile boolean running = true;

  public EventWriter(RunStore store, int capacity, int maxBatch) {
    this.store = store;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.maxBatch = maxBatch;
    this.thread = new Thread(this::loop, "event-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues an event; false when the writer is full (the caller must retry later). */
  public boolean offer(EventRow row, Runnable afterCommit) {
    return queue.offer(new Pending(row, afterCommit));
  }

  /** Events waiting to be written. */
  public int backlog() {
    return queue.size();
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    Duration retry = Duration.ofMillis(100);
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        writeWithRetry(batch, retry);
        for (Pending p : batch) {
          try {
            p.afterCommit().run();
          } catch (RuntimeException e) {
            log.warn("after-commit step failed for run {} seq {}: {}", p.row().runId(), p.row().seq(), e.toString());
          }
        }
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** A failed write is retried: nothing was acked, so nothing is lost if we stop here instead. */
  private void writeWithRetry(List<Pending> batch, Duration retry) throws InterruptedException {
    List<EventRow> rows = new ArrayList<>(batch.size());
    batch.forEach(p -> rows.add(p.row()));
    long wait = retry.toMillis();
    while (true) {
      try {
        store.appendEvents(rows);
        store.sync(); // before any ack: the agent forgets what we ack
        return;
      } catch (RunStore.StoreException e) {
        if (!running) {
          throw new InterruptedException("closing with an unwritten batch");
        }
        log.error("cannot persist {} run events ({}); retrying in {} ms", rows.size(), e.getMessage(), wait);
        Thread.sleep(wait);
        wait = Math.min(wait * 2, 5_000);
      }
    }
  }

  /** Writes what is queued, then stops. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
