package io.autoservice.agent.tasks.furmark;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.ToolCall;
import io.autoservice.agent.tasks.ToolNotRun;
import io.autoservice.agent.tasks.ToolRun;
import io.autoservice.agent.tasks.heavyload.ElapsedProgress;
import io.autoservice.agent.tasks.support.Durations;
import io.autoservice.agent.tools.Tool;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.plan.TaskParams;
import io.autoservice.common.result.TaskStatus;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code furmark_stress_test}: renders a FurMark 2 demo for a set time to load the graphics card,
 * and reports its frame rates and GPU temperatures.
 *
 * <p>{@code FurMark_GUI.exe} takes no command line, so it is swapped for the {@code furmark.exe}
 * beside it. FurMark writes the degree sign as the single byte B0, so a line that is not UTF-8 is
 * read as windows-1252. The command line is only known to be right for the Windows build, so
 * elsewhere the task runs only when FurMark is named explicitly.
 *
 * <p>Specification: docs/tasks.md#furmark_stress_test.
 */
public final class FurMarkStressHandler implements TaskHandler {
  static final String GUI_EXE = "furmark_gui.exe";
  static final List<String> CONSOLE_EXES = List.of("furmark.exe", "FurMark.exe", "FURMARK.EXE");

  private static final ParamSchema PARAMS =
      ParamSchema.of(
          ParamSpec.optional(
                  "duration_seconds",
                  ParamType.INTEGER,
                  "Seconds to render (--max-time); required.")
              .withRange((double) FurMarkCommand.MIN_SECONDS, (double) FurMarkCommand.MAX_SECONDS),
          ParamSpec.optional(
                  "duration_minutes",
                  ParamType.INTEGER,
                  "Minutes to render, as the AutoService UI sends it.")
              .withRange(1.0, FurMarkCommand.MAX_SECONDS / 60.0),
          ParamSpec.optional("width", ParamType.INTEGER, "Render width (--width).")
              .withDefault(IntNode.valueOf(1920))
              .withRange(64.0, 16384.0),
          ParamSpec.optional("height", ParamType.INTEGER, "Render height (--height).")
              .withDefault(IntNode.valueOf(1080))
              .withRange(64.0, 16384.0),
          ParamSpec.optional(
                  "demo", ParamType.STRING, "FurMark demo (--demo), e.g. furmark-gl or furmark-vk.")
              .withDefault(TextNode.valueOf("furmark-gl")),
          ParamSpec.optional(
              "extra_args", ParamType.STRING_LIST, "Further FurMark options, e.g. [\"--no-gui\"]."),
          ParamSpec.optional("executable_path", ParamType.STRING, "furmark.exe (or its folder)."));

  private final Duration tick;

  public FurMarkStressHandler() {
    this(ElapsedProgress.DEFAULT_TICK);
  }

  /** With another progress interval (tests). */
  FurMarkStressHandler(Duration tick) {
    this.tick = tick;
  }

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
            "furmark_stress_test",
            "Loads the graphics card with a FurMark demo for a set time and reports FPS and GPU temperatures.",
            PARAMS,
            FurMarkCommand.timeoutFor(FurMarkCommand.MAX_SECONDS))
        .runs(Tool.FURMARK)
        .onlyOnWindows();
  }

  @Override
  public Duration defaultTimeout(TaskParams p) {
    try {
      return FurMarkCommand.timeoutFor(FurMarkCommand.from(p).durationSeconds());
    } catch (RuntimeException e) {
      return descriptor().defaultTimeout(); // the run reports the problem
    }
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    List<String> problems = PARAMS.validate(descriptor().type(), ctx.params().raw());
    if (!problems.isEmpty()) {
      return FurMarkOutcome.failure("invalid parameters: " + String.join("; ", problems), null);
    }
    FurMarkCommand cmd;
    try {
      cmd = FurMarkCommand.from(ctx.params());
    } catch (IllegalArgumentException | ArithmeticException e) {
      return FurMarkOutcome.failure(e.getMessage(), null);
    }
    ToolCall call = ctx.tool(Tool.FURMARK);
    try {
      Path exe = consoleExe(call.locate(), ctx);
      call.at(exe)
          .args(cmd.args())
          .timeout(FurMarkCommand.timeoutFor(cmd.durationSeconds()))
          .charset(ToolCharset.auto(Charset.forName("windows-1252")))
          .workingDir(exe.getParent());
    } catch (ToolNotRun e) {
      return FurMarkOutcome.failure(e.reason(), cmd);
    } catch (IllegalArgumentException e) {
      return FurMarkOutcome.failure(e.getMessage(), cmd);
    }
    Duration expected = cmd.expected();
    ToolRun run;
    try (ElapsedProgress ignored =
        ElapsedProgress.start(
            ctx,
            expected,
            tick,
            e ->
                "FurMark "
                    + cmd.demo()
                    + "… "
                    + Durations.text(e)
                    + " of "
                    + Durations.text(expected))) {
      run = call.run();
    } catch (ToolNotRun e) {
      return e.withCommand(FurMarkOutcome.failure(e.reason(), cmd));
    }
    // Killed at a plan's shorter timeout is the task being stopped, not FurMark outliving its
    // margin.
    boolean hung =
        run.timedOut()
            && run.timeout().compareTo(FurMarkCommand.timeoutFor(cmd.durationSeconds())) >= 0;
    TaskOutcome outcome =
        FurMarkOutcome.of(
            cmd,
            run.stdoutLines(),
            run.stderrLines(),
            run.exitCode(),
            run.elapsed(),
            hung,
            run.cancelled() || run.timedOut());
    if (outcome.status() != TaskStatus.ERROR) {
      ctx.progress(100, "FurMark finished after " + Durations.text(run.elapsed()));
    }
    return run.withCommand(outcome);
  }

  /**
   * The program that takes a command line: {@code FurMark_GUI.exe} is FurMark 2's launcher window,
   * so the {@code furmark.exe} beside it is used instead (as the AutoService UI did).
   *
   * @throws IllegalArgumentException if a GUI launcher was given and no furmark.exe is beside it
   */
  static Path consoleExe(Path located, TaskContext ctx) {
    Path name = located.getFileName();
    if (name == null || !name.toString().toLowerCase(Locale.ROOT).equals(GUI_EXE)) {
      return located;
    }
    Path dir = located.getParent();
    for (String n : CONSOLE_EXES) {
      Path candidate = dir.resolve(n);
      if (Files.isRegularFile(candidate)) {
        ctx.log(
            located.getFileName()
                + " is FurMark's launcher window; running "
                + candidate
                + " instead");
        return candidate;
      }
    }
    throw new IllegalArgumentException(
        located
            + " is FurMark's launcher window, which ignores the command line, and no furmark.exe is beside it");
  }
}
