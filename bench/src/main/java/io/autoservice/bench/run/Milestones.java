package io.autoservice.bench.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Records when each of several conditions first became true, polled every millisecond on one
 * thread, so a phase can learn "all AssignRuns acked" and "all runs finished" times while it is
 * itself busy (opening watchers, say). Polling keeps the agents' hot path free of callbacks.
 */
final class Milestones implements AutoCloseable {
  private final Map<String, BooleanSupplier> pending = new ConcurrentHashMap<>();
  private final Map<String, Long> reached = new ConcurrentHashMap<>();
  private final Thread poller;
  private volatile boolean running = true;

  Milestones() {
    poller = new Thread(this::poll, "bench-milestones");
    poller.setDaemon(true);
    poller.start();
  }

  void watch(String name, BooleanSupplier condition) {
    pending.put(name, condition);
  }

  /** When {@code name} first held (System.nanoTime), or null. */
  Long reached(String name) {
    return reached.get(name);
  }

  /** Waits until every watched condition held or the deadline passed; true if all held. */
  boolean awaitAll(long deadlineNanos, Runnable progress) throws InterruptedException {
    long nextProgress = System.nanoTime() + 5_000_000_000L;
    while (!pending.isEmpty()) {
      if (System.nanoTime() > deadlineNanos) {
        return false;
      }
      if (System.nanoTime() > nextProgress) {
        progress.run();
        nextProgress = System.nanoTime() + 5_000_000_000L;
      }
      Thread.sleep(5);
    }
    return true;
  }

  private void poll() {
    while (running) {
      pending.forEach(
          (name, c) -> {
            if (c.getAsBoolean()) {
              reached.putIfAbsent(name, System.nanoTime());
              pending.remove(name);
            }
          });
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    poller.interrupt();
  }
}
