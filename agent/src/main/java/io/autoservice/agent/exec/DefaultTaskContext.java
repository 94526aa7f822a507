package io.autoservice.agent.exec;

import io.autoservice.agent.process.CancellationToken;
import io.autoservice.agent.process.OutputListener;
import io.autoservice.agent.process.ProcessResult;
import io.autoservice.agent.process.ProcessRunner;
import io.autoservice.agent.process.ProcessSpec;
import io.autoservice.agent.process.StreamKind;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.event.EventPayload.OutputSource;
import io.autoservice.common.event.EventPayload.TaskOutput;
import io.autoservice.common.plan.TaskParams;
import java.io.IOException;
import java.time.Duration;

/** The executor's side of {@link TaskContext} for one task. */
final class DefaultTaskContext implements TaskContext {
  private final int index;
  private final TaskParams params;
  private final CancellationToken token;
  private final long deadlineNanos;
  private final ProgressCoalescer progress;
  private final EventEmitter emitter;
  private final ToolLocator tools;
  private final ProcessRunner runner;
  private final Secrets secrets;

  DefaultTaskContext(
      int index,
      TaskParams params,
      CancellationToken token,
      long deadlineNanos,
      ProgressCoalescer progress,
      EventEmitter emitter,
      ToolLocator tools,
      ProcessRunner runner,
      Secrets secrets) {
    this.index = index;
    this.params = params;
    this.token = token;
    this.deadlineNanos = deadlineNanos;
    this.progress = progress;
    this.emitter = emitter;
    this.tools = tools;
    this.runner = runner;
    this.secrets = secrets;
  }

  @Override
  public io.autoservice.agent.tasks.SecretLookup secretFor(
      String reference, java.net.URI destination) {
    return secrets.lookup(reference, destination);
  }

  @Override
  public int index() {
    return index;
  }

  @Override
  public TaskParams params() {
    return params;
  }

  @Override
  public CancellationToken cancellation() {
    return token;
  }

  @Override
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  @Override
  public void progress(double percent, String message) {
    progress.update(percent, message);
  }

  @Override
  public void log(String line) {
    emitter.emit(new TaskOutput(index, OutputSource.LOG, line));
  }

  @Override
  public ToolLocator tools() {
    return tools;
  }

  @Override
  public ProcessResult exec(ProcessSpec spec, OutputListener lines) throws IOException {
    return run(spec, lines, true);
  }

  @Override
  public ProcessResult execQuiet(ProcessSpec spec, OutputListener lines) throws IOException {
    ProcessResult r = run(spec, lines, false);
    log(
        spec.command().get(0)
            + ": exit "
            + r.exitCode()
            + ", "
            + r.stdoutLines().size()
            + " lines of output (kept in the result, not echoed)");
    return r;
  }

  private ProcessResult run(ProcessSpec spec, OutputListener lines, boolean echoStdout)
      throws IOException {
    // The tool never outlives its task: its own timeout is capped by the task's time left.
    Duration left = remaining();
    ProcessSpec capped =
        spec.timeout().compareTo(left) > 0
            ? spec.withTimeout(left.isZero() ? Duration.ofMillis(1) : left)
            : spec;
    OutputListener both =
        new OutputListener() {
          @Override
          public void onLine(StreamKind stream, String line) {
            if (stream == StreamKind.STDOUT && !echoStdout) {
              lines.onLine(stream, line);
              return;
            }
            emitter.emit(
                new TaskOutput(
                    index,
                    stream == StreamKind.STDOUT ? OutputSource.STDOUT : OutputSource.STDERR,
                    line));
            lines.onLine(stream, line);
          }
        };
    return runner.run(capped, both, token);
  }
}
