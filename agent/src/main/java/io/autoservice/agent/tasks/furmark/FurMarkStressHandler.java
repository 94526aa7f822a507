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
 * and reports its frame rates and GPU temperatures (runner-spec §3.3).
 *
 * <p>Parameters: {@code duration_seconds} (required, 10–3600; the AutoService UI's own FurMark entry
 * sends {@code duration_minutes} instead, 1–60, which is accepted too — the two must agree if both
 * are given), {@code width} (default 1920) and {@code height} (default 1080), 64–16384, {@code demo}
 * (default {@code furmark-gl}; lower-case letters, digits and dashes), {@code extra_args} (list of
 * options, each starting with {@code -}, e.g. the UI's {@code --no-gui}; quotes, control characters
 * and the options set from the parameters above are refused), {@code executable_path} (furmark.exe
 * or its folder; a {@code FurMark_GUI.exe} is swapped for the {@code furmark.exe} beside it, which is
 * the one that takes a command line).
 *
 * <p>Command: {@code furmark.exe --demo <demo> --width <w> --height <h> --max-time <s>
 * <extra_args…>}, run in FurMark's folder, stdin closed. Output is decoded as UTF-8 per line with a
 * windows-1252 fallback (FurMark writes the degree sign as the single byte B0). The task's timeout is
 * the duration plus 2 minutes; FurMark stops itself at {@code --max-time}, else its process tree is
 * killed. Progress is the elapsed share of the duration, reported every 5 s.
 *
 * <p>Result ({@code summary.results}, the original's keys): {@code demo, renderer, api,
 * resolution{width,height}, frames, duration_ms, fps{min,avg,max}, gpus[{index, name, id,
 * max_temperature_c, max_usage_percent, max_core_clock_mhz, min_core_clock_mhz}]} as parsed by
 * {@link FurMarkOutputParser} (null when not printed), plus {@code duration_seconds} (asked), {@code
 * exit_code, stdout_excerpt, stderr_excerpt} (last 1000 characters), {@code output_preview} (last 10
 * lines) when no results were printed, and {@code error, stderr} on errors; {@code
 * summary.human_readable}: {@code verdict} ({@code passed | overheating | unknown | failed}), {@code
 * summary} (e.g. {@code furmark-gl 1920x1080 for 1 min: 103 FPS average (96–108), GPU max 52 °C}),
 * {@code max_temperature_c}, {@code notes} (e.g. {@code max GPU temperature 91 °C — check cooling}
 * above 90 °C; no GPU sensor data; a demo that ran much shorter than asked) and {@code reason}
 * unless successful. The top-level {@code command} is the argument list.
 *
 * <p>Status: a non-zero exit code, a run killed at the timeout, a missing program or invalid
 * parameters → {@code error}; a GPU above 95 °C → {@code warning}; exit 0 without any results
 * printed → {@code warning} (the original said success); else {@code success}.
 *
 * <p>Platforms: Windows. FurMark 2 also has Linux builds, but this handler's command line is only
 * known to be right for the Windows one, so elsewhere the task runs only when FurMark is configured
 * explicitly ({@code executable_path} or {@code AUTOSERVICE_TOOL_FURMARK}).
 */
public final class FurMarkStressHandler implements TaskHandler {
  static final String GUI_EXE = "furmark_gui.exe";
  static final List<String> CONSOLE_EXES = List.of("furmark.exe", "FurMark.exe", "FURMARK.EXE");

  private static final ParamSchema PARAMS =
      ParamSchema.of(
          ParamSpec.optional("duration_seconds", ParamType.INTEGER, "Seconds to render (--max-time); required.")
              .withRange((double) FurMarkCommand.MIN_SECONDS, (double) FurMarkCommand.MAX_SECONDS),
          ParamSpec.optional("duration_minutes", ParamType.INTEGER, "Minutes to render, as the AutoService UI sends it.")
              .withRange(1.0, FurMarkCommand.MAX_SECONDS / 60.0),
          ParamSpec.optional("width", ParamType.INTEGER, "Render width (--width).")
              .withDefault(IntNode.valueOf(1920)).withRange(64.0, 16384.0),
          ParamSpec.optional("height", ParamType.INTEGER, "Render height (--height).")
              .withDefault(IntNode.valueOf(1080)).withRange(64.0, 16384.0),
          ParamSpec.optional("demo", ParamType.STRING, "FurMark demo (--demo), e.g. furmark-gl or furmark-vk.")
              .withDefault(TextNode.valueOf("furmark-gl")),
          ParamSpec.optional("extra_args", ParamType.STRING_LIST, "Further FurMark options, e.g. [\"--no-gui\"]."),
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
        ElapsedProgress.start(ctx, expected, tick,
            e -> "FurMark " + cmd.demo() + "… " + Durations.text(e) + " of " + Durations.text(expected))) {
      run = call.run();
    } catch (ToolNotRun e) {
      return e.withCommand(FurMarkOutcome.failure(e.reason(), cmd));
    }
    // Killed at a plan's shorter timeout is the task being stopped, not FurMark outliving its margin.
    boolean hung = run.timedOut() && run.timeout().compareTo(FurMarkCommand.timeoutFor(cmd.durationSeconds())) >= 0;
    TaskOutcome outcome = FurMarkOutcome.of(cmd, run.stdoutLines(), run.stderrLines(), run.exitCode(), run.elapsed(),
        hung, run.cancelled() || run.timedOut());
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
        ctx.log(located.getFileName() + " is FurMark's launcher window; running " + candidate + " instead");
        return candidate;
      }
    }
    throw new IllegalArgumentException(
        located + " is FurMark's launcher window, which ignores the command line, and no furmark.exe is beside it");
  }
}
