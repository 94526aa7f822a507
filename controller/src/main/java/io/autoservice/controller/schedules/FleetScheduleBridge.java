package io.autoservice.controller.schedules;

import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.AgentState;
import io.autoservice.controller.model.AgentView;
import io.autoservice.controller.model.ScheduleRecord;
import io.autoservice.controller.runs.Dispatcher;
import io.autoservice.controller.store.RunStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@link ScheduleFleet} over the controller's fleet registry and dispatcher: a scheduled run is
 * dispatched exactly as a console dispatch is (queued behind the agent's other runs, routed to the
 * replica holding the agent), under the name {@code schedule:<name>}.
 */
public final class FleetScheduleBridge implements ScheduleFleet {
  private final FleetRegistry fleet;
  private final Dispatcher dispatcher;
  private final RunStore runs;
  private final Duration defaultDeadline;

  public FleetScheduleBridge(
      FleetRegistry fleet, Dispatcher dispatcher, RunStore runs, Duration defaultDeadline) {
    this.fleet = fleet;
    this.dispatcher = dispatcher;
    this.runs = runs;
    this.defaultDeadline = defaultDeadline;
  }

  @Override
  public Optional<AgentRecord> known(String agentId) {
    return fleet.known(agentId);
  }

  @Override
  public List<AgentRecord> matching(Map<String, String> selector) {
    return fleet.list(selector, Set.of()).stream().map(AgentView::record).toList();
  }

  @Override
  public boolean online(String agentId) {
    return fleet.record(agentId).isPresent() && fleet.view(agentId).state() != AgentState.OFFLINE;
  }

  @Override
  public CompletableFuture<?> launch(ScheduleRecord s, AgentRecord agent, String runId) {
    if (dispatcher.activeRun(runId).isPresent() || runs.run(runId).isPresent()) {
      return CompletableFuture.completedFuture(null); // stored by an earlier attempt
    }
    Duration deadline = s.deadline().isZero() ? defaultDeadline : s.deadline();
    return dispatcher.dispatch(
        s.plan(), List.of(agent), "schedule:" + s.name(), deadline, a -> runId);
  }
}
