package io.autoservice.agent.tasks.drivecleanup;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code drivecleanup_clean}: removes stale (non-present) drives, volumes, USB devices and their
 * registry entries with Uwe Sieber's DriveCleanup (runner-spec §3.20).
 *
 * <p>Parameters: {@code executable_path} (DriveCleanup.exe or its folder; else found like every
 * tool), {@code test_only} (false; {@code -t}: only show what would be removed), {@code no_wait}
 * (default <b>true</b>, {@code -n}: no "press a key" at the end — the original defaulted to false,
 * which could leave an unattended run waiting for a key until its timeout), the category flags
 * {@code volumes_only} ({@code -v}), {@code disks_only} ({@code -d}), {@code cdroms_only} ({@code
 * -c}), {@code floppies_only} ({@code -f}), {@code usb_storage_only} ({@code -u}), {@code
 * hubs_only} ({@code -h}), {@code wpd_only} ({@code -w}), {@code registry_only} ({@code -r}), or
 * {@code categories} (names {@code volumes|disks|cdroms|floppies|usb|hubs|wpd|registry} and the
 * original's aliases such as {@code volume}, {@code v}, {@code usb_storage}, {@code reg}), {@code
 * additional_args} (options only, e.g. {@code -x}), {@code include_items} (false), {@code
 * max_items} (1–10000, default 200), {@code include_full_output} (false).
 *
 * <p>Command: {@code DriveCleanup.exe [-t] [-n] [-v] [-d] [-c] [-f] [-u] [-h] [-w] [-r]
 * <additional…>}; no category flag means clean everything. Run in DriveCleanup's folder, stdin
 * closed, output decoded with {@link ToolCharset#oem()}, default timeout 10 minutes; each item
 * removed is reported as progress (percent unknown).
 *
 * <p>Result ({@code summary.results}, the original's keys): {@code version, arch, intent{test_only,
 * no_wait, volumes_only … registry_only, cleanup_all, [additional_args]}, counts{usb_devices_removed,
 * usb_hubs_removed, disk_devices_removed, cdrom_devices_removed, floppy_devices_removed,
 * storage_volumes_removed, wpd_devices_removed, registry_items_removed}} (null when not printed),
 * {@code removed_items_total, removed_items_truncated, exit_code, stdout_excerpt} (last 2000
 * characters), {@code stderr_excerpt} (last 1200), {@code removed_items[{category, id}]} (with
 * {@code include_items}, the first {@code max_items}), {@code stdout_full} (with {@code
 * include_full_output}), {@code output_preview} when the output could not be read, {@code error}
 * on error. {@code summary.human_readable}: {@code verdict} ({@code removed | nothing_to_remove |
 * test_only | nothing_done | unknown | error}), {@code test_only, devices_removed,
 * registry_items_removed, notes}, {@code reason} unless success. The top-level {@code command} is
 * the argument list.
 *
 * <p>Status: exit code 0 → {@code success}; exit code ≠ 0 → {@code error} (still parsed) — except,
 * as in the original, when the output is only DriveCleanup's usage text with no totals: then
 * {@code success} ("nothing done", some builds print it instead of cleaning when there is nothing
 * to do) if the task passed no {@code additional_args}, but {@code error} if it did (the usage text
 * then means DriveCleanup rejected them); exit code 0 with neither totals nor items → {@code
 * warning} with the output's last lines; timeout or cancel → {@code error}.
 */
public final class DriveCleanupHandler implements TaskHandler {
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  static final int DEFAULT_MAX_ITEMS = 200;
  static final int MAX_ITEMS = 10_000;

  private static final ParamSchema PARAMS = schema();

