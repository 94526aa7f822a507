package io.autoservice.controller.api;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.controller.errors.Statuses;
import io.autoservice.controller.live.FleetListener;
import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.model.StoredEvent;
import io.autoservice.controller.store.EventStore;
import io.autoservice.controller.store.RunStore;
import io.autoservice.proto.v1.Resync;
import io.autoservice.proto.v1.WatchEvent;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * One console's watch of some runs: every event of each run exactly once and in order, stored ones
 * first, then live ones.
 *
 * <p>A run is either <em>catching up</em> (its events are read from the store in chunks, as the
 * console takes them) or <em>live</em> (events come from the hub as they are persisted). Items wait
 * in a bounded queue that is drained only while the console's stream is ready. A console that falls
 * {@value #CAPACITY} items behind gets a {@code Resync} for each run whose queued events were
 * dropped, and those runs go back to catching up from the store, so a slow console never slows an
 * agent or another watcher, and never makes the controller buffer without bound. The stream
 * completes once every watched run has finished, or fails with the status {@link Statuses} maps a
 * failure to (the store failing, say).
 */
final class RunWatchStream implements FleetListener {
  static final int CAPACITY = 16_384;

  /** Bytes a console may fall behind by (reports are large): past it, a resync as for CAPACITY. */
  static final long CAPACITY_BYTES = 4L * 1024 * 1024;

  private static final int CHUNK = 512;

  private final ServerCallStreamObserver<WatchEvent> out;
  private final RunStore store;
  private final EventStore events;
  private final Executor ctx;
  private final Set<String> runIds;
  // All below guarded by ctx.
  private final Map<String, Long> queued = new HashMap<>();
  private final Map<String, Long> delivered = new HashMap<>();
  private final Set<String> catchingUp = new LinkedHashSet<>();
  private final Set<String> finished = new HashSet<>();
  private final Set<String> finalSeen = new HashSet<>();
  private final ArrayDeque<WatchEvent> queue = new ArrayDeque<>();
  private long queuedBytes;

  /** Runs whose queued events were dropped: each gets a Resync before anything else is sent. */
  private final Set<String> resync = new LinkedHashSet<>();

  private boolean done;
  private WatchHub.Registration registration;

  RunWatchStream(
      ServerCallStreamObserver<WatchEvent> out,
      RunStore store,
      EventStore events,
      Executor pool,
      Set<String> runIds) {
    this.out = out;
    this.store = store;
    this.events = events;
    this.ctx = new WatchExecutor(pool, this::fail);
    this.runIds = Set.copyOf(runIds);
  }

  /** Subscribes first, then catches up from the store: nothing falls between the two. */
  void start(WatchHub hub, long afterSequence, Map<String, RunRecord> initial) {
    out.setOnCancelHandler(() -> ctx.execute(this::stop));
    out.setOnReadyHandler(() -> ctx.execute(this::drain));
    ctx.execute(
        () -> {
          // Registered inside the stream's executor: an event published meanwhile is handled
          // after this task, while its run is still catching up from the store.
          registration = hub.watchRuns(runIds, this);
          for (String id : runIds) {
            queued.put(id, afterSequence);
            delivered.put(id, afterSequence);
            catchingUp.add(id);
            // Read again now that we are subscribed: a run that ended in between (refused by its
            // agent, cancelled in the queue) has no event left to tell us.
            RunRecord now = store.run(id).orElse(initial.get(id));
            queue.add(WatchEvent.newBuilder().setRunState(ConsoleMapper.run(now)).build());
            if (now.state() == RunState.FINISHED) {
              finished.add(id); // every event it will ever have is already stored
            }
          }
          drain();
        });
  }

  @Override
  public void onEvent(RunEvent event) {
    ctx.execute(
        () -> {
          String id = event.runId();
          long last = queued.getOrDefault(id, 0L);
          if (!catchingUp.contains(id) && event.sequence() == last + 1) {
            enqueue(WatchEvent.newBuilder().setRunEvent(WireMapper.toProto(event)).build());
            queued.put(id, event.sequence());
            if (event.payload() instanceof EventPayload.RunFinished) {
              finalSeen.add(id);
            }
          } else if (!catchingUp.contains(id) && event.sequence() > last + 1) {
            // A gap: events this stream never saw live (another controller replica ingested them,
            // or it tails the store): read them from the store, in order, before going on.
            catchingUp.add(id);
          }
          drain();
        });
  }

  @Override
  public void onRunChanged(RunRecord run) {
    ctx.execute(
        () -> {
          enqueue(WatchEvent.newBuilder().setRunState(ConsoleMapper.run(run)).build());
          if (run.state() == RunState.FINISHED) {
            finished.add(run.runId());
            if (!finalSeen.contains(run.runId())) {
              // Its end and its last events are committed together: one more read from the store
              // finds any this stream has not seen, before it completes.
              catchingUp.add(run.runId());
            }
          }
          drain();
        });
  }

  private void enqueue(WatchEvent e) {
    if (queue.size() >= CAPACITY || queuedBytes >= CAPACITY_BYTES) {
      // Only the runs whose events are dropped here go back to the store: a console watching a
      // thousand runs of which one floods must not reread the other 999 (each a query, under
      // exactly the load that made it fall behind).
      Set<String> behind = new HashSet<>();
      for (WatchEvent q : queue) {
        if (q.hasRunEvent()) {
          behind.add(q.getRunEvent().getRunId());
        }
      }
      if (e.hasRunEvent()) {
        behind.add(e.getRunEvent().getRunId());
      }
      queue.clear();
      queuedBytes = 0;
      catchingUp.addAll(behind);
      behind.forEach(id -> queued.put(id, delivered.get(id)));
      resync.addAll(behind);
      return;
    }
    queue.add(e);
    queuedBytes += e.getSerializedSize();
  }

  private void drain() {
    if (done) {
      return;
    }
    if (!resync.isEmpty() && out.isReady()) {
      for (String id : resync) {
        out.onNext(
            WatchEvent.newBuilder()
                .setResync(
                    Resync.newBuilder().setRunId(id).setLastDeliveredSequence(delivered.get(id)))
                .build());
      }
      resync.clear();
    }
    while (out.isReady() && !done) {
      if (queue.isEmpty() && !catchUpChunk()) {
        break;
      }
      WatchEvent next = queue.poll();
      if (next == null) {
        continue;
      }
      queuedBytes = Math.max(0, queuedBytes - next.getSerializedSize());
      if (next.hasRunEvent()) {
        delivered.put(next.getRunEvent().getRunId(), next.getRunEvent().getSequence());
      }
      out.onNext(next);
    }
    if (queue.isEmpty() && catchingUp.isEmpty() && finished.containsAll(runIds)) {
      stop();
      out.onCompleted();
    }
  }

  /** Reads the next stored events of a run that is catching up; false when none is. */
  private boolean catchUpChunk() {
    if (catchingUp.isEmpty()) {
      return false;
    }
    String id = catchingUp.iterator().next();
    List<StoredEvent> rows = events.events(id, queued.get(id), CHUNK + 1);
    int n = 0;
    for (StoredEvent row : rows) {
      if (n++ == CHUNK) {
        return true; // more to read: the next drain takes the next chunk
      }
      if (row.readable()) { // an unreadable stored event is skipped rather than ending the watch
        queue.add(WatchEvent.newBuilder().setRunEvent(WireMapper.toProto(row.event())).build());
        if (row.event().payload() instanceof EventPayload.RunFinished) {
          finalSeen.add(id);
        }
      }
      queued.put(id, row.seq());
    }
    catchingUp.remove(id); // caught up: live events take over from here
    return true;
  }

  /** Runs in ctx, as every task of this stream. */
  private void fail(RuntimeException e) {
    if (done) {
      return;
    }
    stop();
    out.onError(Statuses.exception(e));
  }

  private void stop() {
    done = true;
    queue.clear();
    if (registration != null) {
      registration.close();
    }
  }
}
