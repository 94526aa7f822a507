package io.autoservice.agent.tasks.ai.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.autoservice.agent.tasks.ai.ChangeResult;
import io.autoservice.agent.tasks.ai.Listing;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a temporary tree of browser profiles; Firefox through the sqlite3 program where there is one.
 */
class BrowserProfilesInventoryTest {
  @TempDir Path tmp;
  private BrowserTree tree;
  private FakeTaskContext ctx;

  @BeforeEach
  void tree() throws Exception {
    tree = new BrowserTree(tmp);
    ctx =
        new FakeTaskContext(
            Json.object(),
            new AiBrowserNotificationDisableHandler().descriptor().params(),
            new ToolLocator(Map.of("PATH", ""), false));
  }

  private BrowserProfilesInventory inventory(Supplier<SqliteAccess> sqlite) {
    return new BrowserProfilesInventory(
        Stream.of(
                tree.chrome,
                tree.edge,
                tree.firefox,
                tmp.resolve("BraveSoftware/Brave-Browser/User Data"))
            .map(ProfileRoots::fromPath)
            .toList(),
        sqlite,
        false);
  }

  private SqliteAccess cli() {
    Path exe = BrowserTree.sqlite3().orElse(null);
    assumeTrue(exe != null, "the sqlite3 program is not installed");
    return new SqliteCli(exe, ctx);
  }

  private static NotificationPermission origin(Listing<NotificationPermission> l, String origin) {
    return l.items().stream().filter(i -> i.origin().equals(origin)).findFirst().orElseThrow();
  }

