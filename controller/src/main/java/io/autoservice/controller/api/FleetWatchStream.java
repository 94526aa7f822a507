package io.autoservice.controller.api;

import io.autoservice.controller.errors.Statuses;
import io.autoservice.controller.live.FleetListener;
import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.model.AgentView;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.proto.v1.FleetEvent;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * The live fleet view of one console. Changes are coalesced per agent and per run (only the latest
 * state of each is pending), so the backlog is bounded by the fleet's size however slow the console
 * is; a console that only needs "where does everyone stand now" loses nothing. A failure ends the
 * watch with the status {@link Statuses} maps it to.
 */
final class FleetWatchStream implements FleetListener {
  private final ServerCallStreamObserver<FleetEvent> out;
  private final Executor ctx;
  private final Map<String, String> selector;
  private final Predicate<String> agentMatches;
  private final boolean taskTypes;
  private final Map<String, FleetEvent> pending = new LinkedHashMap<>();
  private boolean done;
  private WatchHub.Registration registration;

  FleetWatchStream(
      ServerCallStreamObserver<FleetEvent> out,
      Executor pool,
      Map<String, String> selector,
      Predicate<String> agentMatches,
      boolean taskTypes) {
    this.out = out;
    this.taskTypes = taskTypes;
    this.ctx = new WatchExecutor(pool, this::fail);
    this.selector = Map.copyOf(selector);
    this.agentMatches = agentMatches;
  }

  void start(WatchHub hub, List<AgentView> agents, List<RunRecord> activeRuns) {
    out.setOnCancelHandler(() -> ctx.execute(this::stop));
    out.setOnReadyHandler(() -> ctx.execute(this::drain));
    registration = hub.watchFleet(this);
    ctx.execute(
        () -> {
          agents.forEach(this::agent);
          activeRuns.forEach(this::run);
          drain();
        });
  }

  @Override
  public void onAgentChanged(AgentView agent) {
    if (agent.record() != null && agent.record().matches(selector)) {
      ctx.execute(
          () -> {
            agent(agent);
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
          run(run);
          drain();
        });
  }

  private void agent(AgentView v) {
    pending.put(
        "a:" + v.record().agentId(),
        FleetEvent.newBuilder().setAgent(ConsoleMapper.agent(v, taskTypes)).build());
  }

  private void run(RunRecord r) {
    pending.put("r:" + r.runId(), FleetEvent.newBuilder().setRun(ConsoleMapper.run(r)).build());
  }

  private void drain() {
    var it = pending.entrySet().iterator();
    while (!done && out.isReady() && it.hasNext()) {
      FleetEvent e = it.next().getValue();
      it.remove();
      out.onNext(e);
    }
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
    pending.clear();
    if (registration != null) {
      registration.close();
    }
  }
}
