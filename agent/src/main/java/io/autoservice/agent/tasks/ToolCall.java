package io.autoservice.agent.tasks;

import static java.util.Objects.requireNonNull;

import io.autoservice.agent.process.OutputListener;
import io.autoservice.agent.process.ProcessResult;
import io.autoservice.agent.process.ProcessSpec;
import io.autoservice.agent.process.StreamKind;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.ToolNotRun.Why;
import io.autoservice.agent.tools.Tool;
import io.autoservice.agent.tools.ToolNotFoundException;
import io.autoservice.agent.tools.ToolRefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One run of a task's tool, set up step by step and started with {@link #run()}; get one from
 * {@link TaskContext#tool}. What every tool task needs, done once:
 *
 * <ul>
 *   <li>the executable is located as {@link io.autoservice.agent.tools.ToolLocator} does: the
 *       task's {@code executable_path} parameter, {@code AUTOSERVICE_TOOL_<KEY>}, the agent config,
 *       the portable layout, the system;
 *   <li>the tool gets the task's remaining time (or less, with {@link #timeout});
 *   <li>each output line goes to the run's log ({@link #quiet()}: stderr only) and to the listener
 *       given with {@link #onLine} / {@link #onStdout}, e.g. for progress;
 *   <li>the output is kept by the process runner, bounded (see {@link ToolRun#truncated()}): never
 *       copy lines into a list of your own;
 *   <li>a tool that is missing, refused or would not start is a {@link ToolNotRun} with a reason.
 * </ul>
 */
public final class ToolCall {
  private static final Duration OUT_OF_TIME = Duration.ofMillis(1);

  private final TaskContext ctx;
  private final Tool tool;
  private Optional<String> executablePath;
  private Path executable;
  private final List<String> args = new ArrayList<>();
  private ToolCharset charset;
  private byte[] stdin;
  private Path workingDir;
  private Map<String, String> env = Map.of();
  private Duration limit;
  private boolean quiet;
  private int maxLines;
  private OutputListener listener = OutputListener.none();

  ToolCall(TaskContext ctx, Tool tool) {
    this.ctx = requireNonNull(ctx, "ctx");
    this.tool = requireNonNull(tool, "tool");
    this.executablePath = ctx.params().string("executable_path");
  }

  /** Look for the tool here first instead of the task's {@code executable_path} parameter. */
  public ToolCall executablePath(Optional<String> path) {
    this.executablePath = requireNonNull(path, "path");
    return this;
  }

  /** Run this executable, already located (a task that runs its tool more than once). */
  public ToolCall at(Path exe) {
    this.executable = requireNonNull(exe, "exe");
    return this;
  }

  /** Arguments after the executable, added in order. */
  public ToolCall args(String... more) {
    return args(List.of(more));
  }

  public ToolCall args(List<String> more) {
    args.addAll(more);
    return this;
  }

  /**
   * How the output bytes are decoded (default: the process runner's, see {@link ProcessSpec#of}).
   */
  public ToolCall charset(ToolCharset cs) {
    this.charset = requireNonNull(cs, "charset");
    return this;
  }

  /** Bytes for the tool's stdin; without this stdin is closed at once. */
  public ToolCall stdin(byte[] bytes) {
    this.stdin = bytes;
    return this;
  }

  public ToolCall stdin(String utf8) {
    return stdin(utf8.getBytes(StandardCharsets.UTF_8));
  }

  public ToolCall workingDir(Path dir) {
    this.workingDir = dir;
    return this;
  }

  /** Variables added to the agent's environment for this tool. */
  public ToolCall env(Map<String, String> vars) {
    this.env = Map.copyOf(vars);
    return this;
  }

  /** At most this long, when it is less than the task's remaining time. */
  public ToolCall timeout(Duration max) {
    if (max.isZero() || max.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive: " + max);
    }
    this.limit = max;
    return this;
  }

  /**
   * Keep stdout out of the run's log (machine-readable output: JSON, CSV); stderr is still logged.
   */
  public ToolCall quiet() {
    this.quiet = true;
    return this;
  }

  /**
   * Keep up to {@code lines} lines per stream instead of the runner's bound: only for a tool whose
   * output is one document that a dropped middle would spoil (iperf3's JSON); size it from the run.
   */
  public ToolCall keepLines(int lines) {
    if (lines < 1) {
      throw new IllegalArgumentException("lines must be positive: " + lines);
    }
    this.maxLines = lines;
    return this;
  }

  /**
   * Every line of both streams as it arrives, including lines the result drops when it truncates.
   */
  public ToolCall onLine(OutputListener lines) {
    this.listener = requireNonNull(lines, "lines");
    return this;
  }

  /** Every stdout line as it arrives. */
  public ToolCall onStdout(Consumer<String> lines) {
    requireNonNull(lines, "lines");
    return onLine(
        new OutputListener() {
          @Override
          public void onLine(StreamKind stream, String line) {
            if (stream == StreamKind.STDOUT) {
              lines.accept(line);
            }
          }
        });
  }

  /** The executable this call will run. */
  public Path locate() throws ToolNotRun {
    if (executable == null) {
      try {
        executable = ctx.tools().locate(tool, executablePath);
      } catch (ToolRefusedException e) {
        throw new ToolNotRun(tool, Why.REFUSED, e.getMessage(), List.of());
      } catch (ToolNotFoundException e) {
        throw new ToolNotRun(tool, Why.MISSING, e.getMessage(), List.of());
      }
    }
    return executable;
  }

  /** Runs the tool to its end, its time limit, or the task's cancellation. */
  public ToolRun run() throws ToolNotRun {
    List<String> command = new ArrayList<>();
    command.add(locate().toString());
    command.addAll(args);
    Duration timeout = timeout();
    ProcessSpec spec =
        ProcessSpec.of(command, timeout)
            .withStdin(stdin)
            .withWorkingDir(workingDir)
            .withEnv(env)
            .withMaxLines(maxLines);
    if (charset != null) {
      spec = spec.withCharset(charset);
    }
    ProcessResult result;
    try {
      result = quiet ? ctx.execQuiet(spec, listener) : ctx.exec(spec, listener);
    } catch (IOException e) {
      throw new ToolNotRun(
          tool,
          Why.START_FAILED,
          "could not start " + tool.displayName() + ": " + e.getMessage(),
          command,
          e);
    }
    return new ToolRun(tool, command, result, timeout);
  }

  /**
   * The time the tool gets if it is run now: for a task that watches the run against its limit (a
   * progress ticker, a "still running" log line), before {@link #run()}; afterwards see {@link
   * ToolRun#timeout()}.
   */
  public Duration timeLimit() {
    return timeout();
  }

  private Duration timeout() {
    Duration left = ctx.remaining();
    boolean outOfTime = left == null || left.isZero() || left.isNegative();
    if (limit != null && (outOfTime || limit.compareTo(left) < 0)) {
      return limit;
    }
    return outOfTime ? OUT_OF_TIME : left;
  }
}
