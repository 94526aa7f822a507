package io.autoservice.agent.tasks;

import io.autoservice.agent.tools.Tool;
import java.util.List;

/**
 * A task's tool did not run: not found, refused by the tool policy (a plan's {@code
 * executable_path} outside the agent's tool folders), or the operating system would not start it.
 * The message is the reason, worded for the technician; {@link #outcome()} is the standard {@code
 * error} for it, which is what most handlers return.
 */
public final class ToolNotRun extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the tool did not run. */
  public enum Why {
    MISSING,
    REFUSED,
    START_FAILED
  }

  private final Tool tool;
  private final Why why;
  private final List<String> command;

  public ToolNotRun(Tool tool, Why why, String reason, List<String> command) {
    this(tool, why, reason, command, null);
  }

  /**
   * @param cause what the operating system said, for a tool that would not start
   */
  public ToolNotRun(Tool tool, Why why, String reason, List<String> command, Throwable cause) {
    super(reason, cause);
    this.tool = tool;
    this.why = why;
    this.command = List.copyOf(command);
  }

  public Tool tool() {
    return tool;
  }

  public Why why() {
    return why;
  }

  /** One sentence for {@code human_readable.reason}. */
  public String reason() {
    return getMessage();
  }

  /** The command that would not start; empty when no executable was found to run. */
  public List<String> command() {
    return command;
  }

  /**
   * The standard failure: status {@code error}, the reason in {@code human_readable.reason} and
   * {@code results.error}, and the {@code command} result key when there was a command.
   */
  public TaskOutcome outcome() {
    return withCommand(TaskOutcome.error(reason()));
  }

  /**
   * A handler's own failure outcome (one with more result keys than {@link #outcome()}'s) with the
   * {@code command} result key when there was a command.
   */
  public TaskOutcome withCommand(TaskOutcome failure) {
    return command.isEmpty() ? failure : failure.withExtra("command", ToolRun.json(command));
  }
}
