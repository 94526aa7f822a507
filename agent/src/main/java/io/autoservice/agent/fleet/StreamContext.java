package io.autoservice.agent.fleet;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet client's stream context: one thread on which every stream event runs, in submission
 * order, so the stream's state needs no lock. A task that throws is logged and does not kill the
 * context; tasks submitted after {@link #shutdown()} are dropped, since they can only concern a
 * stopped client.
 */
final class StreamContext implements Executor {
  private static final Logger log = LoggerFactory.getLogger(StreamContext.class);

  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "fleet-stream");
            t.setDaemon(true);
            return t;
          });

  @Override
  public void execute(Runnable task) {
    try {
      thread.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              log.error("Fleet client: unexpected failure in the stream context", e);
            }
          });
    } catch (RejectedExecutionException e) {
      log.debug("Fleet client stopped; dropped a stream task");
    }
  }

  /** Runs what is queued, then stops. */
  void shutdown() {
    thread.shutdown();
  }

  boolean awaitTermination(Duration timeout) throws InterruptedException {
    return thread.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
