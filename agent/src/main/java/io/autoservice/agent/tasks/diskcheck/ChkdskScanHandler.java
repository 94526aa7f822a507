package io.autoservice.agent.tasks.diskcheck;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.ToolNotRun;
import io.autoservice.agent.tasks.ToolRun;
import io.autoservice.agent.tasks.support.JsonPuts;
import io.autoservice.agent.tasks.support.Tails;
import io.autoservice.agent.tools.Tool;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.plan.TaskParams;
import io.autoservice.common.result.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code chkdsk_scan}: checks a volume's file system with Windows' {@code chkdsk}.
 *
 * <p>On a busy volume chkdsk asks a (Y/N) question. Standard input is closed, so the prompt reads
 * end-of-file and chkdsk goes on without scheduling, unless {@code schedule_if_busy} answers {@code
 * Y}; the original let chkdsk inherit its stdin, where it could wait forever. chkdsk writes the OEM
 * code page (e.g. CP850 on a German PC). The status follows chkdsk's exit code first, whatever the
 * display language ({@link ChkdskVerdict}).
 *
 * <p>Specification: docs/tasks.md#chkdsk_scan.
 */
public final class ChkdskScanHandler implements TaskHandler {
  static final Duration TIMEOUT = Duration.ofSeconds(3600);
  static final int PREVIEW_CHARS = 1000;
  static final int OUTPUT_CHARS = 32_000;
  static final List<String> MODES = List.of("read_only", "fix_errors", "comprehensive");
  static final byte[] YES = "Y\r\n".getBytes(StandardCharsets.US_ASCII);

