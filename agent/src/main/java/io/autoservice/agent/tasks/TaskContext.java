package io.autoservice.agent.tasks;

import io.autoservice.agent.process.CancellationToken;
import io.autoservice.agent.process.OutputListener;
import io.autoservice.agent.process.ProcessResult;
import io.autoservice.agent.process.ProcessSpec;
import io.autoservice.agent.tools.Tool;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.plan.TaskParams;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/** Everything a handler may use while it runs one task. */
public interface TaskContext {
  /** 0-based position of the task in the plan. */
  int index();

  /** The task's validated parameters, defaults applied. */
  TaskParams params();

  /** Cancelled when the task times out or the run is cancelled. */
  CancellationToken cancellation();

  /** Time left before the task's timeout. */
  Duration remaining();

  /** Reports progress; coalesced by the executor, so call it as often as the tool prints. */
  void progress(double percent, String message);

  /** A line for the run's log (shown on stderr in local mode, streamed in fleet mode). */
  void log(String line);

  /** Finds a tool's executable; a handler runs one with {@link #tool}. */
  ToolLocator tools();

  /** A run of {@code tool} for this task, to set up and {@link ToolCall#run()}. */
  default ToolCall tool(Tool tool) {
    return new ToolCall(this, tool);
  }

  /**
   * The secret a plan names ({@code openai_api_key} for the agent config's, {@code env:VAR} for one
   * the config reads from the environment), only if the agent config binds it to {@code
   * destination}'s scheme, host and port: a plan never decides where a secret goes. Never from the
   * plan; never log the value.
   */
  default SecretLookup secretFor(String reference, URI destination) {
    return new SecretLookup.NotBound();
  }

  /**
   * Runs a program to completion or to the task's timeout, whichever is first; each output line is
   * streamed to the run's log and also handed to {@code lines} as it arrives.
   */
  ProcessResult exec(ProcessSpec spec, OutputListener lines) throws IOException;

  default ProcessResult exec(ProcessSpec spec) throws IOException {
    return exec(spec, new OutputListener() {});
  }

  /**
   * As {@link #exec(ProcessSpec, OutputListener)}, but the tool's stdout is not copied to the run's
   * log: for tools that print machine-readable output (smartctl's and iperf3's JSON run to
   * thousands of lines that tell a technician nothing). stderr is still logged.
   */
  default ProcessResult execQuiet(ProcessSpec spec, OutputListener lines) throws IOException {
    return exec(spec, lines);
  }
}
