package io.autoservice.agent.tasks.stinger;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.ToolCall;
import io.autoservice.agent.tasks.ToolNotRun;
import io.autoservice.agent.tasks.ToolRun;
import io.autoservice.agent.tools.Tool;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.plan.TaskParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code trellix_stinger_scan}: scans for malware with Trellix Stinger (runner-spec §3.21).
 *
 * <p>Parameters: {@code executable_path} (stinger64.exe/stinger.exe or its folder; else found like
 * every tool), {@code action} ({@code delete}, the default, or {@code report}), {@code include_pups}
 * (false), {@code logs_dir} (where Stinger writes its log; created; default Stinger's folder),
 * {@code scan_path} (an existing folder to scan instead of Stinger's default smart scan), {@code
 * scan_subdirectories} (true), {@code timeout_minutes} (positive whole number, default 30: the
 * task's default timeout; a plan's {@code timeout_seconds} replaces the default, and when both are
 * given the shorter applies), {@code additional_args} (Stinger options {@code --NAME} or {@code
 * --NAME=value}, no quotes). Paths holding quotes or control characters are refused; all are made
 * absolute against the agent's working folder.
 *
 * <p>Before the run {@code Stinger.opt} beside the program (settings left by an earlier run) is
 * deleted. Command: {@code stinger64.exe --GO --SILENT --REPORTPATH=<logs_dir>
 * [--SCANPATH=<dir> --NOBOOT --NOPROCESS --NOREGISTRY --NOROOTKIT --NOWMI [--NOSUB]] (--DELETE |
 * --REPORTONLY) [--PROGRAM] <additional…>}, run in Stinger's folder, stdin closed; each {@code
 * --X=<path>} is one argument without embedded quotes. The original ran Stinger with its pipes
 * undrained (a deadlock once it printed more than a pipe holds); here the process runner reads
 * both streams throughout. While Stinger runs, every 10 s progress is reported (elapsed time
 * against the timeout; Stinger prints no percentage) and the newest {@code Stinger_*.html} is
 * watched: after 300 s without it growing a warning is logged, but the scan is only stopped by the
 * timeout. Afterwards the newest {@code Stinger_*.html} in {@code logs_dir} written during this run
 * is parsed ({@link StingerLogParser}, UTF-8 with invalid bytes replaced).
 *
 * <p>Result ({@code summary.results}, the original's keys): {@code intent{silent, logs_dir,
 * scan_scope ("smart_scan") | scan_path + folder_scan_only + scan_subdirectories, action,
 * include_pups, additional_args}, version, engine_version, virus_data_version, virus_count,
 * scan_start_time, scan_end_time, total_files, clean_files, not_scanned, infected_files,
 * infections[{file_path, md5, threat_name}], [parse_errors], log_file, exit_code, stdout_excerpt,
 * stderr_excerpt} (last 1200 characters), {@code timed_out, scan_duration_seconds,
 * health_check_status} ({@code ok | log_idle | timed_out}), and {@code error, error_hint} on error.
 * {@code summary.human_readable}: {@code verdict} ({@code clean | infections_removed |
 * infections_reported | unknown | incomplete | error}), {@code files_scanned, infections_found,
 * notes}, {@code reason} unless success. The top-level {@code command} is the argument list.
 *
 * <p>Status: exit code 0 and no infections → {@code success}; infections found → {@code warning}
 * listing them (removed with {@code --DELETE}, only reported with {@code --REPORTONLY}; the original
 * said success); exit code 0 but a log without its summary → {@code warning}; exit code ≠ 0 → {@code
 * error} with {@code error_hint} (1 general error, 5 access denied); timeout → {@code error} with
 * what the log held so far ({@code timed_out: true}, exit code -1); no log written → {@code error};
 * bad parameters → {@code error} with {@code error} and {@code error_hint}.
 */
public final class StingerScanHandler implements TaskHandler {
  static final Duration POLL_INTERVAL = Duration.ofSeconds(10);
  static final Duration IDLE_WARNING = Duration.ofSeconds(300);

  private static final ParamSchema PARAMS =
      ParamSchema.of(
          ParamSpec.optional("executable_path", ParamType.STRING, "stinger64.exe (or its folder)."),
          ParamSpec.optional("action", ParamType.STRING, "What to do with infected files: delete or report.")
              .withDefault(TextNode.valueOf("delete"))
              .withChoices("delete", "report"),
          ParamSpec.optional("include_pups", ParamType.BOOLEAN, "Also detect potentially unwanted programs (--PROGRAM).")
              .withDefault(BooleanNode.FALSE),
          ParamSpec.optional("logs_dir", ParamType.STRING, "Folder for Stinger's HTML log (created; default: Stinger's folder)."),
          ParamSpec.optional("scan_path", ParamType.STRING, "Scan only this existing folder (default: Stinger's smart scan)."),
          ParamSpec.optional("scan_subdirectories", ParamType.BOOLEAN, "With scan_path: include its subfolders.")
              .withDefault(BooleanNode.TRUE),
          ParamSpec.optional("timeout_minutes", ParamType.INTEGER, "How long the scan may run, in minutes.")
              .withDefault(LongNode.valueOf(StingerCommand.DEFAULT_TIMEOUT_MINUTES))
              .withRange(1.0, 1440.0),
          ParamSpec.optional("additional_args", ParamType.STRING_LIST, "Extra Stinger options (--NAME or --NAME=value)."));

