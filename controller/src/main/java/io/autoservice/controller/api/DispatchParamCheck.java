package io.autoservice.controller.api;

import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.TaskSpec;
import io.autoservice.common.text.SafeText;
import io.autoservice.controller.fleet.AgentSchemas;
import io.autoservice.controller.model.AgentRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan's parameters checked at dispatch against each target agent's own schemas (from its Hello),
 * so a bad value is refused to the technician instead of by the agent after queueing. An agent
 * without schemas (an older one) is not checked here; task types an agent lacks are {@code
 * refuseUnsupported}'s business.
 */
final class DispatchParamCheck {
  /** Distinct problems named; a fleet-wide dispatch must not produce a message per agent. */
  private static final int MAX_PROBLEMS = 20;

  private static final int MAX_AGENTS_NAMED = 3;

  private DispatchParamCheck() {}

  /**
   * Each problem once, with the agents it applies to, e.g. {@code agent pc-1 (a1): tasks[0].count:
   * expected an integer, got the string "x"}. Empty when every checked agent accepts the plan.
   */
  static List<String> problems(Plan plan, List<AgentRecord> targets, AgentSchemas schemas) {
    Map<String, List<String>> agentsByProblem = new LinkedHashMap<>();
    for (AgentRecord a : targets) {
      Map<String, ParamSchema> own = schemas.of(a.agentId());
      for (TaskSpec task : plan.tasks()) {
        ParamSchema schema = own.get(task.type());
        if (schema != null) {
          for (String p : schema.validate(task.place(), task.params())) {
            agentsByProblem
                .computeIfAbsent(p, k -> new ArrayList<>())
                .add(SafeText.line(a.hostname()) + " (" + a.agentId() + ")");
          }
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : agentsByProblem.entrySet()) {
      if (out.size() == MAX_PROBLEMS) {
        out.add("… and " + (agentsByProblem.size() - MAX_PROBLEMS) + " more problems");
        break;
      }
      List<String> agents = e.getValue();
      String who =
          String.join(", ", agents.subList(0, Math.min(agents.size(), MAX_AGENTS_NAMED)))
              + (agents.size() > MAX_AGENTS_NAMED
                  ? " and " + (agents.size() - MAX_AGENTS_NAMED) + " more agents"
                  : "");
      out.add("agent " + who + ": " + e.getKey());
    }
    return out;
  }
}
