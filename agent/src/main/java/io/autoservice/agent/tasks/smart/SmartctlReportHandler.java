package io.autoservice.agent.tasks.smart;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.ToolNotRun;
import io.autoservice.agent.tasks.ToolRun;
import io.autoservice.agent.tasks.support.Durations;
import io.autoservice.agent.tasks.support.JsonPuts;
import io.autoservice.agent.tasks.support.Tails;
import io.autoservice.agent.tools.Tool;
import io.autoservice.agent.tools.ToolNotFoundException;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code smartctl_report}: the SMART health of every drive smartctl can see.
 *
 * <p>smartctl's exit code is a bit mask, not a verdict ({@link SmartctlExitStatus}), so its JSON is
 * read whatever the code. Disks behind one RAID controller share one device name, so the scan's
 * type is passed too, else smartctl would read the same disk twice. A machine with no drive at all
 * (a VM) is {@code skipped}: nothing is wrong with it.
 *
 * <p>Specification: docs/tasks.md#smartctl_report.
 */
public final class SmartctlReportHandler implements TaskHandler {
  static final int PROCESS_TIMEOUT_MINUTES = 2;
  static final Duration PROCESS_TIMEOUT = Duration.ofMinutes(PROCESS_TIMEOUT_MINUTES);
  static final int PREVIEW_CHARS = 1000;

  /** A device name: no blanks, not starting with {@code -} (it must not read as an option). */
  private static final Pattern DEVICE_NAME = Pattern.compile("(?!-)[\\w/.:,+@\\[\\]#-]{1,200}");

