package io.autoservice.agent.tasks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.autoservice.agent.process.ProcessResult;
import io.autoservice.agent.tasks.support.Durations;
import io.autoservice.agent.tasks.support.JsonPuts;
import io.autoservice.agent.tools.Tool;
import java.time.Duration;
import java.util.List;

/**
 * A tool that ran (to its end, or until it was stopped): the command, and what the process runner
 * kept of its output — at most the runner's line bound per stream, the middle dropped and {@link
 * #truncated()} set when a tool prints more.
 *
 * @param tool the tool
 * @param command the program (as located) and its arguments
 * @param result the process result
 * @param timeout the limit the tool was given
 */
public record ToolRun(Tool tool, List<String> command, ProcessResult result, Duration timeout) {
  public ToolRun {
    command = List.copyOf(command);
  }

  public int exitCode() {
    return result.exitCode();
  }

  /** The tool ran out of time and its process tree was killed. */
  public boolean timedOut() {
    return result.timedOut();
  }

  /** The task was cancelled (or timed out at the executor) and the tool was killed. */
  public boolean cancelled() {
    return result.cancelled();
  }

  public List<String> stdoutLines() {
    return result.stdoutLines();
  }

  public List<String> stderrLines() {
    return result.stderrLines();
  }

  /** The kept stdout lines joined with {@code "\n"}. */
  public String stdout() {
    return result.stdout();
  }

  /** The kept stderr lines joined with {@code "\n"}. */
  public String stderr() {
    return result.stderr();
  }

  /** Some output lines are missing from the lists (too many, or a reader was abandoned). */
  public boolean truncated() {
    return result.outputTruncated();
  }

  public Duration elapsed() {
    return result.elapsed();
  }

  /** The command as the {@code command} result key has it: a JSON array of strings. */
  public ArrayNode commandJson() {
    return json(command);
  }

  /** {@code "<tool> timed out after 1 h"}: the start of every timed-out reason. */
  public String timedOutText() {
    return tool.displayName() + " timed out after " + Durations.text(timeout);
  }

  /** {@code outcome} with this run's {@code command} result key. */
  public TaskOutcome withCommand(TaskOutcome outcome) {
    return outcome.withExtra("command", commandJson());
  }

  static ArrayNode json(List<String> items) {
    return JsonPuts.strings(items);
  }
}
