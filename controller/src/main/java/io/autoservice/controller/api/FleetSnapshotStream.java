package io.autoservice.controller.api;

import io.autoservice.controller.errors.Statuses;
import io.autoservice.controller.live.FleetListener;
import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.model.AgentView;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.proto.v1.FleetSnapshot;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * WatchFleetSnapshot for one console: the whole fleet as one compact message, then the changes,
 * coalesced per agent and per run as in {@link FleetWatchStream} (the backlog stays bounded by the
 * fleet's size) and sent many at a time, so a burst of ten thousand changes is a few messages, not
 * ten thousand.
 */
final class FleetSnapshotStream implements FleetListener {
  /** Rows of each kind in one later message: big enough to batch, small enough to stay quick. */
  static final int MAX_ROWS = 2_000;

  private final ServerCallStreamObserver<FleetSnapshot> out;
  private final Executor ctx;
  private final Map<String, String> selector;
  private final Predicate<String> agentMatches;
  private final Map<String, AgentView> agents = new LinkedHashMap<>();
  private final Map<String, RunRecord> runs = new LinkedHashMap<>();
  private FleetSnapshot first;
  private boolean started;
  private boolean done;
  private WatchHub.Registration registration;

  FleetSnapshotStream(
      ServerCallStreamObserver<FleetSnapshot> out,
      Executor pool,
      Map<String, String> selector,
      Predicate<String> agentMatches) {
    this.out = out;
    this.ctx = new WatchExecutor(pool, this::fail);
    this.selector = Map.copyOf(selector);
    this.agentMatches = agentMatches;
  }

  /**
   * Registers for changes before the fleet is read, so none falls between the snapshot and the
   * stream; changes that arrive meanwhile wait until the snapshot went out (each is the agent's or
   * run's latest state, so sent after it they are never older than what it said).
   */
  void start(
      WatchHub hub,
      Supplier<List<AgentView>> fleet,
      Function<List<AgentView>, List<RunRecord>> activeRuns) {
    out.setOnCancelHandler(() -> ctx.execute(this::stop));
    out.setOnReadyHandler(() -> ctx.execute(this::drain));
    registration = hub.watchFleet(this);
    ctx.execute(
        () -> {
          List<AgentView> all = new ArrayList<>(fleet.get());
          all.sort(HostOrder.AGENTS);
          first = FleetSnapshots.of(true, all, activeRuns.apply(all));
          started = true;
          drain();
        });
  }

  @Override
  public void onAgentChanged(AgentView agent) {
    if (agent.record() != null && agent.record().matches(selector)) {
      ctx.execute(
          () -> {
            agents.put(agent.record().agentId(), agent);
            drain();
          });
    }
  }

  @Override
  public void onRunChanged(RunRecord run) {
    if (!selector.isEmpty() && !agentMatches.test(run.agentId())) {
      return;
    }
    ctx.execute(
        () -> {
          runs.put(run.runId(), run);
          drain();
        });
  }

  private void drain() {
    if (done || !started) {
      return;
    }
    if (first != null) {
      if (!out.isReady()) {
        return;
      }
      out.onNext(first);
      first = null;
    }
    while (!done && out.isReady() && (!agents.isEmpty() || !runs.isEmpty())) {
      out.onNext(FleetSnapshots.of(false, take(agents), take(runs)));
    }
  }

  private static <T> List<T> take(Map<String, T> pending) {
    List<T> batch = new ArrayList<>(Math.min(MAX_ROWS, pending.size()));
    Iterator<T> it = pending.values().iterator();
    while (batch.size() < MAX_ROWS && it.hasNext()) {
      batch.add(it.next());
      it.remove();
    }
    return batch;
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
    agents.clear();
    runs.clear();
    first = null;
    if (registration != null) {
      registration.close();
    }
  }
}
