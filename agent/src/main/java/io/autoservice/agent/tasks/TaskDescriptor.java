package io.autoservice.agent.tasks;

import static java.util.Objects.requireNonNull;

import io.autoservice.agent.tools.Tool;
import io.autoservice.common.plan.ParamSchema;
import java.time.Duration;
import java.util.Optional;

/**
 * What a task type is, as the executor, {@code --help} and the controller see it: everything about
 * a handler except how it runs.
 *
 * @param type the plan's {@code type}, e.g. {@code ping_test}
 * @param description one line for {@code --help} and the README's task table
 * @param params the parameters it accepts; the executor adds {@code timeout_seconds} to every
 *     schema
 * @param defaultTimeout how long it may run unless the plan sets {@code timeout_seconds} (see
 *     {@link TaskHandler#defaultTimeout} for one that depends on the parameters)
 * @param tool the program it runs, if any: naming it lets a Windows-only task run elsewhere when
 *     the plan or the environment points at the tool
 * @param platforms where it runs
 */
public record TaskDescriptor(
    String type,
    String description,
    ParamSchema params,
    Duration defaultTimeout,
    Optional<Tool> tool,
    Platforms platforms) {

  /** Where a task type can run. */
  public enum Platforms {
    ANY,
    /** Skipped elsewhere unless its tool was named explicitly (a recorded output replayed, say). */
    WINDOWS_ONLY
  }

  public TaskDescriptor {
    requireNonNull(type, "type");
    requireNonNull(description, "description");
    requireNonNull(params, "params");
    requireNonNull(defaultTimeout, "defaultTimeout");
    requireNonNull(tool, "tool");
    requireNonNull(platforms, "platforms");
    if (defaultTimeout.isZero() || defaultTimeout.isNegative()) {
      throw new IllegalArgumentException("defaultTimeout must be positive: " + defaultTimeout);
    }
  }

  /**
   * A task type that runs anywhere and names no tool; refine with {@link #runs} and {@link
   * #onlyOnWindows}.
   */
  public static TaskDescriptor of(
      String type, String description, ParamSchema params, Duration defaultTimeout) {
    return new TaskDescriptor(
        type, description, params, defaultTimeout, Optional.empty(), Platforms.ANY);
  }

  /** This descriptor for a task type that runs {@code tool}. */
  public TaskDescriptor runs(Tool tool) {
    return new TaskDescriptor(
        type, description, params, defaultTimeout, Optional.of(tool), platforms);
  }

  /** This descriptor for a task type that needs Windows. */
  public TaskDescriptor onlyOnWindows() {
    return new TaskDescriptor(
        type, description, params, defaultTimeout, tool, Platforms.WINDOWS_ONLY);
  }

  public boolean requiresWindows() {
    return platforms == Platforms.WINDOWS_ONLY;
  }
}
