package io.autoservice.agent.tasks.heavyload;

import com.fasterxml.jackson.databind.node.BooleanNode;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.ToolCall;
import io.autoservice.agent.tasks.ToolNotRun;
import io.autoservice.agent.tasks.ToolRun;
import io.autoservice.agent.tasks.support.Durations;
import io.autoservice.agent.tools.Tool;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.plan.TaskParams;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code heavyload_stress_test} and the AutoService UI's {@code heavyload_stress_cpu}, {@code
 * heavyload_stress_memory} and {@code heavyload_stress_gpu}: loads the PC with HeavyLoad for a set
 * time.
 *
 * <p>One instance per {@link HeavyLoadMode}; each is its own task type, so a result carries the
 * type its plan used. HeavyLoad prints nothing while it works, so progress is the elapsed share of
 * the duration, and a clean exit well before the duration is a {@code warning}: it cannot be told
 * from a load that was never applied.
 *
 * <p>Specification: docs/tasks.md#heavyload_stress_test.
 */
public final class HeavyLoadStressHandler implements TaskHandler {
  private final HeavyLoadMode mode;
  private final Duration tick;
  private final ParamSchema params;

  public HeavyLoadStressHandler(HeavyLoadMode mode) {
    this(mode, ElapsedProgress.DEFAULT_TICK);
  }

  /** With another progress interval (tests). */
  HeavyLoadStressHandler(HeavyLoadMode mode, Duration tick) {
    this.mode = mode;
    this.tick = tick;
    this.params = schema(mode);
  }

  static ParamSchema schema(HeavyLoadMode mode) {
    double max = HeavyLoadCommand.MAX_MINUTES;
    List<ParamSpec> specs =
        new ArrayList<>(
            List.of(
                ParamSpec.optional(
                        "duration_minutes",
                        ParamType.INTEGER,
                        "Minutes to run; HeavyLoad then exits (/DURATION n /AUTOEXIT).")
                    .withRange(1.0, max),
                ParamSpec.optional(
                        "headless",
                        ParamType.BOOLEAN,
                        "Run without a window (/NOGUI); needs a duration.")
                    .withDefault(BooleanNode.valueOf(!mode.alias())),
                ParamSpec.optional("stress_cpu", ParamType.BOOLEAN, "Load the CPU (/CPU).")
                    .withDefault(BooleanNode.FALSE),
                ParamSpec.optional("cpu_cores", ParamType.INTEGER, "Cores to load (default: all).")
                    .withRange(1.0, 1024.0),
                ParamSpec.optional("stress_memory", ParamType.BOOLEAN, "Allocate memory (/MEMORY).")
                    .withDefault(BooleanNode.FALSE),
                ParamSpec.optional(
                        "memory_threshold_mb", ParamType.INTEGER, "Free memory to leave, in MB.")
                    .withRange(1.0, null),
                ParamSpec.optional("stress_disk", ParamType.BOOLEAN, "Write a test file (/FILE).")
                    .withDefault(BooleanNode.FALSE),
                ParamSpec.optional(
                        "disk_threshold_mb", ParamType.INTEGER, "Free disk space to leave, in MB.")
                    .withRange(1.0, null),
                ParamSpec.optional(
                    "testfile_path",
                    ParamType.STRING,
                    "Absolute folder for the test file (/TESTFILEPATH)."),
                ParamSpec.optional("stress_gpu", ParamType.BOOLEAN, "Load the GPU (/GPU).")
                    .withDefault(BooleanNode.FALSE),
                ParamSpec.optional(
                    "executable_path", ParamType.STRING, "HeavyLoad.exe (or its folder).")));
    if (mode.alias()) {
      specs.replaceAll(
          s ->
              s.name().equals(mode.forcedFlag())
                  ? ParamSpec.optional(
                          s.name(), ParamType.BOOLEAN, "Always on for " + mode.type() + ".")
                      .withDefault(BooleanNode.TRUE)
                  : s);
      specs.add(
          ParamSpec.optional(
                  "minutes",
                  ParamType.INTEGER,
                  "Minutes to run, as the AutoService UI says it (default 1).")
              .withRange(1.0, max));
    }
    return ParamSchema.of(specs.toArray(ParamSpec[]::new));
  }

  public HeavyLoadMode mode() {
    return mode;
  }

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
            mode.type(),
            mode.description(),
            params,
            HeavyLoadCommand.timeoutFor(mode.alias() ? HeavyLoadMode.ALIAS_DEFAULT_MINUTES : null))
        .runs(Tool.HEAVYLOAD)
        .onlyOnWindows();
  }

  /** The plan's duration plus 5 minutes. */
  @Override
  public Duration defaultTimeout(TaskParams p) {
    try {
      return HeavyLoadCommand.timeoutFor(HeavyLoadCommand.from(p, mode).durationMinutes());
    } catch (RuntimeException e) {
      return descriptor().defaultTimeout(); // the run reports the problem
    }
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    List<String> problems = params.validate(descriptor().type(), ctx.params().raw());
    if (!problems.isEmpty()) {
      return HeavyLoadOutcome.invalid("invalid parameters: " + String.join("; ", problems));
    }
    HeavyLoadCommand cmd;
    try {
      cmd = HeavyLoadCommand.from(ctx.params(), mode);
    } catch (IllegalArgumentException | ArithmeticException e) {
      return HeavyLoadOutcome.invalid(e.getMessage());
    }
    ToolCall call = ctx.tool(Tool.HEAVYLOAD);
    try {
      Path exe = call.locate();
      call.args(cmd.args())
          .timeout(HeavyLoadCommand.timeoutFor(cmd.durationMinutes()))
          .charset(ToolCharset.oem())
          .workingDir(exe.getParent());
    } catch (ToolNotRun e) {
      return HeavyLoadOutcome.failure(cmd, e.reason());
    }
    String what = cmd.loads() + " stress";
    Duration expected = cmd.expected();
    ToolRun run;
    try (ElapsedProgress ignored =
        ElapsedProgress.start(
            ctx,
            expected,
            tick,
            e ->
                what
                    + "… "
                    + Durations.text(e)
                    + (expected == null
                        ? " (until HeavyLoad is closed)"
                        : " of " + Durations.text(expected)))) {
      run = call.run();
    } catch (ToolNotRun e) {
      return e.withCommand(HeavyLoadOutcome.failure(cmd, e.reason()));
    }
    // Killed at a plan's shorter timeout is the task being stopped, not HeavyLoad outliving its
    // margin.
    boolean hung =
        run.timedOut()
            && run.timeout().compareTo(HeavyLoadCommand.timeoutFor(cmd.durationMinutes())) >= 0;
    TaskOutcome outcome =
        HeavyLoadOutcome.of(
            cmd,
            run.exitCode(),
            run.stdout(),
            run.stderr(),
            run.elapsed(),
            hung,
            run.cancelled() || run.timedOut());
    if (outcome.status() != TaskStatus.ERROR) {
      ctx.progress(100, what + " finished after " + Durations.text(run.elapsed()));
    }
    return run.withCommand(outcome);
  }
}
