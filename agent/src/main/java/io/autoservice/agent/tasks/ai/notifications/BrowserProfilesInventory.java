package io.autoservice.agent.tasks.ai.notifications;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.ai.ChangeResult;
import io.autoservice.agent.tasks.ai.Listing;
import io.autoservice.common.io.AtomicFiles;
import io.autoservice.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The allowed notifications in the browser profiles under some roots ({@link ProfileRoots}).
 *
 * <p>Chromium (Chrome, Edge, Brave, Opera, …): every profile folder with a {@code Preferences} file
 * ({@code Default}, {@code Profile N}, …; not the system and guest profiles), or the root itself
 * when it holds one (Opera), read by {@link ChromiumPreferences}. Firefox: every profile with a
 * {@code permissions.sqlite}, copied (with its {@code -wal}) to a temporary folder and read there
 * with {@link SqliteAccess}; without an SQLite reader Firefox is skipped with a note.
 *
 * <p>Blocking: only while the browser is not running ({@link BrowserLocks}; otherwise skipped with
 * the reason). The file is first copied to {@code <file>.autoservice-<UTC time>.bak} beside it
 * (once per run), then Chromium's {@code Preferences} is rewritten (setting 2, {@code
 * last_modified} now; written to a temporary file and moved over the original), or Firefox's row
 * updated with {@link SqliteAccess#BLOCK}.
 */
public final class BrowserProfilesInventory implements NotificationInventory {
  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final List<ProfileRoots.Root> roots;
  private final Supplier<SqliteAccess> sqliteFinder;
  private SqliteAccess sqlite;
  private boolean sqliteLooked;
  private final boolean windows;
  private final Map<Path, Path> backups = new HashMap<>();

  /**
   * @param roots where to look
   * @param sqlite finds how to read Firefox's database (asked once, when a Firefox profile is
   *     found); null from it: Firefox skipped
   * @param windows whether to phrase restore commands for Windows ({@code copy /Y}) or not ({@code
   *     cp})
   */
  BrowserProfilesInventory(
      List<ProfileRoots.Root> roots, Supplier<SqliteAccess> sqlite, boolean windows) {
    this.roots = List.copyOf(roots);
    this.sqliteFinder = sqlite;
    this.windows = windows;
  }

  @Override
  public Listing<NotificationPermission> list(TaskContext ctx) {
    List<NotificationPermission> items = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (ProfileRoots.Root root : roots) {
      if (!Files.isDirectory(root.dir())) {
        continue;
      }
      if (root.firefox()) {
        firefox(root, items, notes);
      } else {
        chromium(root, items, notes);
      }
    }
    return new Listing<>(items, notes);
  }

  private void chromium(
      ProfileRoots.Root root, List<NotificationPermission> items, List<String> notes) {
    List<Path> profiles =
        Files.isRegularFile(root.dir().resolve("Preferences"))
            ? List.of(root.dir())
            : profiles(root.dir(), "Preferences");
    for (Path profile : profiles) {
      if (profile.getFileName().toString().matches("(?i)(System|Guest) Profile")) {
        continue;
      }
      Path prefs = profile.resolve("Preferences");
      try {
        for (ChromiumPreferences.Allowed a :
            ChromiumPreferences.allowed(Files.readAllBytes(prefs))) {
          items.add(
              NotificationPermission.chromium(
                  root.browser(),
                  profile.getFileName().toString(),
                  a.origin(),
                  prefs,
                  root.dir(),
                  a.lastModified()));
        }
      } catch (IOException e) {
        notes.add(
            root.browser()
                + " "
                + profile.getFileName()
                + ": cannot read Preferences: "
                + e.getMessage());
      }
    }
  }

  private void firefox(
      ProfileRoots.Root root, List<NotificationPermission> items, List<String> notes) {
    List<Path> profiles =
        Files.isRegularFile(root.dir().resolve("permissions.sqlite"))
            ? List.of(root.dir())
            : profiles(root.dir(), "permissions.sqlite");
    if (profiles.isEmpty()) {
      return;
    }
    if (!sqliteLooked) {
      sqliteLooked = true;
      sqlite = sqliteFinder.get();
    }
    if (sqlite == null) {
      notes.add(
          "Firefox skipped ("
              + profiles.size()
              + " profile(s) in "
              + root.dir()
              + "): no SQLite reader (install sqlite3, set AUTOSERVICE_TOOL_SQLITE3, or bundle a JDBC driver)");
      return;
    }
    for (Path profile : profiles) {
      Path db = profile.resolve("permissions.sqlite");
      Path tmp = null;
      try {
        tmp = Files.createTempDirectory("autoservice-firefox-");
        Path copy = tmp.resolve("permissions.sqlite");
        Files.copy(db, copy);
        Path wal = profile.resolve("permissions.sqlite-wal");
        if (Files.isRegularFile(wal)) {
          Files.copy(wal, tmp.resolve("permissions.sqlite-wal"));
        }
        for (String origin : sqlite.allowedOrigins(copy)) {
          items.add(NotificationPermission.firefox(profile.getFileName().toString(), origin, db));
        }
      } catch (IOException e) {
        notes.add(
            "Firefox "
                + profile.getFileName()
                + ": cannot read permissions.sqlite: "
                + e.getMessage());
      } finally {
        deleteQuietly(tmp);
      }
    }
  }

  @Override
  public ChangeResult disable(NotificationPermission p, TaskContext ctx) {
    Optional<Path> lock =
        BrowserLocks.heldLock(
            p.lockDir(), p.firefox() ? BrowserLocks.FIREFOX : BrowserLocks.CHROMIUM);
    if (lock.isPresent()) {
      return ChangeResult.skipped(
          p.browser()
              + " is running ("
              + lock.get().getFileName()
              + " is held); close it"
              + " and run the task again: a running browser overwrites the change");
    }
    if (p.firefox() && sqlite == null) {
      return ChangeResult.failed("no SQLite writer for Firefox");
    }
    Path backup;
    try {
      backup = backup(p.file());
    } catch (IOException e) {
      return ChangeResult.failed(
          "could not back up " + p.file() + ", so nothing was changed: " + e.getMessage());
    }
    ObjectNode facts = Json.object();
    facts.put("browser", p.browser());
    facts.put("file", p.file().toString());
    facts.put("backup", backup.toString());
    try {
      if (p.firefox()) {
        if (sqlite.block(p.file(), p.origin()) == 0) {
          return ChangeResult.failed("its permission row is no longer in " + p.file());
        }
        facts.put("method", "moz_perms_block");
        facts.put(
            "restore",
            "sqlite3 \""
                + p.file()
                + "\" \""
                + SqliteAccess.inline(SqliteAccess.ALLOW, p.origin())
                + "\"");
      } else {
        byte[] after =
            ChromiumPreferences.block(Files.readAllBytes(p.file()), p.origin(), Instant.now());
        AtomicFiles.write(p.file(), after);
        facts.put("method", "preferences_block");
        facts.put(
            "restore", (windows ? "copy /Y \"" : "cp \"") + backup + "\" \"" + p.file() + "\"");
        facts.put(
            "restore_manually",
            p.browser()
                + ": Settings > Privacy and security > Site settings > "
                + "Notifications: allow "
                + p.origin());
      }
    } catch (IOException e) {
      return ChangeResult.failed("could not change " + p.file() + ": " + e.getMessage());
    }
    return ChangeResult.disabled(facts);
  }

  /** The file's copy from before this run's first change to it (with a Firefox {@code -wal}). */
  private Path backup(Path file) throws IOException {
    Path existing = backups.get(file);
    if (existing != null) {
      return existing;
    }
    String base = file.getFileName() + ".autoservice-" + STAMP.format(Instant.now());
    Path backup = file.resolveSibling(base + ".bak");
    for (int n = 2; Files.exists(backup); n++) {
      backup = file.resolveSibling(base + "-" + n + ".bak");
    }
    Files.copy(file, backup, StandardCopyOption.COPY_ATTRIBUTES);
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    if (Files.isRegularFile(wal)) {
      Files.copy(
          wal,
          backup.resolveSibling(backup.getFileName() + "-wal"),
          StandardCopyOption.REPLACE_EXISTING);
    }
    backups.put(file, backup);
    return backup;
  }

  /** Sub-folders holding {@code marker}, {@code Default} first, then by name (numbers in order). */
  private static List<Path> profiles(Path root, String marker) {
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(p -> Files.isRegularFile(p.resolve(marker)))
          .sorted(
              Comparator.comparing((Path p) -> !p.getFileName().toString().equals("Default"))
                  .thenComparing(p -> naturalKey(p.getFileName().toString())))
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String naturalKey(String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(name);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          sb, String.format("%010d", Long.parseLong(m.group().length() > 10 ? "0" : m.group())));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary copy left behind is harmless
    }
  }
}