  private static ParamSchema schema() {
    List<ParamSpec> specs = new ArrayList<>();
    specs.add(ParamSpec.optional("executable_path", ParamType.STRING, "DriveCleanup.exe (or its folder)."));
    specs.add(ParamSpec.optional("test_only", ParamType.BOOLEAN, "Only show what would be removed (-t).")
        .withDefault(BooleanNode.FALSE));
    specs.add(ParamSpec.optional("no_wait", ParamType.BOOLEAN, "Do not wait for a key press at the end (-n).")
        .withDefault(BooleanNode.TRUE));
    for (DriveCleanupCommand.Category c : DriveCleanupCommand.CATEGORIES) {
      specs.add(ParamSpec.optional(c.param(), ParamType.BOOLEAN, c.description()).withDefault(BooleanNode.FALSE));
    }
    specs.add(ParamSpec.optional("categories", ParamType.STRING_LIST,
            "Categories to clean instead of everything: volumes, disks, cdroms, floppies, usb, hubs, wpd, registry.")
        .withChoices(DriveCleanupCommand.categoryNames()));
    specs.add(ParamSpec.optional("additional_args", ParamType.STRING_LIST, "Extra DriveCleanup options."));
    specs.add(ParamSpec.optional("include_items", ParamType.BOOLEAN, "List the removed items in the result.")
        .withDefault(BooleanNode.FALSE));
    specs.add(ParamSpec.optional("max_items", ParamType.INTEGER, "At most this many items are listed.")
        .withDefault(IntNode.valueOf(DEFAULT_MAX_ITEMS))
        .withRange(1.0, (double) MAX_ITEMS));
    specs.add(ParamSpec.optional("include_full_output", ParamType.BOOLEAN, "Keep DriveCleanup's whole output in the result.")
        .withDefault(BooleanNode.FALSE));
    return ParamSchema.of(specs.toArray(ParamSpec[]::new));
  }

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
        "drivecleanup_clean",
        "Removes stale drives, volumes, USB devices and their registry entries with DriveCleanup.",
        PARAMS,
        DEFAULT_TIMEOUT)
        .runs(Tool.DRIVECLEANUP)
        .onlyOnWindows();
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    ToolCall call = ctx.tool(Tool.DRIVECLEANUP);
    Path exe;
    try {
      exe = call.locate();
    } catch (ToolNotRun e) {
      return DriveCleanupOutcome.error(e.reason());
    }
    long maxItems = ctx.params().integer("max_items").orElse((long) DEFAULT_MAX_ITEMS);
    if (maxItems < 1 || maxItems > MAX_ITEMS) {
      return DriveCleanupOutcome.error("max_items must be 1 to " + MAX_ITEMS + ", got " + maxItems);
    }
    DriveCleanupCommand cmd;
    try {
      cmd = DriveCleanupCommand.build(ctx.params(), true);
    } catch (IllegalArgumentException e) {
      return DriveCleanupOutcome.error(e.getMessage());
    }
    AtomicInteger removed = new AtomicInteger();
    ToolRun run;
    try {
      run = call.args(cmd.args())
          .charset(ToolCharset.oem())
          .workingDir(exe.getParent())
          .onStdout(line -> {
            DriveCleanupOutput.Item item = DriveCleanupOutputParser.item(line);
            if (item != null) {
              ctx.progress(-1, "Removing " + item.category().replace('_', ' ') + " " + item.id()
                  + " (" + removed.incrementAndGet() + ")");
            }
          })
          .run();
    } catch (ToolNotRun e) {
      return e.withCommand(DriveCleanupOutcome.error(e.reason()));
    }
    String stopped = run.timedOut()
        ? "DriveCleanup did not finish within " + Durations.text(run.timeout()) + " and was stopped"
        : run.cancelled() ? "DriveCleanup was stopped (cancelled)" : null;
    DriveCleanupOutput parsed = DriveCleanupOutputParser.parse(run.stdoutLines(), (int) maxItems);
    DriveCleanupOutcome.Options opt = new DriveCleanupOutcome.Options(
        ctx.params().flag("include_items"), ctx.params().flag("include_full_output"));
    return run.withCommand(
        DriveCleanupOutcome.build(cmd, parsed, opt, run.exitCode(), run.stdoutLines(), run.stderrLines(), stopped));
  }
}
