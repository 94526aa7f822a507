package io.autoservice.console.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.client.ConsoleException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Reports for runs that have no agent report: refused before they reached the agent, or ended by
 * the controller. Like {@code agent run}'s failure report they carry the machine's facts in {@code
 * metadata} (here the target agent's, as the controller knows them) under the plan's keys.
 */
public final class FailureReports {
  private final ConsoleClient client;
  private final String agentId;
  private final Clock clock;

  FailureReports(ConsoleClient client, String agentId, Clock clock) {
    this.client = client;
    this.agentId = agentId;
    this.clock = clock;
  }

  /** A report without tasks; {@code runId} null makes one up, as {@code agent run} does. */
  RunReport failure(String runId, RunStatus status, String message, Plan plan) {
    String id = runId == null ? UUID.randomUUID().toString() : runId;
    return withMachine(
        new RunReport(id, status, List.of(), 0, clock.instant(), Json.object(), message), plan);
  }

  /** A report the controller made has no machine facts: the agent's, then the plan's keys. */
  RunReport withMachine(RunReport r, Plan plan) {
    if (!r.metadata().isEmpty()) {
      return r;
    }
    ObjectNode meta = Json.object();
    try {
      client
          .agent(agentId)
          .ifPresent(
              a -> {
                meta.put("hostname", a.hostname());
                meta.put("os_name", a.osName());
                meta.put("os_version", a.osVersion());
                meta.put("agent_version", a.agentVersion());
              });
    } catch (ConsoleException e) {
      // The report must still go out; it goes without the machine's facts.
    }
    if (plan != null) {
      meta.setAll(plan.metadata().deepCopy());
    }
    return new RunReport(
        r.runId(),
        r.status(),
        r.tasks(),
        r.totalDurationSeconds(),
        r.runTimestamp(),
        meta,
        r.error());
  }
}
