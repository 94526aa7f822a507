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
 * {@code trellix_stinger_scan}: scans for malware with Trellix Stinger.
 *
 * <p>Stinger prints no percentage and reports only through its HTML log, so progress is the elapsed
 * time against the timeout and the result is the newest {@code Stinger_*.html} written during this
 * run. The original left Stinger's pipes undrained, a deadlock once it printed more than a pipe
 * holds; here both streams are read throughout. A {@code Stinger.opt} left by an earlier run would
 * change this run's settings, so it is deleted first.
 *
 * <p>Specification: docs/tasks.md#trellix_stinger_scan.
 */
public final class StingerScanHandler implements TaskHandler {
  static final Duration POLL_INTERVAL = Duration.ofSeconds(10);
  static final Duration IDLE_WARNING = Duration.ofSeconds(300);

  private static final ParamSchema PARAMS =
      ParamSchema.of(
          ParamSpec.optional("executable_path", ParamType.STRING, "stinger64.exe (or its folder)."),
          ParamSpec.optional(
                  "action", ParamType.STRING, "What to do with infected files: delete or report.")
              .withDefault(TextNode.valueOf("delete"))
              .withChoices("delete", "report"),
          ParamSpec.optional(
                  "include_pups",
                  ParamType.BOOLEAN,
                  "Also detect potentially unwanted programs (--PROGRAM).")
              .withDefault(BooleanNode.FALSE),
          ParamSpec.optional(
              "logs_dir",
              ParamType.STRING,
              "Folder for Stinger's HTML log (created; default: Stinger's folder)."),
          ParamSpec.optional(
              "scan_path",
              ParamType.STRING,
              "Scan only this existing folder (default: Stinger's smart scan)."),
          ParamSpec.optional(
                  "scan_subdirectories",
                  ParamType.BOOLEAN,
                  "With scan_path: include its subfolders.")
              .withDefault(BooleanNode.TRUE),
          ParamSpec.optional(
                  "timeout_minutes", ParamType.INTEGER, "How long the scan may run, in minutes.")
              .withDefault(LongNode.valueOf(StingerCommand.DEFAULT_TIMEOUT_MINUTES))
              .withRange(1.0, 1440.0),
          ParamSpec.optional(
              "additional_args",
              ParamType.STRING_LIST,
              "Extra Stinger options (--NAME or --NAME=value)."));

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
      return StingerOutcome.invalid(
          e.reason(), "Install Trellix Stinger or set executable_path to stinger64.exe.");
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
        new StingerMonitor(
            ctx, cmd.logsDir(), startedMillis, call.timeLimit(), pollInterval, idleWarning);
    monitor.start();
    try {
      result = call.run();
    } catch (ToolNotRun e) {
      return e.withCommand(
          StingerOutcome.invalid(e.reason(), "Check that " + exe + " can be run."));
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
            readErrors.add(
                "the log is larger than "
                    + (StingerLogs.MAX_BYTES >> 20)
                    + " MB; only its start was read");
          }
        } catch (IOException e) {
          readErrors.add("the log could not be read: " + e.getMessage());
          log = StingerLogParser.parse("");
        }
        if (!readErrors.isEmpty()) {
          readErrors.addAll(0, log.parseErrors());
          log =
              new StingerLog(
                  log.version(),
                  log.engineVersion(),
                  log.virusDataVersion(),
                  log.virusCount(),
                  log.scanStartTime(),
                  log.scanEndTime(),
                  log.totalFiles(),
                  log.cleanFiles(),
                  log.notScanned(),
                  log.infectedFiles(),
                  log.infections(),
                  readErrors);
        }
      }
      String health = timedOut ? "timed_out" : monitor.everIdle() ? "log_idle" : "ok";
      StingerOutcome.Run run =
          new StingerOutcome.Run(
              log,
              found.map(s -> s.path().toString()).orElse(null),
              timedOut ? -1 : result.exitCode(),
              result.stdout(),
              result.stderr(),
              stopped,
              timedOut,
              health,
              result.elapsed().toMillis() / 1000.0,
              result.timeout());
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
