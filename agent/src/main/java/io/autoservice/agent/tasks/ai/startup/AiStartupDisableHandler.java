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
 * way that can be undone (runner-spec §3.9).
 *
 * <p>Parameters: {@code model} (required, e.g. {@code gpt-4o-mini}); {@code api_key} (which secret
 * holds the key: {@code env:VAR} or a secret name of the agent config; a key itself is refused;
 * default: secret {@code openai_api_key}, then {@code env:AUTOSERVICE_OPENAI_KEY}, then {@code
 * env:OPENAI_API_KEY}); {@code base_url} (default {@code https://api.openai.com}); {@code
 * apply_changes} (default false) and {@code dry_run} (when given, apply = not dry_run); {@code
 * request_timeout_seconds} (1–600, default 120); {@code executable_path} (reg.exe).
 *
 * <p>Commands: {@code reg query <key>} for each Run/RunOnce and StartupApproved key, and when
 * applying {@code reg add <StartupApproved key> /v <name> /t REG_BINARY /d 03000000… /f} (see
 * {@link WindowsStartupInventory}); one {@code POST <base_url>/v1/chat/completions} ({@link
 * ChatClient}, temperature 0.1). Nothing is ever deleted: registry items are marked disabled in
 * {@code StartupApproved}, Startup folder files are moved into {@code DisabledStartup\}; every
 * {@code disabled} entry carries {@code restore}, the command that undoes it. Items under {@code
 * %SystemRoot%} are flagged Microsoft and never disabled. Already disabled items are listed but
 * not sent to the model.
 *
 * <p>Result ({@code summary.results.results}, see {@code AiOutcomes}): {@code enumerated_count,
 * all_items, to_disable, keep_enabled, analysis_summary, disabled, skipped, errors, applied,
 * ai_usage, ignored_recommendations}; {@code summary.human_readable}: {@code mode} ("Applied
 * Changes" | "Dry Run (Preview Only)"), {@code total_items, recommendations, items_disabled,
 * items_skipped, errors, items_kept_enabled, estimated_boot_time_saving, model_used,
 * duration_seconds, notes}, and {@code reason} unless {@code success}. Error variant: {@code
 * results{error_type (missing_parameters | invalid_parameters | api_key_not_a_reference |
 * enumeration_failed | ai_failed), enumerated_count, items}} and {@code human_readable.error}.
 *
 * <p>Status: {@code error} for unusable settings, an enumeration that could not run, or an AI call
 * that failed (HTTP status and the API's message, timeout, unreadable answer); when applying,
 * failures give {@code warning} if something was disabled, else {@code error}; recommendations that
 * were not applied (a Windows component, a RunOnce entry) give {@code warning}; otherwise {@code
 * success} (also with nothing found). Windows only (skipped elsewhere unless reg.exe is named).
 */
public final class AiStartupDisableHandler implements TaskHandler {
  /** {@code reg.exe}. */
  public static final Tool REG = new Tool("REG", "reg", List.of("reg.exe", "REG.EXE", "reg"), List.of());

  static final Vocabulary WORDS = new Vocabulary("startup items", "Dry Run (Preview Only)", "total_items",
      "items_disabled", "items_skipped", "items_kept_enabled", "estimated_boot_time_saving",
      "potential_boot_time_saving", "all_items", "items", "name",
      List.of("category", "reason", "risk", "confidence", "user_impact", "manual_launch"), "dry_run",
      StartupPrompt.SYSTEM, 0.1);

  private static final ParamSchema PARAMS;

  static {
    List<ParamSpec> specs = new ArrayList<>(AiSettings.specs("dry_run", "Change nothing (overrides apply_changes)."));
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
    double request = params.number("request_timeout_seconds").orElse(AiSettings.DEFAULT_TIMEOUT_SECONDS);
    return Duration.ofSeconds((long) Math.ceil(request)).plus(Duration.ofMinutes(3));
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    return new AiOptimizer<StartupItem>(WORDS, client).run(ctx, new AiOptimizer.Target<>() {
      private StartupInventory inventory;

      @Override
      public Listing<StartupItem> list(TaskContext c) throws IOException {
        inventory = inventories.open(c);
        return inventory.list(c);
      }

      @Override
      public ChangeResult disable(StartupItem item, ObjectNode recommendation, TaskContext c) {
        if (item.microsoft()) {
          return ChangeResult.skipped("a Windows component (under %SystemRoot%): never disabled");
        }
        return inventory.disable(item, c);
      }
    });
  }
}