  /** A scan type passed back to {@code -d}. */
  private static final Pattern DEVICE_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9,+_-]{0,63}");

  private static final ParamSchema PARAMS =
      ParamSchema.of(
          ParamSpec.optional(
              "executable_path", ParamType.STRING, "smartctl (or its folder) to use."),
          ParamSpec.optional(
                  "detail_level",
                  ParamType.STRING,
                  "basic, or full to add each drive's raw smartctl JSON.")
              .withDefault(Json.mapper().getNodeFactory().textNode("basic"))
              .withChoices("basic", "full"),
          ParamSpec.optional(
              "devices",
              ParamType.STRING_LIST,
              "Device names from smartctl --scan to report on (default: all)."));

  private final Duration processTimeout;

  public SmartctlReportHandler() {
    this(PROCESS_TIMEOUT);
  }

  /** With another per-process timeout (tests). */
  SmartctlReportHandler(Duration processTimeout) {
    this.processTimeout = processTimeout;
  }

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
            "smartctl_report",
            "SMART health, wear, hours, errors and temperature of every drive smartctl can see.",
            PARAMS,
            Duration.ofMinutes(10))
        .runs(Tool.SMARTCTL);
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    String detail =
        ctx.params().string("detail_level").orElse("basic").strip().toLowerCase(Locale.ROOT);
    if (!detail.equals("basic") && !detail.equals("full")) {
      return failure("detail_level must be basic or full, got \"" + detail + "\"", null);
    }
    List<String> requested = ctx.params().strings("devices");
    for (String d : requested) {
      if (!DEVICE_NAME.matcher(d).matches()) {
        return failure("devices: \"" + d + "\" is not a device name", null);
      }
    }
    Path exe;
    try {
      exe = consoleSmartctl(ctx.tool(Tool.SMARTCTL).locate());
    } catch (ToolNotRun e) {
      return failure(e.reason(), null);
    } catch (ToolNotFoundException e) {
      return failure(e.getMessage(), null);
    }

    List<String> scanCmd = List.of(exe.toString(), "--scan", "-j");
    ctx.progress(0, "Scanning for drives");
    ToolRun scan;
    try {
      scan = smartctl(ctx, exe, scanCmd);
    } catch (ToolNotRun e) {
      return failure(e.reason(), scanCmd);
    }
    if (scan.timedOut() || scan.cancelled()) {
      return failure(
          "smartctl --scan did not finish"
              + (scan.cancelled() ? " (cancelled)" : " within " + Durations.text(scan.timeout())),
          scanCmd);
    }
    SmartctlOutputParser.ScanOutput so = SmartctlOutputParser.parseScan(scan.stdout());
    int scanExit = scan.exitCode();
    if (!so.jsonFound()) {
      String last = Tails.lastLine(output(scan));
      TaskOutcome o =
          failure(
              "smartctl --scan printed no JSON (exit code "
                  + scanExit
                  + ")"
                  + (last.isEmpty() ? "" : ": " + last),
              scanCmd);
      ((ObjectNode) o.summary().get("results")).put("output_preview", preview(scan));
      return o;
    }
    if (so.devices().isEmpty()
        && (SmartctlExitStatus.has(scanExit, SmartctlExitStatus.COMMAND_LINE)
            || !so.errorMessages().isEmpty())) {
      String why =
          so.errorMessages().isEmpty()
              ? String.join("; ", SmartctlExitStatus.notes(scanExit))
              : String.join("; ", so.errorMessages());
      return failure("smartctl --scan failed: " + why, scanCmd);
    }

    SmartctlReport report = new SmartctlReport(scanCmd);
    report.scanExit(scanExit);
    List<ScanDevice> targets = targets(so.devices(), requested, report);
    report.queried(targets.size());
    Map<String, Integer> nameCount = new HashMap<>();
    targets.forEach(t -> nameCount.merge(t.name(), 1, Integer::sum));

    for (int i = 0; i < targets.size(); i++) {
      if (ctx.cancellation().isCancelled()) {
        break;
      }
      ScanDevice t = targets.get(i);
      ctx.progress(
          100.0 * i / targets.size(),
          "Reading " + t.label() + " (" + (i + 1) + " of " + targets.size() + ")");
      List<String> cmd = new ArrayList<>(List.of(exe.toString(), "-a"));
      if (nameCount.get(t.name()) > 1
          && t.type() != null
          && DEVICE_TYPE.matcher(t.type()).matches()) {
        cmd.addAll(List.of("-d", t.type()));
      }
      cmd.addAll(List.of(t.name(), "-j"));
      readDevice(ctx, exe, t, cmd, detail.equals("full"), report);
    }
    ctx.progress(100, "Done");
    return report.outcome(!requested.isEmpty());
  }

  private void readDevice(
      TaskContext ctx,
      Path exe,
      ScanDevice t,
      List<String> cmd,
      boolean full,
      SmartctlReport report) {
    ToolRun r;
    try {
      r = smartctl(ctx, exe, cmd);
    } catch (ToolNotRun e) {
      report.error(t.label(), e.reason(), cmd, null);
      return;
    }
    int code = r.exitCode();
    if (r.timedOut() || r.cancelled()) {
      report.error(
          t.label(),
          r.cancelled()
              ? "cancelled"
              : "the drive did not answer within " + Durations.text(r.timeout()),
          cmd,
          code);
      return;
    }
    SmartctlOutputParser.DeviceOutput d = SmartctlOutputParser.parseDevice(r.stdout(), t.name());
    List<String> complaints = new ArrayList<>(d.messages());
    if (!r.stderr().isBlank()) {
      complaints.add(r.stderr().strip());
    }
    if (d.drive() == null && SmartctlOutputParser.mentionsUsbBridge(complaints)) {
      report.skip(t.label(), "usb_or_bridge", String.join("; ", complaints));
      return;
    }
    if (d.json() == null) {
      report.error(
          t.label(), "smartctl printed no JSON (exit code " + code + "): " + preview(r), cmd, code);
      return;
    }
    if (d.drive() == null) {
      boolean failed =
          !d.errorMessages().isEmpty()
              || SmartctlExitStatus.has(code, SmartctlExitStatus.OPEN_FAILED)
              || SmartctlExitStatus.has(code, SmartctlExitStatus.COMMAND_LINE);
      if (failed) {
        report.error(t.label(), explain(d.errorMessages(), code), cmd, code);
      } else {
        report.skip(t.label(), "no_identity", "smartctl's JSON names no device and no model");
      }
      return;
    }
    report.drive(d.drive(), code, d.messages(), cmd, full ? d.json() : null);
  }

  /** The scan's devices to query: USB entries and unrequested ones are left out (and noted). */
  private static List<ScanDevice> targets(
      List<ScanDevice> scanned, List<String> requested, SmartctlReport report) {
    List<ScanDevice> out = new ArrayList<>();
    List<String> usb = new ArrayList<>();
    for (ScanDevice d : scanned) {
      if (!DEVICE_NAME.matcher(d.name()).matches()) {
        report.skip(d.name(), "invalid_name", "not passed to smartctl: it could read as an option");
      } else if (d.looksUsb()) {
        report.skip(d.name(), "usb", d.label());
        usb.add(d.name());
      } else if (requested.isEmpty() || requested.contains(d.name())) {
        out.add(d);
      }
    }
    for (String r : requested) {
      if (out.stream().noneMatch(d -> d.name().equals(r))) {
        report.skip(
            r,
            usb.contains(r) ? "requested_but_skipped_or_missing" : "requested_but_missing",
            null);
      }
    }
    return out;
  }

  /** smartctl's error messages (or the exit code's meaning), with a hint for access denied. */
  static String explain(List<String> errorMessages, int code) {
    String text =
        errorMessages.isEmpty()
            ? String.join("; ", SmartctlExitStatus.notes(code))
            : String.join("; ", errorMessages);
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.contains("error=5")
        || lower.contains("permission denied")
        || lower.contains("access is denied")) {
      text += " (access denied: the agent must run as administrator/root to read SMART data)";
    }
    return text;
  }

  /** GSmartControl's GUI was named: use the console smartctl beside it, as the original UI did. */
  static Path consoleSmartctl(Path exe) throws ToolNotFoundException {
    String file =
        exe.getFileName() == null ? "" : exe.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!file.startsWith("gsmartcontrol")) {
      return exe;
    }
    for (String name : Tool.SMARTCTL.executableNames()) {
      Path sibling = exe.resolveSibling(name);
      if (Files.isRegularFile(sibling)) {
        return sibling;
      }
    }
    throw new ToolNotFoundException(
        Tool.SMARTCTL,
        List.of(exe.getParent() + " (beside GSmartControl's GUI " + exe.getFileName() + ")"));
  }

  /**
   * One smartctl run of {@code cmd} (the located {@code exe} and its arguments): UTF-8 JSON, kept
   * out of the log.
   */
  private ToolRun smartctl(TaskContext ctx, Path exe, List<String> cmd) throws ToolNotRun {
    return ctx.tool(Tool.SMARTCTL)
        .at(exe)
        .args(cmd.subList(1, cmd.size()))
        .timeout(processTimeout)
        .charset(ToolCharset.utf8())
        .quiet()
        .run();
  }

  private static List<String> output(ToolRun r) {
    List<String> all = new ArrayList<>(r.stdoutLines());
    all.addAll(r.stderrLines());
    return all;
  }

  /** The last characters of stdout and stderr, for a reason. */
  private static String preview(ToolRun r) {
    return Tails.lastChars((r.stdout() + "\n" + r.stderr()).strip(), PREVIEW_CHARS);
  }

  /** An error before any drive was read, with the keys the UI expects. */
  private static TaskOutcome failure(String reason, List<String> scanCmd) {
    ObjectNode results = Json.object();
    results.putArray("drives");
    results.put("queried_devices", 0);
    ArrayNode cmd = JsonPuts.strings(scanCmd);
    results.set("scan_command", cmd);
    results.putArray("skipped_devices");
    results.putArray("errors");
    results.put("error", reason);
    TaskOutcome o = TaskOutcome.reason(TaskStatus.ERROR, reason, results);
    return scanCmd == null ? o : o.withExtra("command", cmd.deepCopy());
  }
}
