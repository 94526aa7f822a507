package io.autoservice.agent.exec;

import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskRegistry;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.PlanGate;
import io.autoservice.common.plan.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a plan against the plan gate and the task types this agent knows, before anything runs:
 * wrong parameter types or values are problems (the plan is refused); an unknown task type is only
 * a note (it is skipped at run time, as the original runner did).
 */
public final class PlanValidator {
  /** Every task accepts this; it overrides the handler's default timeout. */
  public static final ParamSpec TIMEOUT_SECONDS =
      ParamSpec.optional(
              "timeout_seconds", ParamType.NUMBER, "Stop the task after this many seconds.")
          .withRange(0.001, 30 * 24 * 3600.0);

  private final TaskRegistry registry;

  public PlanValidator(TaskRegistry registry) {
    this.registry = registry;
  }

  /** Problems refuse the plan; notes are for the technician's information. */
  public record Validation(List<String> problems, List<String> notes) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /**
   * The plan gate first (limits, depth, task type syntax: {@link PlanGate}, the check every door
   * applies), then each known task's parameters against its handler's schema.
   */
  public Validation validate(Plan plan) {
    List<String> gate = PlanGate.problems(plan);
    if (!gate.isEmpty()) {
      return new Validation(gate, List.of());
    }
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (TaskSpec task : plan.tasks()) {
      Optional<TaskHandler> handler = registry.find(task.type());
      if (handler.isEmpty()) {
        notes.add(
            task.place()
                + ": no handler for task type \""
                + task.type()
                + "\"; it will be skipped");
        continue;
      }
      problems.addAll(schemaFor(handler.get()).validate(task.place(), task.params()));
    }
    return new Validation(List.copyOf(problems), List.copyOf(notes));
  }

  public static ParamSchema schemaFor(TaskHandler handler) {
    return handler.descriptor().params().plus(TIMEOUT_SECONDS);
  }
}
