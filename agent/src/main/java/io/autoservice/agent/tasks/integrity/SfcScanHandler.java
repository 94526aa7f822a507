package io.autoservice.agent.tasks.integrity;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.process.OemCodePage;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.ToolNotRun;
import io.autoservice.agent.tasks.ToolRun;
import io.autoservice.agent.tasks.integrity.SfcOutput.Verdict;
import io.autoservice.agent.tasks.support.Durations;
import io.autoservice.agent.tasks.support.JsonPuts;
import io.autoservice.agent.tools.Tool;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.result.TaskStatus;
import java.time.Duration;
import java.time.LocalDateTime;

/**
 * {@code sfc_scan}: runs the System File Checker, {@code sfc /scannow}, and reports whether
 * protected system files were corrupt and repaired.
 *
 * <p>SFC writes UTF-16LE to a pipe, so its output is decoded with {@link ToolCharset#auto}. Its
 * console text is translated, but the {@code [SR]} lines it writes to CBS.log ({@link CbsLog}) are
 * English on every Windows, so those decide the verdict and the console's closing sentence ({@link
 * SfcPhrases}) is the fallback.
 *
 * <p>Specification: docs/tasks.md#sfc_scan.
 */
public final class SfcScanHandler implements TaskHandler {
  static final long TIMEOUT_SECONDS = 3600;

  private static final ParamSchema PARAMS =
      ParamSchema.of(
          ParamSpec.optional(
              "executable_path", ParamType.STRING, "sfc.exe (or its folder) to use."));

  private final CbsLog cbsLog;

  public SfcScanHandler() {
    this(CbsLog.system(System.getenv()));
  }

  /**
   * @param cbsLog where this run's {@code [SR]} lines are read (the verdict in any display
   *     language)
   */
  public SfcScanHandler(CbsLog cbsLog) {
    this.cbsLog = cbsLog;
  }

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
            "sfc_scan",
            "System File Checker (sfc /scannow): finds and repairs corrupt protected system files.",
            PARAMS,
            Duration.ofSeconds(TIMEOUT_SECONDS))
        .runs(Tool.SFC)
        .onlyOnWindows();
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    LocalDateTime started = cbsLog.now();
    ToolRun run;
    try {
      run =
          ctx.tool(Tool.SFC)
              .args("/scannow")
              .charset(ToolCharset.auto(OemCodePage.current()))
              .onStdout(
                  line ->
                      SfcOutputParser.progress(line).ifPresent(p -> ctx.progress(p, line.strip())))
              .run();
    } catch (ToolNotRun e) {
      return e.outcome();
    }
    String timedOut =
        run.timedOut() ? "SFC scan timed out after " + Durations.text(run.timeout()) : null;
    // CBS.log's lines of this run (English on every Windows) decide; the console is the fallback.
    SfcOutput parsed =
        SfcOutputParser.parse(run.stdoutLines())
            .withCbs(CbsSfcFindings.of(cbsLog.sfcLinesSince(started)));
    return run.withCommand(outcome(parsed, run.exitCode(), run.stderr().strip(), timedOut))
        .withExtra("return_code", IntNode.valueOf(run.exitCode()));
  }

  /**
   * The outcome for a parsed output and exit code ({@code timedOut}: the reason, or null). Pure.
   */
  static TaskOutcome outcome(SfcOutput p, int rc, String stderr, String timedOut) {
    TaskStatus status;
    String sentence;
    String lastLine = lastLine(p.message());
    if (timedOut != null) {
      status = TaskStatus.ERROR;
      sentence =
          timedOut
              + (p.lastPercent() == null ? "." : " (verification at " + p.lastPercent() + "%).");
    } else if (p.accessDenied()) {
      status = TaskStatus.ERROR;
      sentence = "SFC requires administrator rights: run the agent elevated (as administrator).";
    } else if (p.pendingReboot()) {
      status = TaskStatus.WARNING;
      sentence = "A system repair is pending: restart Windows, then run SFC again.";
    } else if (p.winsxsRepairPending()) {
      status = TaskStatus.WARNING;
      sentence =
          "Component store corruption detected: run DISM /RestoreHealth first, then SFC again.";
    } else if (!p.verificationComplete() && rc != 0) {
      status = TaskStatus.ERROR;
      sentence =
          "SFC scan did not complete (exit code "
              + rc
              + ")"
              + (lastLine.isEmpty() ? "." : ": " + lastLine);
    } else if (Boolean.FALSE.equals(p.integrityViolations())) {
      status = TaskStatus.SUCCESS;
      sentence = "No integrity violations found. System files are healthy.";
    } else if (Boolean.TRUE.equals(p.repairsSuccessful())) {
      status = TaskStatus.SUCCESS;
      sentence = "Corrupt files were found and successfully repaired.";
    } else if (Boolean.FALSE.equals(p.repairsSuccessful())) {
      status = p.verdict() == Verdict.COULD_NOT_PERFORM ? TaskStatus.ERROR : TaskStatus.WARNING;
      sentence =
          p.verdict() == Verdict.COULD_NOT_PERFORM
              ? "Windows Resource Protection could not perform the requested operation: restart Windows"
                  + " (or use safe mode), run DISM /RestoreHealth, then run SFC again."
              : "Corrupt files found but some could not be repaired: see C:\\Windows\\Logs\\CBS\\CBS.log"
                  + " and run DISM /RestoreHealth, then SFC again.";
    } else if (Boolean.TRUE.equals(p.integrityViolations()) && p.repairsAttempted()) {
      status = rc == 0 ? TaskStatus.SUCCESS : TaskStatus.WARNING;
      sentence =
          rc == 0
              ? "Corrupt system files were found and repairs completed."
              : "System file issues detected (exit code "
                  + rc
                  + "): see C:\\Windows\\Logs\\CBS\\CBS.log.";
    } else if (rc == 0) {
      status = TaskStatus.WARNING;
      sentence =
          "SFC finished but its verdict could not be read (unrecognised or non-English output)"
              + (lastLine.isEmpty() ? "." : "; last line: " + lastLine);
    } else {
      status = TaskStatus.ERROR;
      sentence =
          "SFC scan failed with exit code " + rc + (lastLine.isEmpty() ? "." : ": " + lastLine);
    }

    ObjectNode results = Json.object();
    JsonPuts.put(results, "integrity_violations", p.integrityViolations());
    results.put("repairs_attempted", p.repairsAttempted());
    JsonPuts.put(results, "repairs_successful", p.repairsSuccessful());
    results.put("verification_complete", p.verificationComplete());
    results.put("pending_reboot", p.pendingReboot());
    results.put("access_denied", p.accessDenied());
    results.put("winsxs_repair_pending", p.winsxsRepairPending());
    results.put("message", p.message());
    results.put("return_code", rc);
    results.put(
        status == TaskStatus.SUCCESS
            ? "verdict"
            : status == TaskStatus.WARNING ? "warning" : "error",
        sentence);
    if (stderr != null && !stderr.isEmpty()) {
      results.put("stderr", stderr);
    }
    results.put("raw_output_preview", p.preview());
    results.put("verdict_source", p.fromCbsLog() ? "cbs_log" : "console");

    ObjectNode hr = Json.object().put("verdict", sentence);
    if (status != TaskStatus.SUCCESS) {
      hr.put("reason", sentence);
    }
    return TaskOutcome.of(status, hr, results);
  }

  private static String lastLine(String message) {
    int nl = message.lastIndexOf('\n');
    return (nl < 0 ? message : message.substring(nl + 1)).strip();
  }
}