  private static final ParamSchema PARAMS =
      ParamSchema.of(
          ParamSpec.optional("drive", ParamType.STRING, "Drive letter to check, e.g. C:.")
              .withDefault(TextNode.valueOf("C:")),
          ParamSpec.optional(
                  "mode", ParamType.STRING, "read_only, fix_errors (/f) or comprehensive (/f /r).")
              .withDefault(TextNode.valueOf("read_only"))
              .withChoices(MODES.toArray(String[]::new)),
          ParamSpec.optional(
                  "schedule_if_busy",
                  ParamType.BOOLEAN,
                  "Answer Y if chkdsk asks to schedule (or dismount).")
              .withDefault(BooleanNode.FALSE),
          ParamSpec.optional(
              "executable_path", ParamType.STRING, "The chkdsk program (or its folder) to use."));

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
            "chkdsk_scan",
            "Checks a drive's file system with chkdsk (read-only, fix errors, or fix and scan for bad sectors).",
            PARAMS,
            TIMEOUT)
        .runs(Tool.CHKDSK)
        .onlyOnWindows();
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    TaskParams params = ctx.params();
    String driveParam = params.string("drive").orElse("C:");
    Optional<String> drive = DiskText.drive(driveParam);
    if (drive.isEmpty()) {
      return failure(
          "drive must be a drive letter such as C: (got \"" + driveParam + "\")", null, null);
    }
    String mode = params.string("mode").orElse("read_only").strip().toLowerCase(Locale.ROOT);
    if (!MODES.contains(mode)) {
      return failure(
          "Invalid mode \"" + mode + "\": expected one of " + String.join(", ", MODES),
          drive.get(),
          mode);
    }
    boolean scheduleIfBusy = params.flag("schedule_if_busy");
    ChkdskProgress tracker = new ChkdskProgress(mode.equals("comprehensive") ? 5 : 3);
    ToolRun run;
    try {
      run =
          ctx.tool(Tool.CHKDSK)
              .args(args(drive.get(), mode))
              .timeout(TIMEOUT)
              .charset(ToolCharset.oem())
              .stdin(scheduleIfBusy ? YES : null)
              .onStdout(
                  line -> {
                    synchronized (tracker) {
                      tracker.accept(line).ifPresent(s -> ctx.progress(s.percent(), s.message()));
                    }
                  })
              .run();
    } catch (ToolNotRun e) {
      return e.withCommand(failure(e.reason(), drive.get(), mode));
    }
    double elapsed = run.elapsed().toMillis() / 1000.0;
    return run.withCommand(
        outcome(
            drive.get(),
            mode,
            scheduleIfBusy,
            run.stdoutLines(),
            run.stderrLines(),
            run.exitCode(),
            elapsed));
  }

  /** chkdsk's arguments: {@code C:}, {@code C: /f}, {@code C: /f /r}. */
  static List<String> args(String drive, String mode) {
    List<String> cmd = new ArrayList<>(List.of(drive));
    if (!mode.equals("read_only")) {
      cmd.add("/f");
    }
    if (mode.equals("comprehensive")) {
      cmd.add("/r");
    }
    return cmd;
  }

  /** Builds the outcome from a finished (or stopped) run's output. */
  static TaskOutcome outcome(
      String drive,
      String mode,
      boolean scheduleIfBusy,
      List<String> stdout,
      List<String> stderr,
      int exitCode,
      double elapsedSeconds) {
    List<String> all = new ArrayList<>(stdout);
    all.addAll(stderr);
    ChkdskOutput p = ChkdskOutputParser.parse(all);
    ChkdskVerdict v =
        ChkdskVerdict.decide(
            p, drive, mode, scheduleIfBusy, exitCode, String.join(" | ", Tails.last(all, 3)));
    p = v.consistent(p);

    String text = String.join("\n", all);
    ObjectNode r = Json.object();
    r.put("found_no_problems", p.foundNoProblems());
    r.put("errors_found", p.errorsFound());
    r.put("volume_in_use", p.volumeInUse());
    r.put("prompted", p.prompted());
    r.put("made_corrections", p.madeCorrections());
    r.put("access_denied", p.accessDenied());
    r.put("invalid_drive", p.invalidDrive());
    JsonPuts.put(r, "filesystem_type", p.filesystemType());
    JsonPuts.put(r, "total_disk_kb", p.totalDiskKb());
    JsonPuts.put(r, "in_files_kb", p.inFilesKb());
    JsonPuts.put(r, "in_indexes_kb", p.inIndexesKb());
    JsonPuts.put(r, "bad_sectors_kb", p.badSectorsKb());
    JsonPuts.put(r, "system_use_kb", p.systemUseKb());
    JsonPuts.put(r, "available_kb", p.availableKb());
    JsonPuts.put(
        r,
        "duration_seconds",
        p.durationSeconds() != null ? p.durationSeconds() : elapsedSeconds,
        3);
    r.put("return_code", exitCode);
    r.put("drive", drive);
    r.put("mode", mode);
    r.put("output_preview", Tails.lastChars(text, PREVIEW_CHARS));
    r.put(
        "output",
        text.length() <= OUTPUT_CHARS
            ? text
            : "[… "
                + (text.length() - OUTPUT_CHARS)
                + " characters omitted …]\n"
                + Tails.lastChars(text, OUTPUT_CHARS));
    r.put("scheduled", v.scheduled());
    if (v.note() != null) {
      r.put("note", v.note());
    }
    if (v.status() == TaskStatus.WARNING) {
      r.put("warning", v.reason());
    } else if (v.status() == TaskStatus.ERROR) {
      r.put("error", v.reason());
    }
    r.put("verdict", v.verdict());
    r.put("severity", v.severity());

    ObjectNode hr = Json.object();
    hr.put("verdict", v.verdict());
    hr.put("severity", v.severity());
    ArrayNode notes = hr.putArray("notes");
    v.notes(p).forEach(notes::add);
    if (v.status() != TaskStatus.SUCCESS) {
      hr.put("reason", v.reason());
    }
    return TaskOutcome.of(v.status(), hr, r);
  }

  /** An error before or instead of a run, with the keys known so far. */
  private static TaskOutcome failure(String reason, String drive, String mode) {
    ObjectNode r = Json.object();
    if (drive != null) {
      r.put("drive", drive);
    }
    if (mode != null) {
      r.put("mode", mode);
    }
    r.put("error", reason);
    r.put("verdict", "CHKDSK did not run");
    r.put("severity", "error");
    ObjectNode hr =
        Json.object()
            .put("verdict", "CHKDSK did not run")
            .put("severity", "error")
            .put("reason", reason);
    hr.putArray("notes");
    return TaskOutcome.of(TaskStatus.ERROR, hr, r);
  }
}
