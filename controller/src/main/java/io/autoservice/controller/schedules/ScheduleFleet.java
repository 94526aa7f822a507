package io.autoservice.controller.schedules;

import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.ScheduleRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the scheduler needs of the fleet and the run domain: who a target names, who is online, and
 * a way to create one run with a given id. The controller implements it over its FleetRegistry and
 * Dispatcher ({@link FleetScheduleBridge}), the same path a console dispatch takes, so a run for an
 * agent another replica holds is routed there.
 */
public interface ScheduleFleet {
  Optional<AgentRecord> known(String agentId);

  /** Agents carrying every label of the selector; every known agent when it is empty. */
  List<AgentRecord> matching(Map<String, String> selector);

  /** Connected to this controller or to another replica. */
  boolean online(String agentId);

  /**
   * Creates run {@code runId} of the schedule's plan for the agent, unless a run of that id is
   * stored already. Completes once the run is stored.
   */
  CompletableFuture<?> launch(ScheduleRecord schedule, AgentRecord agent, String runId);
}
