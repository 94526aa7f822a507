package io.autoservice.agent.tasks;

import io.autoservice.common.plan.TaskParams;
import java.time.Duration;

/**
 * Runs one task type. A handler is stateless: everything about one run of it comes through the
 * {@link TaskContext}. It returns an outcome for every way its tool can end, and throws only for
 * faults of its own (the executor turns those into an {@code error} result and goes on).
 *
 * <p>A tool task runs its program with {@link TaskContext#tool}, which locates it, applies the
 * task's time limit and captures its output (bounded); the handler parses that output into an
 * outcome, and maps a tool that could not run with {@link ToolNotRun#outcome()}.
 */
public interface TaskHandler {
  /** The task type's name, parameters, default timeout, tool and platforms. */
  TaskDescriptor descriptor();

  /**
   * The default timeout for these parameters; handlers whose run time depends on them override it.
   */
  default Duration defaultTimeout(TaskParams params) {
    return descriptor().defaultTimeout();
  }

  TaskOutcome run(TaskContext ctx) throws Exception;
}