  private static List<Path> backups(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".bak")).toList();
    }
  }

  @Test
  void shouldListChromiumProfilesAndSayWhyFirefoxWasSkipped() {
    Listing<NotificationPermission> l = inventory(() -> null).list(ctx);

    assertThat(l.items())
        .extracting(NotificationPermission::id)
        .containsExactly(
            "chromium:Google Chrome:Default:https://www.facebook.com:443,*",
            "chromium:Google Chrome:Default:https://calendar.google.com:443,*",
            "chromium:Google Chrome:Default:https://www.dailydeals-example.com:443,*",
            "chromium:Google Chrome:Default:http://localhost:8080,*",
            "chromium:Microsoft Edge:Profile 1:https://news.example.org:443,*");
    assertThat(l.notes())
        .singleElement()
        .asString()
        .startsWith("Firefox skipped (1 profile(s) in " + tree.firefox + "): no SQLite reader");
    assertThat(l.items().get(0).toJson().get("prefs_file").asText())
        .isEqualTo(tree.chromePrefs.toString());
    assertThat(l.items().get(0).forModel().has("prefs_file")).isFalse();
  }

  @Test
  void shouldListFirefoxThroughSqlite3WithoutTouchingTheProfile() throws Exception {
    SqliteAccess sqlite = cli();
    byte[] before = Files.readAllBytes(tree.firefoxDb);

    Listing<NotificationPermission> l = inventory(() -> sqlite).list(ctx);

    assertThat(l.notes()).isEmpty();
    assertThat(l.items())
        .filteredOn(NotificationPermission::firefox)
        .extracting(NotificationPermission::id)
        .containsExactly(
            "firefox:k3x9q2m1.default-release:https://o'brien.example.com",
            "firefox:k3x9q2m1.default-release:https://shop.example.com",
            "firefox:k3x9q2m1.default-release:https://web.whatsapp.com",
            "firefox:k3x9q2m1.default-release:https://www.reddit.com");
    assertThat(Files.readAllBytes(tree.firefoxDb)).isEqualTo(before);
    try (Stream<Path> s = Files.list(tree.firefoxDb.getParent())) {
      assertThat(s).hasSize(1);
    }
  }

  @Test
  void shouldBlockInChromeKeepingOneBackupOfTheFile() throws Exception {
    BrowserProfilesInventory inv = inventory(() -> null);
    Listing<NotificationPermission> l = inv.list(ctx);
    byte[] original = Files.readAllBytes(tree.chromePrefs);

    ChangeResult facebook = inv.disable(origin(l, "https://www.facebook.com:443,*"), ctx);
    ChangeResult deals = inv.disable(origin(l, "https://www.dailydeals-example.com:443,*"), ctx);

    assertThat(facebook.kind()).isEqualTo(ChangeResult.Kind.DISABLED);
    assertThat(deals.kind()).isEqualTo(ChangeResult.Kind.DISABLED);
    assertThat(ChromiumPreferences.allowed(Files.readAllBytes(tree.chromePrefs)))
        .extracting(ChromiumPreferences.Allowed::origin)
        .containsExactly("https://calendar.google.com:443,*", "http://localhost:8080,*");
    List<Path> backups = backups(tree.chromePrefs.getParent());
    assertThat(backups)
        .singleElement()
        .satisfies(b -> assertThat(Files.readAllBytes(b)).isEqualTo(original));
    assertThat(facebook.facts().get("backup").asText()).isEqualTo(backups.get(0).toString());
    assertThat(deals.facts().get("backup").asText()).isEqualTo(backups.get(0).toString());
    assertThat(facebook.facts().get("restore").asText())
        .isEqualTo("cp \"" + backups.get(0) + "\" \"" + tree.chromePrefs + "\"");
    assertThat(facebook.facts().get("browser").asText()).isEqualTo("Google Chrome");
    assertThat(backups.get(0).getFileName().toString())
        .matches("Preferences\\.autoservice-\\d{8}-\\d{6}\\.bak");
  }

  @Test
  void shouldLeaveARunningBrowserAlone() throws Exception {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"), "symbolic links");
    Files.createSymbolicLink(
        tree.chrome.resolve("SingletonLock"), Path.of("pc-" + ProcessHandle.current().pid()));
    BrowserProfilesInventory inv = inventory(() -> null);
    byte[] before = Files.readAllBytes(tree.chromePrefs);

    ChangeResult r = inv.disable(origin(inv.list(ctx), "https://www.facebook.com:443,*"), ctx);

    assertThat(r.kind()).isEqualTo(ChangeResult.Kind.SKIPPED);
    assertThat(r.detail())
        .isEqualTo(
            "Google Chrome is running (SingletonLock is held); close it and run the task"
                + " again: a running browser overwrites the change");
    assertThat(Files.readAllBytes(tree.chromePrefs)).isEqualTo(before);
    assertThat(backups(tree.chromePrefs.getParent())).isEmpty();
  }

  @Test
  void shouldBlockInFirefoxWithTheCorrectedStatement() throws Exception {
    SqliteAccess sqlite = cli();
    BrowserProfilesInventory inv = inventory(() -> sqlite);
    Listing<NotificationPermission> l = inv.list(ctx);

    ChangeResult r = inv.disable(origin(l, "https://o'brien.example.com"), ctx);

    assertThat(r.kind()).as(String.valueOf(r.detail())).isEqualTo(ChangeResult.Kind.DISABLED);
    assertThat(sqlite.allowedOrigins(tree.firefoxDb))
        .containsExactly(
            "https://shop.example.com", "https://web.whatsapp.com", "https://www.reddit.com");
    assertThat(r.facts().get("restore").asText())
        .isEqualTo(
            "sqlite3 \""
                + tree.firefoxDb
                + "\" \"UPDATE moz_perms SET"
                + " permission = 1 WHERE origin = 'https://o''brien.example.com' AND type = 'desktop-notification'\"");
    Path backup = Path.of(r.facts().get("backup").asText());
    assertThat(sqlite.allowedOrigins(backup)).hasSize(4);
  }

  @Test
  void shouldLeaveARunningFirefoxAlone() throws Exception {
    SqliteAccess sqlite = cli();
    BrowserProfilesInventory inv = inventory(() -> sqlite);
    Listing<NotificationPermission> l = inv.list(ctx);
    Path lock = Files.createFile(tree.firefoxDb.resolveSibling(".parentlock"));

    try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      ChangeResult r = inv.disable(origin(l, "https://www.reddit.com"), ctx);

      assertThat(r.kind()).isEqualTo(ChangeResult.Kind.SKIPPED);
      assertThat(r.detail()).startsWith("Mozilla Firefox is running (.parentlock is held)");
    }
    assertThat(sqlite.allowedOrigins(tree.firefoxDb)).contains("https://www.reddit.com");
  }

  @Test
  void shouldUseAJdbcDriverWhenOneIsOnTheClassPath() throws Exception {
    SqliteAccess jdbc = SqliteJdbc.find().orElse(null);
    assumeTrue(jdbc != null, "no JDBC driver for SQLite on the class path");
    BrowserProfilesInventory inv = inventory(() -> jdbc);
    Listing<NotificationPermission> l = inv.list(ctx);

    ChangeResult r = inv.disable(origin(l, "https://o'brien.example.com"), ctx);

    assertThat(r.kind()).isEqualTo(ChangeResult.Kind.DISABLED);
    assertThat(jdbc.allowedOrigins(tree.firefoxDb))
        .hasSize(3)
        .doesNotContain("https://o'brien.example.com");
  }

  @Test
  void shouldNameBrowsersFromTheirFolders() {
    assertThat(ProfileRoots.fromPath(tree.edge).browser()).isEqualTo("Microsoft Edge");
    assertThat(ProfileRoots.fromPath(tree.chrome).browser()).isEqualTo("Google Chrome");
    assertThat(ProfileRoots.fromPath(tree.firefox).firefox()).isTrue();
    assertThat(ProfileRoots.fromPath(tmp.resolve("x/opera")).browser()).isEqualTo("Opera");
    assertThat(ProfileRoots.fromPath(tmp.resolve("custom")).browser())
        .isEqualTo("Chromium-based browser (custom)");
    assertThat(
            ProfileRoots.defaults(
                Map.of("LOCALAPPDATA", "C:\\Users\\A\\AppData\\Local", "APPDATA", "R"),
                "Windows 11"))
        .extracting(ProfileRoots.Root::browser)
        .containsExactly(
            "Google Chrome", "Microsoft Edge", "Brave Browser", "Opera", "Mozilla Firefox");
    assertThat(ProfileRoots.defaults(Map.of("HOME", "/home/a"), "Linux"))
        .extracting(r -> r.dir().toString())
        .contains("/home/a/.config/google-chrome", "/home/a/.mozilla/firefox");
  }
}
