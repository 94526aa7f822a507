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
 * registry entries with Uwe Sieber's DriveCleanup.
 *
 * <p>{@code no_wait} ({@code -n}) defaults to true: without it DriveCleanup waits for a key at the
 * end, and an unattended run would wait until its timeout (the original defaulted to false). Some
 * builds print only their usage text when there is nothing to do; that is {@code success}, unless
 * the task passed {@code additional_args}, which DriveCleanup then rejected.
 *
 * <p>Specification: docs/tasks.md#drivecleanup_clean.
 */
public final class DriveCleanupHandler implements TaskHandler {
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  static final int DEFAULT_MAX_ITEMS = 200;
  static final int MAX_ITEMS = 10_000;

  private static final ParamSchema PARAMS = schema();

  private static ParamSchema schema() {
    List<ParamSpec> specs = new ArrayList<>();
    specs.add(
        ParamSpec.optional(
            "executable_path", ParamType.STRING, "DriveCleanup.exe (or its folder)."));
    specs.add(
        ParamSpec.optional("test_only", ParamType.BOOLEAN, "Only show what would be removed (-t).")
            .withDefault(BooleanNode.FALSE));
    specs.add(
        ParamSpec.optional(
                "no_wait", ParamType.BOOLEAN, "Do not wait for a key press at the end (-n).")
            .withDefault(BooleanNode.TRUE));
    for (DriveCleanupCommand.Category c : DriveCleanupCommand.CATEGORIES) {
      specs.add(
          ParamSpec.optional(c.param(), ParamType.BOOLEAN, c.description())
              .withDefault(BooleanNode.FALSE));
    }
    specs.add(
        ParamSpec.optional(
                "categories",
                ParamType.STRING_LIST,
                "Categories to clean instead of everything: volumes, disks, cdroms, floppies, usb, hubs, wpd, registry.")
            .withChoices(DriveCleanupCommand.categoryNames()));
    specs.add(
        ParamSpec.optional(
            "additional_args", ParamType.STRING_LIST, "Extra DriveCleanup options."));
    specs.add(
        ParamSpec.optional(
                "include_items", ParamType.BOOLEAN, "List the removed items in the result.")
            .withDefault(BooleanNode.FALSE));
    specs.add(
        ParamSpec.optional("max_items", ParamType.INTEGER, "At most this many items are listed.")
            .withDefault(IntNode.valueOf(DEFAULT_MAX_ITEMS))
            .withRange(1.0, (double) MAX_ITEMS));
    specs.add(
        ParamSpec.optional(
                "include_full_output",
                ParamType.BOOLEAN,
                "Keep DriveCleanup's whole output in the result.")
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
      run =
          call.args(cmd.args())
              .charset(ToolCharset.oem())
              .workingDir(exe.getParent())
              .onStdout(
                  line -> {
                    DriveCleanupOutput.Item item = DriveCleanupOutputParser.item(line);
                    if (item != null) {
                      ctx.progress(
                          -1,
                          "Removing "
                              + item.category().replace('_', ' ')
                              + " "
                              + item.id()
                              + " ("
                              + removed.incrementAndGet()
                              + ")");
                    }
                  })
              .run();
    } catch (ToolNotRun e) {
      return e.withCommand(DriveCleanupOutcome.error(e.reason()));
    }
    String stopped =
        run.timedOut()
            ? "DriveCleanup did not finish within "
                + Durations.text(run.timeout())
                + " and was stopped"
            : run.cancelled() ? "DriveCleanup was stopped (cancelled)" : null;
    DriveCleanupOutput parsed = DriveCleanupOutputParser.parse(run.stdoutLines(), (int) maxItems);
    DriveCleanupOutcome.Options opt =
        new DriveCleanupOutcome.Options(
            ctx.params().flag("include_items"), ctx.params().flag("include_full_output"));
    return run.withCommand(
        DriveCleanupOutcome.build(
            cmd, parsed, opt, run.exitCode(), run.stdoutLines(), run.stderrLines(), stopped));
  }
}
