package io.autoservice.agent.fleet;

import static java.util.Objects.requireNonNull;

import io.autoservice.agent.exec.MachineFacts;
import io.autoservice.agent.exec.PlanValidator;
import io.autoservice.agent.tasks.TaskRegistry;
import io.autoservice.common.plan.ParamSchema;
import java.util.List;
import java.util.Map;

/**
 * Who this agent says it is in every Hello.
 *
 * @param agentId stable id from the data folder ({@link AgentDataDir#agentId()})
 * @param machine hostname, OS, agent version and account
 * @param taskTypes the task types this agent can run, as the registry lists them
 * @param labels the config's labels, e.g. {@code site=front-desk}
 * @param paramSchemas each task type's parameters, as this agent checks them (the controller checks
 *     plans against them at dispatch)
 */
public record AgentProfile(
    String agentId,
    MachineFacts machine,
    List<String> taskTypes,
    Map<String, String> labels,
    Map<String, ParamSchema> paramSchemas) {

  public AgentProfile(
      String agentId, MachineFacts machine, List<String> taskTypes, Map<String, String> labels) {
    this(agentId, machine, taskTypes, labels, Map.of());
  }

  public AgentProfile {
    requireNonNull(agentId, "agentId");
    requireNonNull(machine, "machine");
    taskTypes = List.copyOf(taskTypes);
    labels = Map.copyOf(labels);
    paramSchemas = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(paramSchemas));
    if (agentId.isBlank()) {
      throw new IllegalArgumentException("agentId: blank (expected: a stable id such as a UUID)");
    }
  }

  /** The profile of an agent that runs every type of {@code registry}. */
  public static AgentProfile of(
      String agentId, MachineFacts machine, TaskRegistry registry, Map<String, String> labels) {
    List<String> types = registry.all().stream().map(h -> h.descriptor().type()).toList();
    Map<String, ParamSchema> schemas = new java.util.TreeMap<>();
    registry.all().forEach(h -> schemas.put(h.descriptor().type(), PlanValidator.schemaFor(h)));
    return new AgentProfile(agentId, machine, types, labels, schemas);
  }
}
