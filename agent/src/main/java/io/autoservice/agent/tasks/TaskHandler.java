package io.autoservice.agent.tasks;

import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.TaskParams;
import io.autoservice.agent.tools.Tool;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs one task type. A handler is stateless: everything about one run of it comes through the
 * {@link TaskContext}. It returns an outcome for every way its tool can end, and throws only for
 * faults of its own (the executor turns those into an {@code error} result and goes on).
 */
public interface TaskHandler {
  /** The plan's {@code type} for this task, e.g. {@code ping_test}. */
  String type();

  /** One line for {@code --help} and the README's task table. */
  String description();

  /** The parameters it accepts; the executor adds {@code timeout_seconds} to every schema. */
  ParamSchema params();

  /** How long the task may run unless the plan sets {@code timeout_seconds}. */
  Duration defaultTimeout();

  /** The default timeout for these parameters; handlers whose run time depends on them override it. */
  default Duration defaultTimeout(TaskParams params) {
    return defaultTimeout();
  }

  /** Whether the task needs Windows (it is skipped elsewhere unless its tool was given). */
  default boolean windowsOnly() {
    return false;
  }

  /** The tool it runs, if any: naming it explicitly lets a Windows-only task run elsewhere. */
  default Optional<Tool> tool() {
    return Optional.empty();
  }

  TaskOutcome run(TaskContext ctx) throws Exception;
}
