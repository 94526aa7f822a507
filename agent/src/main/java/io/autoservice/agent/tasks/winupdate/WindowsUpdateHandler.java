package io.autoservice.agent.tasks.winupdate;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.process.OutputListener;
import io.autoservice.agent.process.StreamKind;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.ToolCall;
import io.autoservice.agent.tasks.ToolNotRun;
import io.autoservice.agent.tasks.ToolRun;
import io.autoservice.agent.tasks.support.Tails;
import io.autoservice.agent.tasks.support.TempFolders;
import io.autoservice.agent.tools.Tool;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.plan.TaskParams;
import io.autoservice.common.result.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code windows_update}: installs pending Windows updates with the PSWindowsUpdate module.
 *
 * <p>PSWindowsUpdate always runs with {@code -IgnoreReboot}: its restart prompt cannot be answered
 * and a restart would lose the run. {@code -NonInteractive} makes any other prompt fail instead of
 * waiting. The switches are substituted into the script as {@code $true}/{@code $false}, never as
 * text from the plan.
 *
 * <p>Specification: docs/tasks.md#windows_update.
 */
public final class WindowsUpdateHandler implements TaskHandler {
  static final Duration DEFAULT_TIMEOUT = Duration.ofHours(3);
  static final int EXCERPT_CHARS = 2000;
  static final String SCRIPT_NAME = "windows-update.ps1";

  private static final ParamSchema PARAMS =
      ParamSchema.of(
          flag(
                  "microsoft_update",
                  "Also install updates for other Microsoft products (Microsoft Update).")
              .withDefault(BooleanNode.TRUE),
          flag("accept_all", "Install every update found; false only lists them.")
              .withDefault(BooleanNode.TRUE),
          flag("ignore_reboot", "Never restart the PC, even if an update asks to.")
              .withDefault(BooleanNode.TRUE),
          flag("microsoftUpdate", "Same as microsoft_update (the AutoService UI's spelling)."),
          flag("acceptAll", "Same as accept_all (the AutoService UI's spelling)."),
          flag("ignoreReboot", "Same as ignore_reboot (the AutoService UI's spelling)."),
          ParamSpec.optional(
              "executable_path",
              ParamType.STRING,
              "The PowerShell program (or its folder) to use."));

  private static ParamSpec flag(String name, String description) {
    return ParamSpec.optional(name, ParamType.BOOLEAN, description);
  }

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
            "windows_update",
            "Installs pending Windows (and Microsoft) updates with PSWindowsUpdate and reports what changed.",
            PARAMS,
            DEFAULT_TIMEOUT)
        .runs(Tool.POWERSHELL)
        .onlyOnWindows();
  }

  @Override
  public TaskOutcome run(TaskContext ctx) throws IOException {
    TaskParams params = ctx.params();
    boolean microsoftUpdate = choose(params, "microsoft_update", "microsoftUpdate");
    boolean acceptAll = choose(params, "accept_all", "acceptAll");
    boolean ignoreReboot = choose(params, "ignore_reboot", "ignoreReboot");

    ToolCall powershell = ctx.tool(Tool.POWERSHELL);
    try {
      powershell.locate();
    } catch (ToolNotRun e) {
      return e.outcome();
    }

    Path dir = Files.createTempDirectory("autoservice-wu-");
    Path script = dir.resolve(SCRIPT_NAME);
    ToolRun run;
    try {
      try {
        Files.write(
            script,
            WindowsUpdateScript.fileBytes(
                WindowsUpdateScript.render(microsoftUpdate, acceptAll, ignoreReboot)));
      } catch (IOException e) {
        return TaskOutcome.error(
            "could not write the Windows Update script to " + script + ": " + e.getMessage());
      }
      ctx.log(
          "windows_update: microsoft_update="
              + microsoftUpdate
              + ", accept_all="
              + acceptAll
              + ", ignore_reboot="
              + ignoreReboot);
      run =
          powershell
              .args(args(script.toString()))
              .timeout(DEFAULT_TIMEOUT)
              .charset(ToolCharset.oem())
              .workingDir(dir)
              .onLine(progress(ctx))
              .run();
    } catch (ToolNotRun e) {
      return e.outcome();
    } finally {
      TempFolders.delete(dir, ctx::log);
    }
    double seconds = run.elapsed().toNanos() / 1e9;
    return run.withCommand(outcome(run.stdoutLines(), run.stderrLines(), run.exitCode(), seconds));
  }

  /** PowerShell's arguments for one run. */
  static List<String> args(String script) {
    return List.of("-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File", script);
  }

  /** A parameter in its spec spelling, else in the UI's camelCase spelling, else the default. */
  static boolean choose(TaskParams params, String name, String uiName) {
    if (params.has(name)) {
      return params.flag(name);
    }
    if (params.has(uiName)) {
      return params.flag(uiName);
    }
    return params.flag(name);
  }

  private static OutputListener progress(TaskContext ctx) {
    return new OutputListener() {
      @Override
      public void onLine(StreamKind stream, String line) {
        WindowsUpdateOutputParser.progress(line)
            .ifPresent(p -> ctx.progress(p.percent(), "Windows Update: " + p.message()));
      }
    };
  }

  /** Builds the outcome from a finished (or stopped) run's output. */
  static TaskOutcome outcome(
      List<String> stdout, List<String> stderr, int exitCode, double seconds) {
    WindowsUpdateOutputParser.Output parsed = WindowsUpdateOutputParser.parse(stdout);
    String stderrExcerpt = Tails.lastChars(String.join("\n", stderr), EXCERPT_CHARS);
    double duration = Json.round(seconds, 3);
    if (parsed.json().isEmpty()) {
      String firstErr = firstNonEmpty(stderr);
      String reason =
          "Windows Update script gave no result: "
              + parsed.problem()
              + " (PowerShell exit code "
              + exitCode
              + ")"
              + (firstErr == null ? "" : "; " + firstErr);
      ObjectNode results = Json.object();
      results.put("error", reason);
      results.put("exit_code", exitCode);
      results.put("stderr_excerpt", stderrExcerpt);
      results.put(
          "stdout_excerpt_on_error", Tails.lastChars(String.join("\n", stdout), EXCERPT_CHARS));
      results.put("duration_seconds", duration);
      return TaskOutcome.reason(TaskStatus.ERROR, reason, results);
    }
    WindowsUpdateReport.Report report = WindowsUpdateReport.of(parsed.json().get());
    ObjectNode results = report.results();
    results.put("exit_code", exitCode);
    results.put("stderr_excerpt", stderrExcerpt);
    results.put("duration_seconds", duration);
    return TaskOutcome.of(report.status(), report.humanReadable(), results);
  }

  /** PowerShell prints an error's message first, then {@code + CategoryInfo …} lines. */
  private static String firstNonEmpty(List<String> lines) {
    for (String s : lines) {
      if (s != null && !s.isBlank()) {
        String t = s.strip();
        return t.length() <= 300 ? t : t.substring(0, 300) + "…";
      }
    }
    return null;
  }
}
