package io.autoservice.agent.tasks.ai.startup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.ToolCall;
import io.autoservice.agent.tasks.ToolNotRun;
import io.autoservice.agent.tasks.ToolRun;
import io.autoservice.agent.tasks.ai.ChangeResult;
import io.autoservice.agent.tasks.ai.Listing;
import io.autoservice.agent.tasks.ai.startup.RegQueryOutputParser.RegValue;
import io.autoservice.agent.tasks.support.Tails;
import io.autoservice.common.json.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The startup items of this Windows PC, read with {@code reg.exe query <key>} (output decoded with
 * {@link ToolCharset#oem()}, parsed by {@link RegQueryOutputParser}) and by listing the Startup
 * folders; disabled the way Task Manager does it.
 *
 * <p>Read: the values of {@code HKLM} and {@code HKCU} {@code …\CurrentVersion\Run} and {@code
 * RunOnce} and of {@code HKLM\Software\WOW6432Node\…\Run}; the files of {@code
 * %APPDATA%\Microsoft\Windows\Start Menu\Programs\Startup} and {@code %PROGRAMDATA%\…\StartUp} (not
 * {@code desktop.ini}); and the {@code Explorer\StartupApproved} keys ({@code Run}, {@code Run32},
 * {@code StartupFolder}) that say which are already disabled. A key that does not exist is not an
 * error ({@code RunOnce} and {@code WOW6432Node} often do not).
 *
 * <p>Disable, never delete: a registry item gets {@code StartupApproved} data {@code 03 00 00 00}
 * plus the time (as Task Manager writes), with {@code reg add <approved key> /v <name> /t
 * REG_BINARY /d 03000000<FILETIME> /f}; undo with the {@code restore} command (the previous data
 * back, or {@code reg delete} of the value when there was none). {@code RunOnce} has no such
 * switch: skipped. A Startup folder file is moved into {@code DisabledStartup\} beside it ({@code
 * restore}: the {@code move} back).
 */
public final class WindowsStartupInventory implements StartupInventory {
  static final Duration REG_TIMEOUT = Duration.ofSeconds(30);
  static final String HKLM = "HKEY_LOCAL_MACHINE";
  static final String HKCU = "HKEY_CURRENT_USER";
  static final String RUN = "Software\\Microsoft\\Windows\\CurrentVersion\\Run";
  static final String RUN_ONCE = RUN + "Once";
  static final String WOW_RUN = "Software\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Run";
  static final String APPROVED =
      "Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\";
  static final String DISABLED_FOLDER = "DisabledStartup";

  /** A Run key and the StartupApproved key that switches its values off (null: none). */
  record RunKey(String hive, String path, String approved) {
    String regName() {
      return (hive.equals(HKLM) ? "HKLM\\" : "HKCU\\") + path;
    }
  }

  static final List<RunKey> RUN_KEYS =
      List.of(
          new RunKey(HKLM, RUN, "HKLM\\" + APPROVED + "Run"),
          new RunKey(HKLM, RUN_ONCE, null),
          new RunKey(HKCU, RUN, "HKCU\\" + APPROVED + "Run"),
          new RunKey(HKCU, RUN_ONCE, null),
          new RunKey(HKLM, WOW_RUN, "HKLM\\" + APPROVED + "Run32"));
  static final String USER_FOLDER_APPROVED = "HKCU\\" + APPROVED + "StartupFolder";
  static final String COMMON_FOLDER_APPROVED = "HKLM\\" + APPROVED + "StartupFolder";

  private final Path reg;
  private final Map<String, String> env;

  /**
   * @param reg {@code reg.exe}
   * @param env the environment ({@code APPDATA}, {@code PROGRAMDATA}, {@code SystemRoot})
   */
  public WindowsStartupInventory(Path reg, Map<String, String> env) {
    this.reg = reg;
    this.env = Map.copyOf(env);
  }

  @Override
  public Listing<StartupItem> list(TaskContext ctx) throws IOException {
    List<String> notes = new ArrayList<>();
    String systemRoot = env.getOrDefault("SystemRoot", env.getOrDefault("windir", "C:\\Windows"));
    Map<String, Map<String, String>> approved = new HashMap<>();
    List<String> approvedKeys = new ArrayList<>();
    RUN_KEYS.stream()
        .filter(k -> k.approved() != null)
        .forEach(k -> approvedKeys.add(k.approved()));
    approvedKeys.add(USER_FOLDER_APPROVED);
    approvedKeys.add(COMMON_FOLDER_APPROVED);
    for (String key : approvedKeys) {
      Map<String, String> byName = new HashMap<>();
      for (RegValue v : query(ctx, key, null)) {
        byName.put(v.name().toLowerCase(Locale.ROOT), v.data());
      }
      approved.put(key, byName);
    }

    List<StartupItem> items = new ArrayList<>();
    for (RunKey k : RUN_KEYS) {
      List<RegValue> values =
          query(
              ctx,
              k.regName(),
              k.path().endsWith("Run") && !k.path().contains("WOW") ? notes : null);
      for (RegValue v : values) {
        String data =
            k.approved() == null
                ? null
                : approved.get(k.approved()).get(v.name().toLowerCase(Locale.ROOT));
        String exe = RegQueryOutputParser.executable(v.data(), systemRoot);
        items.add(
            new StartupItem(
                "reg:" + k.hive() + ":" + k.path() + ":" + v.name(),
                v.name(),
                v.data(),
                "registry",
                "Registry: " + k.hive().replace("HKEY_", ""),
                k.hive(),
                k.path(),
                null,
                k.approved(),
                data,
                RegQueryOutputParser.approvedEnabled(data).orElse(true),
                WindowsComponents.isWindowsComponent(v.data(), exe, systemRoot),
                exe));
      }
    }
    folder(
        items,
        notes,
        "user_startup",
        env.get("APPDATA"),
        "Startup",
        approved.get(USER_FOLDER_APPROVED),
        systemRoot);
    folder(
        items,
        notes,
        "common_startup",
        env.get("PROGRAMDATA"),
        "StartUp",
        approved.get(COMMON_FOLDER_APPROVED),
        systemRoot);
    return new Listing<>(items, notes);
  }

  private void folder(
      List<StartupItem> items,
      List<String> notes,
      String label,
      String base,
      String last,
      Map<String, String> approved,
      String systemRoot) {
    if (base == null || base.isBlank()) {
      return;
    }
    Path dir;
    try {
      dir = Path.of(base, "Microsoft", "Windows", "Start Menu", "Programs", last);
    } catch (InvalidPathException e) {
      notes.add(label + ": not a usable folder: " + base);
      return;
    }
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (Files.isRegularFile(p) && !p.getFileName().toString().equalsIgnoreCase("desktop.ini")) {
          files.add(p);
        }
      }
    } catch (IOException e) {
      notes.add("could not list " + dir + ": " + e.getMessage());
      return;
    }
    files.sort(null);
    String display =
        "Startup Folder: " + (label.equals("user_startup") ? "User Startup" : "Common Startup");
    String approvedKey =
        label.equals("user_startup") ? USER_FOLDER_APPROVED : COMMON_FOLDER_APPROVED;
    for (Path p : files) {
      String file = p.getFileName().toString();
      int dot = file.lastIndexOf('.');
      String name = dot > 0 ? file.substring(0, dot) : file;
      boolean shortcut = file.toLowerCase(Locale.ROOT).endsWith(".lnk");
      String full = p.toString();
      String exe = shortcut ? null : full;
      String data = approved.get(file.toLowerCase(Locale.ROOT));
      items.add(
          new StartupItem(
              "file:" + label + ":" + full,
              name,
              shortcut ? "Shortcut: " + name : full,
              label,
              display,
              null,
              null,
              full,
              approvedKey,
              data,
              RegQueryOutputParser.approvedEnabled(data).orElse(true),
              WindowsComponents.isWindowsComponent(full, exe, systemRoot),
              exe));
    }
  }

  /**
   * The values of one key; a key that cannot be read gives none (with a note when {@code notes} is
   * given: for keys every Windows has). Throws only when reg.exe cannot be started at all.
   */
  private List<RegValue> query(TaskContext ctx, String key, List<String> notes) throws IOException {
    ToolRun r;
    try {
      r = reg(ctx).args("query", key).quiet().run();
    } catch (ToolNotRun e) {
      throw new IOException(e.reason(), e);
    }
    if (r.exitCode() != 0 || r.timedOut()) {
      if (notes != null) {
        notes.add("reg query " + key + " failed (exit " + r.exitCode() + "): " + lastLine(r));
      }
      return List.of();
    }
    return RegQueryOutputParser.values(r.stdoutLines());
  }

  @Override
  public ChangeResult disable(StartupItem item, TaskContext ctx) {
    return item.registry() ? disableValue(item, ctx) : moveFile(item);
  }

  private ChangeResult disableValue(StartupItem item, TaskContext ctx) {
    if (item.approvedKey() == null) {
      return ChangeResult.skipped(
          "RunOnce entries run once at the next sign-in and have no switch to turn them off;"
              + " left unchanged (deleting is not allowed)");
    }
    if (!item.enabled()) {
      return ChangeResult.skipped("already disabled");
    }
    String name = item.name();
    if (name.isEmpty() || name.contains("\"") || name.endsWith("\\")) {
      return ChangeResult.failed(
          "its value name cannot be passed to reg.exe safely; disable it in Task Manager");
    }
    String data = "03000000" + fileTimeHex(Instant.now());
    ToolRun r;
    try {
      r =
          reg(ctx)
              .args("add", item.approvedKey(), "/v", name, "/t", "REG_BINARY", "/d", data, "/f")
              .run();
    } catch (ToolNotRun e) {
      return ChangeResult.failed("could not run reg add: " + e.reason());
    }
    if (r.exitCode() != 0 || r.timedOut() || r.cancelled()) {
      return ChangeResult.failed("reg add failed (exit " + r.exitCode() + "): " + lastLine(r));
    }
    String restore =
        item.approvedData() != null
            ? "reg add \""
                + item.approvedKey()
                + "\" /v \""
                + name
                + "\" /t REG_BINARY /d "
                + item.approvedData()
                + " /f"
            : "reg delete \"" + item.approvedKey() + "\" /v \"" + name + "\" /f";
    ObjectNode facts = Json.object();
    facts.put("method", "startup_approved");
    facts.put("approved_key", item.approvedKey());
    facts.put("approved_value", data);
    facts.put("previous_value", item.approvedData());
    facts.put("restore", restore);
    return ChangeResult.disabled(facts);
  }

  private static ChangeResult moveFile(StartupItem item) {
    try {
      Path file = Path.of(item.filePath());
      if (!Files.isRegularFile(file)) {
        return ChangeResult.failed("the file is no longer there: " + file);
      }
      Path dir = file.resolveSibling(DISABLED_FOLDER);
      Files.createDirectories(dir);
      Path target = dir.resolve(file.getFileName());
      for (int n = 2; Files.exists(target); n++) {
        String f = file.getFileName().toString();
        int dot = f.lastIndexOf('.');
        target =
            dir.resolve(
                dot > 0
                    ? f.substring(0, dot) + " (" + n + ")" + f.substring(dot)
                    : f + " (" + n + ")");
      }
      Files.move(file, target);
      ObjectNode facts = Json.object();
      facts.put("method", "moved");
      facts.put("moved_to", target.toString());
      facts.put("restore", "move \"" + target + "\" \"" + file + "\"");
      return ChangeResult.disabled(facts);
    } catch (IOException | InvalidPathException e) {
      return ChangeResult.failed(
          "could not move the file into " + DISABLED_FOLDER + ": " + e.getMessage());
    }
  }

  /** {@code t} as a Windows FILETIME (100 ns since 1601), 8 bytes little-endian, as hex. */
  static String fileTimeHex(Instant t) {
    long ft = (t.toEpochMilli() + 11_644_473_600_000L) * 10_000L;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      sb.append(String.format(Locale.ROOT, "%02X", (ft >>> (8 * i)) & 0xFF));
    }
    return sb.toString();
  }

  private ToolCall reg(TaskContext ctx) {
    return ctx.tool(AiStartupDisableHandler.REG)
        .at(reg)
        .timeout(REG_TIMEOUT)
        .charset(ToolCharset.oem());
  }

  private static String lastLine(ToolRun r) {
    String last = Tails.lastLine(r.stderrLines());
    if (last.isEmpty()) {
      last = Tails.lastLine(r.stdoutLines());
    }
    return !last.isEmpty() ? last : r.timedOut() ? "timed out" : "no output";
  }
}
