package io.autoservice.controller.api;

import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.wire.TaskSchemaWire;
import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.limits.WireLimits;
import io.autoservice.controller.model.AgentState;
import io.autoservice.controller.model.AgentView;
import io.autoservice.controller.model.Refusal;
import io.autoservice.proto.v1.GetTaskSchemasRequest;
import io.autoservice.proto.v1.GetTaskSchemasResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The task schemas of some agents, merged by task type, for a plan builder's forms. They are the
 * agents' own (checked when their Hello arrived), so a form refuses exactly what the dispatch check
 * and the agent would. Where two agents disagree on a type, the one first by id wins.
 */
final class TaskSchemaCalls {
  static final int MAX_AGENT_IDS = 10_000;

  private final FleetRegistry fleet;

  TaskSchemaCalls(FleetRegistry fleet) {
    this.fleet = fleet;
  }

  GetTaskSchemasResponse schemas(GetTaskSchemasRequest req) throws Refusal {
    if (req.getAgentIdsCount() > MAX_AGENT_IDS) {
      throw Refusal.invalid(
          "agent_ids: "
              + req.getAgentIdsCount()
              + " ids (expected: at most "
              + MAX_AGENT_IDS
              + ")");
    }
    TreeSet<String> ids = new TreeSet<>();
    for (int i = 0; i < req.getAgentIdsCount(); i++) {
      WireLimits.agentId("agent_ids[" + i + "]", req.getAgentIds(i));
      ids.add(req.getAgentIds(i));
    }
    if (ids.isEmpty()) {
      List<AgentView> all =
          fleet.list(Map.of(), EnumSet.of(AgentState.ONLINE, AgentState.BUSY, AgentState.OFFLINE));
      all.forEach(v -> ids.add(v.record().agentId()));
    }
    Map<String, ParamSchema> merged = new TreeMap<>();
    for (String id : ids) {
      fleet.schemas().of(id).forEach(merged::putIfAbsent);
    }
    GetTaskSchemasResponse.Builder b = GetTaskSchemasResponse.newBuilder();
    merged.forEach((type, schema) -> b.addSchemas(TaskSchemaWire.toProto(type, schema)));
    return b.build();
  }
}
