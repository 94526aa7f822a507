package io.autoservice.bench.console;

import io.autoservice.bench.sim.SendTimes;
import io.autoservice.proto.v1.WatchEvent;
import io.autoservice.proto.v1.WatchRunsRequest;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Console WatchRuns streams over a set of runs (1,000 runs per stream, the controller's limit),
 * recording for every live event the time from its first send by the simulated agent to its arrival
 * here. Ready once every watched run's initial state arrived: the controller sends those after it
 * subscribed the stream, so events from then on are live, not replayed from the store.
 */
public final class RunWatchers implements AutoCloseable {
  public static final int RUNS_PER_STREAM = 1_000;

  private final Histogram latencyMicros = new ConcurrentHistogram(3);
  private final AtomicLong unmatched = new AtomicLong();
  private final AtomicLong untimed = new AtomicLong();
  private final AtomicLong resyncs = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final List<Context.CancellableContext> contexts = new ArrayList<>();
  private final java.util.Set<String> seenState =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private CountDownLatch ready;

  /** Opens the streams and waits until each run's initial state arrived; false on timeout. */
  public boolean watch(
      BenchConsole console, List<String> runIds, SendTimes sendTimes, long timeoutMillis)
      throws InterruptedException {
    ready = new CountDownLatch(runIds.size());
    for (int from = 0; from < runIds.size(); from += RUNS_PER_STREAM) {
      List<String> chunk = runIds.subList(from, Math.min(runIds.size(), from + RUNS_PER_STREAM));
      Context.CancellableContext ctx = Context.current().withCancellation();
      contexts.add(ctx);
      ctx.run(
          () ->
              console.watchRuns(
                  WatchRunsRequest.newBuilder().addAllRunIds(chunk).build(), observer(sendTimes)));
    }
    return ready.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private StreamObserver<WatchEvent> observer(SendTimes sendTimes) {
    return new StreamObserver<>() {
      @Override
      public void onNext(WatchEvent e) {
        long now = System.nanoTime();
        switch (e.getKindCase()) {
          case RUN_EVENT -> {
            String runId = e.getRunEvent().getRunId();
            long sent = sendTimes.sentAt(runId, e.getRunEvent().getSequence());
            if (!sendTimes.tracks(runId)) {
              untimed.incrementAndGet(); // a simulator child's run: watched, not timed
            } else if (sent == 0) {
              unmatched.incrementAndGet();
            } else {
              latencyMicros.recordValue(Math.max(0, (now - sent) / 1_000));
            }
          }
          case RUN_STATE -> {
            if (seenState.add(e.getRunState().getRunId())) {
              ready
                  .countDown(); // the first state of a run is the initial one, sent once subscribed
            }
          }
          case RESYNC -> resyncs.incrementAndGet();
          default -> {}
        }
      }

      @Override
      public void onError(Throwable t) {
        if (!(io.grpc.Status.fromThrowable(t).getCode() == io.grpc.Status.Code.CANCELLED)) {
          errors.incrementAndGet();
          System.err.println("bench: watch stream ended: " + io.grpc.Status.fromThrowable(t));
        }
      }

      @Override
      public void onCompleted() {}
    };
  }

  public Histogram latencyMicros() {
    return latencyMicros;
  }

  /**
   * Waits until {@code expected} timed events arrived (timed or unmatched) or {@code maxMillis}
   * passed; returns how long it waited. Events of a run another replica drives reach this one's
   * watchers some time after the agent's ack, so a fixed pause would count late ones as never seen.
   */
  public long awaitTimedEvents(long expected, long maxMillis) throws InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + maxMillis * 1_000_000L;
    while (latencyMicros.getTotalCount() + unmatched.get() < expected
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }

  public long unmatched() {
    return unmatched.get();
  }

  /** Live events of runs without send times (another simulator process's agents). */
  public long untimed() {
    return untimed.get();
  }

  public long resyncs() {
    return resyncs.get();
  }

  public long errors() {
    return errors.get();
  }

  @Override
  public void close() {
    contexts.forEach(c -> c.cancel(null));
  }
}
