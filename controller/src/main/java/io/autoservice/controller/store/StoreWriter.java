package io.autoservice.controller.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's one writer of run state: a group commit. Callers hand in changes (events, new
 * runs, state changes, agents) with a step to run once they are durable; the writer thread takes
 * whatever is waiting, up to {@code maxChanges}, writes it in one transaction, and only then runs
 * the steps, in submission order. Acks therefore follow commits, a run's state change lands in the
 * same commit as the event that caused it, and no caller ever waits on the database or holds a lock
 * while it writes.
 *
 * <p>The queue is not bounded here: what can be waiting is bounded by the callers (an agent's
 * inbound credit, a dispatch's size), and refusing work at this point would lose it.
 */
public final class StoreWriter implements StoreWrites, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);

  /** Writes one batch in one transaction. */
  public interface Target {
    void write(WriteBatch batch);
  }

  /**
   * Hears how commits go (metrics, health), on the writer thread: must be quick and must not throw.
   */
  public interface Observer {
    Observer NONE =
        new Observer() {
          @Override
          public void committed(int changes, long nanos) {}

          @Override
          public void failed(String why) {}
        };

    /** A batch of {@code changes} was committed in {@code nanos}. */
    void committed(int changes, long nanos);

    /** A commit failed; it is retried (or, refused for good, dropped). */
    void failed(String why);
  }

  private record Change(Consumer<WriteBatch> write, Runnable afterCommit) {}

  private final Target target;
  private final int maxChanges;
  private final Observer observer;
  private final LinkedBlockingQueue<Change> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long commits;
  private volatile long lastEventCommitNanos = System.nanoTime() - 1_000_000_000L;

  public StoreWriter(Target target, int maxChanges) {
    this(target, maxChanges, Observer.NONE);
  }

  public StoreWriter(Target target, int maxChanges, Observer observer) {
    this.target = target;
    this.maxChanges = maxChanges;
    this.observer = observer;
    this.thread = new Thread(this::loop, "store-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues a change; {@code afterCommit} runs on the writer thread once it is durable. */
  @Override
  public void submit(Consumer<WriteBatch> write, Runnable afterCommit) {
    queue.add(new Change(write, afterCommit));
  }

  /** Changes waiting to be written. */
  public int backlog() {
    return queue.size();
  }

  /**
   * Whether agents' events were committed in the last quarter second: agents are streaming. (Not
   * any commit: the exporter's own bookkeeping must not count as load it yields to.)
   */
  public boolean busy() {
    return System.nanoTime() - lastEventCommitNanos < 250_000_000L;
  }

  /** Transactions committed so far. */
  public long commits() {
    return commits;
  }

  private void loop() {
    List<Change> changes = new ArrayList<>(maxChanges);
    while (running || !queue.isEmpty()) {
      try {
        Change first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        changes.add(first);
        queue.drainTo(changes, maxChanges - 1);
        if (!writeRetrying(changes)) {
          // Refused for good: one bad change must not hold up everyone else's. Written one by one,
          // each that is still refused is dropped, and nothing about it is ever acknowledged.
          for (Change c : changes) {
            if (!writeRetrying(List.of(c))) {
              log.error(
                  "a change the store refuses for good was dropped; nothing about it was acknowledged");
            }
          }
        }
        changes.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Writes the changes in one commit, then runs their follow-ups. A failure that may pass (a busy
   * or failing disk) is retried until it does: nothing of it was acknowledged, so waiting here
   * loses nothing. Returns false when the store refuses the changes for good.
   */
  private boolean writeRetrying(List<Change> changes) throws InterruptedException {
    long wait = 100;
    while (true) {
      WriteBatch batch = new WriteBatch();
      try {
        changes.forEach(c -> c.write().accept(batch));
        if (!batch.isEmpty()) {
          long started = System.nanoTime();
          target.write(batch);
          long now = System.nanoTime();
          if (!batch.events().isEmpty()) {
            lastEventCommitNanos = now;
          }
          observer.committed(batch.size(), now - started);
        }
        break;
      } catch (StoreException e) {
        observer.failed(e.getMessage());
        if (e.permanent()) {
          log.atError()
              .setMessage("store refused changes")
              .addKeyValue("changes", batch.size())
              .addKeyValue("error", e.getMessage())
              .log();
          return false;
        }
        if (!running) {
          throw new InterruptedException("closing with unwritten changes");
        }
        log.atError()
            .setMessage("store write failed; retrying")
            .addKeyValue("changes", batch.size())
            .addKeyValue("error", e.getMessage())
            .addKeyValue("retry_ms", wait)
            .log();
        Thread.sleep(wait);
        wait = Math.min(wait * 2, 5_000);
      } catch (RuntimeException e) {
        observer.failed(e.toString());
        log.atError()
            .setMessage("store write failed for good")
            .addKeyValue("changes", batch.size())
            .addKeyValue("error", e.toString())
            .log();
        return false;
      }
    }
    commits++;
    AfterBatch.runSteps(
        () -> {
          for (Change c : changes) {
            try {
              c.afterCommit().run();
            } catch (RuntimeException e) {
              log.warn("a step after a commit failed: {}", e.toString(), e);
            }
          }
        },
        e -> log.warn("a step after a batch failed: {}", e.toString(), e));
    return true;
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