  private final Duration pollInterval;
  private final Duration idleWarning;

  public StingerScanHandler() {
    this(POLL_INTERVAL, IDLE_WARNING);
  }

  /** With other monitoring times (tests). */
  StingerScanHandler(Duration pollInterval, Duration idleWarning) {
    this.pollInterval = pollInterval;
    this.idleWarning = idleWarning;
  }

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
        "trellix_stinger_scan",
        "Scans for and removes malware with Trellix Stinger and reads its HTML log.",
        PARAMS,
        Duration.ofMinutes(StingerCommand.DEFAULT_TIMEOUT_MINUTES))
        .runs(Tool.STINGER)
        .onlyOnWindows();
  }

  @Override
  public Duration defaultTimeout(TaskParams params) {
    try {
      return Duration.ofMinutes(StingerCommand.timeoutMinutes(params));
    } catch (IllegalArgumentException e) {
      return descriptor().defaultTimeout();
    }
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    ToolCall call = ctx.tool(Tool.STINGER);
    Path exe;
    try {
      exe = call.locate();
    } catch (ToolNotRun e) {
      return StingerOutcome.invalid(e.reason(), "Install Trellix Stinger or set executable_path to stinger64.exe.");
    }
    StingerCommand cmd;
    try {
      cmd = StingerCommand.build(ctx.params(), exe, Path.of("").toAbsolutePath());
    } catch (IllegalArgumentException e) {
      return StingerOutcome.invalid(e.getMessage(), "Fix the task's parameters.");
    }
    deleteOptionsFile(exe.getParent().resolve("Stinger.opt"), ctx);

    call.args(cmd.args()).charset(ToolCharset.oem()).workingDir(exe.getParent());
    // timeout_minutes is the task's default timeout; a plan's timeout_seconds overrides it unless
    // timeout_minutes was given too, and then the shorter one applies.
    if (ctx.params().has("timeout_minutes")) {
      call.timeout(Duration.ofMinutes(cmd.timeoutMinutes()));
    }
    long startedMillis = System.currentTimeMillis();
    ToolRun result;
    StingerMonitor monitor =
        new StingerMonitor(ctx, cmd.logsDir(), startedMillis, call.timeLimit(), pollInterval, idleWarning);
    monitor.start();
    try {
      result = call.run();
    } catch (ToolNotRun e) {
      return e.withCommand(StingerOutcome.invalid(e.reason(), "Check that " + exe + " can be run."));
    } finally {
      monitor.close();
    }
    // After a timeout the executor may interrupt this thread: finish reading the log regardless.
    boolean interrupted = Thread.interrupted();
    try {
      boolean timedOut = result.timedOut() || (result.cancelled() && ctx.remaining().isZero());
      String stopped = timedOut ? "timeout" : result.cancelled() ? reason(ctx) : null;
      Optional<StingerLogs.Stamp> found = StingerLogs.newest(cmd.logsDir(), startedMillis);
      StingerLog log = null;
      List<String> readErrors = new ArrayList<>();
      if (found.isPresent()) {
        try {
          StingerLogs.Text text = StingerLogs.read(found.get().path());
          log = StingerLogParser.parse(text.text());
          if (text.malformed()) {
            readErrors.add("the log is not valid UTF-8; invalid bytes were replaced (U+FFFD)");
          }
          if (text.cut()) {
            readErrors.add("the log is larger than " + (StingerLogs.MAX_BYTES >> 20) + " MB; only its start was read");
          }
        } catch (IOException e) {
          readErrors.add("the log could not be read: " + e.getMessage());
          log = StingerLogParser.parse("");
        }
        if (!readErrors.isEmpty()) {
          readErrors.addAll(0, log.parseErrors());
          log = new StingerLog(log.version(), log.engineVersion(), log.virusDataVersion(), log.virusCount(),
              log.scanStartTime(), log.scanEndTime(), log.totalFiles(), log.cleanFiles(), log.notScanned(),
              log.infectedFiles(), log.infections(), readErrors);
        }
      }
      String health = timedOut ? "timed_out" : monitor.everIdle() ? "log_idle" : "ok";
      StingerOutcome.Run run = new StingerOutcome.Run(log, found.map(s -> s.path().toString()).orElse(null),
          timedOut ? -1 : result.exitCode(), result.stdout(), result.stderr(), stopped, timedOut, health,
          result.elapsed().toMillis() / 1000.0, result.timeout());
      return result.withCommand(StingerOutcome.build(cmd, run));
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String reason(TaskContext ctx) {
    String r = ctx.cancellation().reason();
    return r == null ? "cancelled" : r;
  }

  /** Deletes Stinger's saved settings so an earlier run's options cannot override this one's. */
  static void deleteOptionsFile(Path opt, TaskContext ctx) {
    if (!Files.exists(opt)) {
      return;
    }
    try {
      try {
        Files.setAttribute(opt, "dos:readonly", false);
      } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
        opt.toFile().setWritable(true);
      }
      Files.delete(opt);
      ctx.log("Deleted " + opt + " (settings of an earlier Stinger run)");
    } catch (IOException | RuntimeException e) {
      ctx.log("Warning: could not delete " + opt + ": " + e.getMessage());
    }
  }
}
