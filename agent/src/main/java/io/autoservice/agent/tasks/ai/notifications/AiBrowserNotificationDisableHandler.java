package io.autoservice.agent.tasks.ai.notifications;

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
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ai_browser_notification_disable}: lists the sites the browsers' profiles allow to send
 * notifications, asks an OpenAI-compatible model which are spam, and, when asked to, blocks those.
 *
 * <p>A running browser rewrites its profile files when it exits, so its profiles are left alone
 * (skipped, with the reason). Every changed file is first backed up beside itself, and every
 * blocked entry says how to undo it.
 *
 * <p>Specification: docs/tasks.md#ai_browser_notification_disable.
 */
public final class AiBrowserNotificationDisableHandler implements TaskHandler {
  /** The sqlite3 command-line program (optional: Firefox only). */
  public static final Tool SQLITE3 =
      new Tool(
          "SQLITE3", "sqlite3", List.of("sqlite3.exe", "sqlite3"), List.of("SQLite", "sqlite"));

  static final Vocabulary WORDS =
      new Vocabulary(
          "browser notification permissions",
          "Preview Mode",
          "total_notifications",
          "notifications_disabled",
          "notifications_skipped",
          "notifications_kept_enabled",
          "estimated_reduction",
          "estimated_reduction",
          "all_notifications",
          "all_notifications",
          "origin",
          List.of("category", "reason", "confidence", "user_impact", "alternative"),
          "preview_mode",
          NotificationPrompt.SYSTEM,
          0.3);

  private static final ParamSchema PARAMS;

  static {
    List<ParamSpec> specs =
        new ArrayList<>(
            AiSettings.specs("preview_mode", "Change nothing (overrides apply_changes)."));
    specs.add(
        ParamSpec.optional(
            "profile_roots",
            ParamType.STRING_LIST,
            "Absolute browser profile folders to look in instead of the defaults (tests, unusual installs)."));
    specs.add(
        ParamSpec.optional("sqlite3_path", ParamType.STRING, "The sqlite3 program, for Firefox."));
    PARAMS = ParamSchema.of(specs.toArray(ParamSpec[]::new));
  }

  /** Opens the inventory for one run. */
  @FunctionalInterface
  public interface InventoryFactory {
    NotificationInventory open(TaskContext ctx) throws IOException;
  }

  private final InventoryFactory inventories;
  private final ChatClient client;

  public AiBrowserNotificationDisableHandler() {
    this(AiBrowserNotificationDisableHandler::profilesInventory, new ChatClient());
  }

  /** With another inventory (tests). */
  public AiBrowserNotificationDisableHandler(InventoryFactory inventories, ChatClient client) {
    this.inventories = inventories;
    this.client = client;
  }

  /**
   * The real inventory: the plan's {@code profile_roots} or the OS defaults, and a SQLite reader if
   * any.
   */
  static NotificationInventory profilesInventory(TaskContext ctx) throws IOException {
    List<ProfileRoots.Root> roots = new ArrayList<>();
    List<String> given = ctx.params().strings("profile_roots");
    if (ctx.params().has("profile_roots")) {
      for (String s : given) {
        Path p;
        try {
          p = Path.of(s);
        } catch (InvalidPathException e) {
          throw new IOException("profile_roots: \"" + s + "\" is not a path");
        }
        if (!p.isAbsolute()) {
          throw new IOException("profile_roots: \"" + s + "\" is not an absolute path");
        }
        roots.add(ProfileRoots.fromPath(p.normalize()));
      }
    } else {
      roots.addAll(ProfileRoots.defaults(System.getenv(), System.getProperty("os.name", "")));
    }
    return new BrowserProfilesInventory(roots, () -> sqlite(ctx), ctx.tools().isWindows());
  }

  /** A JDBC driver if one is on the class path, else the sqlite3 program if found, else null. */
  static SqliteAccess sqlite(TaskContext ctx) {
    Optional<SqliteAccess> jdbc = SqliteJdbc.find();
    if (jdbc.isPresent()) {
      return jdbc.get();
    }
    try {
      return new SqliteCli(
          ctx.tool(SQLITE3).executablePath(ctx.params().string("sqlite3_path")).locate(), ctx);
    } catch (ToolNotRun e) {
      ctx.log("note: " + e.reason());
      return null;
    }
  }

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
        "ai_browser_notification_disable",
        "Asks an AI model which sites' browser notifications are spam, and blocks them (with backups) if told to.",
        PARAMS,
        Duration.ofMinutes(5));
  }

  @Override
  public Duration defaultTimeout(TaskParams params) {
    double request =
        params.number("request_timeout_seconds").orElse(AiSettings.DEFAULT_TIMEOUT_SECONDS);
    return Duration.ofSeconds((long) Math.ceil(request)).plus(Duration.ofMinutes(3));
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    return new AiOptimizer<NotificationPermission>(WORDS, client)
        .run(
            ctx,
            new AiOptimizer.Target<>() {
              private NotificationInventory inventory;

              @Override
              public Listing<NotificationPermission> list(TaskContext c) throws IOException {
                inventory = inventories.open(c);
                return inventory.list(c);
              }

              @Override
              public ChangeResult disable(
                  NotificationPermission item, ObjectNode recommendation, TaskContext c) {
                return inventory.disable(item, c);
              }
            });
  }
}
