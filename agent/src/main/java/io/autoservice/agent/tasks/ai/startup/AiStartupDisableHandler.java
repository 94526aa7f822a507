package io.autoservice.agent.tasks.ai.startup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.ToolNotRun;
import io.autoservice.agent.tasks.ai.AiOptimizer;
import io.autoservice.agent.tasks.ai.AiSettings;
import io.autoservice.agent.tasks.ai.ChangeResult;
import io.autoservice.agent.tasks.ai.ChatClient;
import io.autoservice.agent.tasks.ai.Listing;
import io.autoservice.agent.tasks.ai.Vocabulary;
import io.autoservice.agent.tools.Tool;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.plan.TaskParams;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ai_startup_disable}: lists the programs Windows starts at sign-in, asks an
 * OpenAI-compatible model which are safe to switch off, and, when asked to, switches those off in a
 * way that can be undone.
 *
 * <p>Nothing is deleted: registry items are marked disabled in {@code StartupApproved} and Startup
 * folder files are moved aside, each with the command that undoes it. Items under {@code
 * %SystemRoot%} are Windows components and never disabled, whatever the model says. The plan names
 * the secret that holds the API key; a key itself is refused, so none ends up in a stored plan.
 *
 * <p>Specification: docs/tasks.md#ai_startup_disable.
 */
public final class AiStartupDisableHandler implements TaskHandler {
  /** {@code reg.exe}. */
  public static final Tool REG =
      new Tool("REG", "reg", List.of("reg.exe", "REG.EXE", "reg"), List.of());

  static final Vocabulary WORDS =
      new Vocabulary(
          "startup items",
          "Dry Run (Preview Only)",
          "total_items",
          "items_disabled",
          "items_skipped",
          "items_kept_enabled",
          "estimated_boot_time_saving",
          "potential_boot_time_saving",
          "all_items",
          "items",
          "name",
          List.of("category", "reason", "risk", "confidence", "user_impact", "manual_launch"),
          "dry_run",
          StartupPrompt.SYSTEM,
          0.1);

  private static final ParamSchema PARAMS;

  static {
    List<ParamSpec> specs =
        new ArrayList<>(AiSettings.specs("dry_run", "Change nothing (overrides apply_changes)."));
    specs.add(ParamSpec.optional("executable_path", ParamType.STRING, "reg.exe (or its folder)."));
    PARAMS = ParamSchema.of(specs.toArray(ParamSpec[]::new));
  }

  /** Opens the inventory for one run. */
  @FunctionalInterface
  public interface InventoryFactory {
    StartupInventory open(TaskContext ctx) throws IOException;
  }

  private final InventoryFactory inventories;
  private final ChatClient client;

  public AiStartupDisableHandler() {
    this(AiStartupDisableHandler::windowsInventory, new ChatClient());
  }

  /** With another inventory (tests). */
  public AiStartupDisableHandler(InventoryFactory inventories, ChatClient client) {
    this.inventories = inventories;
    this.client = client;
  }

  private static StartupInventory windowsInventory(TaskContext ctx) throws IOException {
    try {
      return new WindowsStartupInventory(ctx.tool(REG).locate(), System.getenv());
    } catch (ToolNotRun e) {
      throw new IOException(e.reason(), e);
    }
  }

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
            "ai_startup_disable",
            "Asks an AI model which startup programs can be switched off, and switches them off (restorably) if told to.",
            PARAMS,
            Duration.ofMinutes(5))
        .runs(REG)
        .onlyOnWindows();
  }

  @Override
  public Duration defaultTimeout(TaskParams params) {
    double request =
        params.number("request_timeout_seconds").orElse(AiSettings.DEFAULT_TIMEOUT_SECONDS);
    return Duration.ofSeconds((long) Math.ceil(request)).plus(Duration.ofMinutes(3));
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    return new AiOptimizer<StartupItem>(WORDS, client)
        .run(
            ctx,
            new AiOptimizer.Target<>() {
              private StartupInventory inventory;

              @Override
              public Listing<StartupItem> list(TaskContext c) throws IOException {
                inventory = inventories.open(c);
                return inventory.list(c);
              }

              @Override
              public ChangeResult disable(
                  StartupItem item, ObjectNode recommendation, TaskContext c) {
                if (item.microsoft()) {
                  return ChangeResult.skipped(
                      "a Windows component (under %SystemRoot%): never disabled");
                }
                return inventory.disable(item, c);
              }
            });
  }
}
