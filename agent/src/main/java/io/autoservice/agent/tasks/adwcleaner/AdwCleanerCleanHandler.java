package io.autoservice.agent.tasks.adwcleaner;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code adwcleaner_clean}: removes adware and potentially unwanted programs with Malwarebytes
 * AdwCleaner and reports what its log says was removed (runner-spec §3.2).
 *
 * <p>Parameters: {@code executable_path} (adwcleaner.exe or its folder; else found like every
 * tool), {@code working_path} (AdwCleaner's data folder, where it writes its logs; default {@code
 * <temp>/autoservice/adwcleaner}; a relative path is taken relative to that default folder, never
 * to the agent's working folder — the original UI sent {@code ..\data\logs}, which only worked
 * from the right folder; quotes and control characters are refused; the folder is created), {@code
 * clean_preinstalled} (default false: also remove preinstalled software, {@code /preinstalled}).
 *
 * <p>Command: {@code <exe> /eula /clean /noreboot /path <absolute working_path> [/preinstalled]},
 * stdin closed, default timeout 30 minutes. Windows-only: skipped elsewhere unless the tool was
 * named. Afterwards the log is the newest {@code AdwCleaner*.txt} in {@code
 * <working_path>\AdwCleaner\Logs} or {@code <working_path>\Logs} modified since the task started (a
 * clean log {@code AdwCleaner[Cnn].txt} before a scan log); the original took any newest file of
 * one folder, so an old log could pass for this run's. It is parsed by {@link AdwCleanerLogParser}.
 *
 * <p>Result ({@code summary.results}; the original's keys first, which the UI reads): {@code
 * cleaned, failed, registry[], files[], folders[], services[], tasks[], shortcuts[], dlls[], wmi[],
 * browsers{chromium, chromium_urls, firefox, firefox_urls, hosts}, preinstalled[],
 * reboot_required}, then {@code failed_items[]} ("Not Deleted" entries, not in the lists), {@code
 * other{}} (unknown sections), {@code mode, version, detected, eof_found, log_file, working_path,
 * exit_code, stdout_excerpt, stderr_excerpt}, and {@code error}/{@code details} when the status is
 * {@code error}. {@code summary.human_readable}: {@code verdict, notes}, and {@code reason} unless
 * the status is {@code success}. Top level: {@code command} and {@code log_file}.
 *
 * <p>Status: {@code error} when AdwCleaner exits non-zero, is missing, times out, or no log was
 * written during this run ("No log file was generated"); {@code warning} when entries could not be
 * removed ({@code failed > 0}), the log is not an AdwCleaner log, ends before its EOF line, or is a
 * scan log with detections and no clean log came; else {@code success} (a needed reboot is a
 * note). The original said {@code success} whatever the log held.
 */
public final class AdwCleanerCleanHandler implements TaskHandler {
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
  static final int MAX_LOG_BYTES = 4 << 20;

  private static final ParamSchema PARAMS =
      ParamSchema.of(
          ParamSpec.optional("executable_path", ParamType.STRING, "adwcleaner.exe (or its folder) to use."),
          ParamSpec.optional("working_path", ParamType.STRING,
              "AdwCleaner's data folder for its logs (default: <temp>/autoservice/adwcleaner)."),
          ParamSpec.optional("clean_preinstalled", ParamType.BOOLEAN, "Also remove preinstalled software.")
              .withDefault(BooleanNode.FALSE));

  private final Path defaultWorkingPath;

  public AdwCleanerCleanHandler() {
    this(Path.of(System.getProperty("java.io.tmpdir"), "autoservice", "adwcleaner"));
  }

  /** @param defaultWorkingPath the working folder when the plan gives none (made absolute) */
  AdwCleanerCleanHandler(Path defaultWorkingPath) {
    this.defaultWorkingPath = defaultWorkingPath.toAbsolutePath().normalize();
  }

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
        "adwcleaner_clean",
        "Removes adware and potentially unwanted programs with Malwarebytes AdwCleaner.",
        PARAMS,
        DEFAULT_TIMEOUT)
        .runs(Tool.ADWCLEANER)
        .onlyOnWindows();
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    long started = System.currentTimeMillis();
    TaskParams params = ctx.params();
    ToolCall call = ctx.tool(Tool.ADWCLEANER);
    try {
      call.locate();
    } catch (ToolNotRun e) {
      return AdwCleanerOutcome.failure(e.reason(), null);
    }
    Path wp;
    try {
      wp = workingPath(params.string("working_path"));
      Files.createDirectories(wp);
    } catch (IllegalArgumentException e) {
      return AdwCleanerOutcome.failure(e.getMessage(), null);
    } catch (IOException e) {
      return AdwCleanerOutcome.failure("could not create working_path: " + e.getMessage(), null);
    }
    ToolRun run;
    try {
      run = call.args("/eula", "/clean", "/noreboot", "/path", wp.toString())
          .args(params.flag("clean_preinstalled") ? List.of("/preinstalled") : List.of())
          .charset(ToolCharset.oem())
          .run();
    } catch (ToolNotRun e) {
      return e.withCommand(AdwCleanerOutcome.failure(e.reason(), wp));
    }
    Optional<Path> log = Optional.empty();
    String text = null;
    if (run.exitCode() == 0 && !run.timedOut()) {
      try {
        log = AdwCleanerLogs.newest(wp, started);
        if (log.isPresent()) {
          text = AdwCleanerLogParser.decode(read(log.get()));
        }
      } catch (IOException e) {
        ctx.log("could not read AdwCleaner's log: " + e.getMessage());
      }
    }
    String timedOut = run.timedOut() ? "AdwCleaner did not finish within " + Durations.text(run.timeout()) : null;
    TaskOutcome outcome = run.withCommand(AdwCleanerOutcome.build(run.result(), wp, log.orElse(null), text, timedOut));
    return log.isPresent() ? outcome.withExtra("log_file", TextNode.valueOf(log.get().toString())) : outcome;
  }

  /**
   * The absolute working folder: the default one, or {@code given} resolved against it.
   *
   * @throws IllegalArgumentException if {@code given} holds quotes or control characters or is
   *     not a path
   */
  Path workingPath(Optional<String> given) {
    Optional<String> g = given.map(String::strip).filter(s -> !s.isEmpty());
    if (g.isEmpty()) {
      return defaultWorkingPath;
    }
    String v = g.get();
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '"' || Character.isISOControl(c)) {
        throw new IllegalArgumentException("working_path holds a quote or control character");
      }
    }
    try {
      return defaultWorkingPath.resolve(Path.of(v)).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("working_path is not a valid path: " + e.getMessage());
    }
  }

  private static byte[] read(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return in.readNBytes(MAX_LOG_BYTES);
    }
  }
}
