package io.autoservice.agent.tasks.ai.notifications;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where browsers keep their profiles: the defaults per OS for the user the agent runs as, or the
 * folders a plan names ({@code profile_roots}, for tests and unusual installs).
 *
 * <p>Defaults. Windows: {@code %LOCALAPPDATA%\Google\Chrome\User Data}, {@code
 * %LOCALAPPDATA%\Microsoft\Edge\User Data}, {@code %LOCALAPPDATA%\BraveSoftware\Brave-Browser\User
 * Data}, {@code %APPDATA%\Opera Software\Opera Stable}, {@code %APPDATA%\Mozilla\Firefox\Profiles}
 * (the original's list). Linux: {@code ~/.config/{google-chrome, chromium, microsoft-edge,
 * BraveSoftware/Brave-Browser, opera}}, {@code ~/.mozilla/firefox}, {@code
 * ~/snap/firefox/common/.mozilla/firefox}. macOS: the same browsers under {@code
 * ~/Library/Application Support}.
 */
final class ProfileRoots {
  private ProfileRoots() {}

  /** A folder of one browser's profiles (or one profile). */
  record Root(String browser, boolean firefox, Path dir) {}

  static List<Root> defaults(Map<String, String> env, String osName) {
    String os = osName.toLowerCase(Locale.ROOT);
    List<Root> roots = new ArrayList<>();
    if (os.startsWith("windows")) {
      String local = env.get("LOCALAPPDATA");
      String roaming = env.get("APPDATA");
      add(roots, "Google Chrome", false, local, "Google", "Chrome", "User Data");
      add(roots, "Microsoft Edge", false, local, "Microsoft", "Edge", "User Data");
      add(roots, "Brave Browser", false, local, "BraveSoftware", "Brave-Browser", "User Data");
      add(roots, "Opera", false, roaming, "Opera Software", "Opera Stable");
      add(roots, "Mozilla Firefox", true, roaming, "Mozilla", "Firefox", "Profiles");
      return roots;
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home", ""));
    if (os.contains("mac")) {
      String support = home + "/Library/Application Support";
      add(roots, "Google Chrome", false, support, "Google", "Chrome");
      add(roots, "Microsoft Edge", false, support, "Microsoft Edge");
      add(roots, "Brave Browser", false, support, "BraveSoftware", "Brave-Browser");
      add(roots, "Opera", false, support, "com.operasoftware.Opera");
      add(roots, "Mozilla Firefox", true, support, "Firefox", "Profiles");
      return roots;
    }
    String config = env.getOrDefault("XDG_CONFIG_HOME", home + "/.config");
    add(roots, "Google Chrome", false, config, "google-chrome");
    add(roots, "Chromium", false, config, "chromium");
    add(roots, "Microsoft Edge", false, config, "microsoft-edge");
    add(roots, "Brave Browser", false, config, "BraveSoftware", "Brave-Browser");
    add(roots, "Opera", false, config, "opera");
    add(roots, "Mozilla Firefox", true, home, ".mozilla", "firefox");
    add(roots, "Mozilla Firefox", true, home, "snap", "firefox", "common", ".mozilla", "firefox");
    return roots;
  }

  /**
   * A folder named by the plan. Firefox if a {@code permissions.sqlite} is in it or one level down,
   * or its path says Firefox/Mozilla; otherwise Chromium. The browser's name is read from the path
   * ({@code …/Microsoft/Edge/User Data} is Microsoft Edge).
   */
  static Root fromPath(Path dir) {
    String text = dir.toString().toLowerCase(Locale.ROOT);
    boolean firefox =
        text.contains("firefox") || text.contains("mozilla") || hasFirefoxProfile(dir);
    if (firefox) {
      return new Root("Mozilla Firefox", true, dir);
    }
    String name;
    if (text.contains("edge")) {
      name = "Microsoft Edge";
    } else if (text.contains("brave")) {
      name = "Brave Browser";
    } else if (text.contains("opera")) {
      name = "Opera";
    } else if (text.contains("vivaldi")) {
      name = "Vivaldi";
    } else if (text.contains("chromium")) {
      name = "Chromium";
    } else if (text.contains("chrome")) {
      name = "Google Chrome";
    } else {
      name = "Chromium-based browser (" + dir.getFileName() + ")";
    }
    return new Root(name, false, dir);
  }

  private static boolean hasFirefoxProfile(Path dir) {
    if (Files.isRegularFile(dir.resolve("permissions.sqlite"))) {
      return true;
    }
    try (var s = Files.list(dir)) {
      return s.anyMatch(p -> Files.isRegularFile(p.resolve("permissions.sqlite")));
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  private static void add(
      List<Root> roots, String browser, boolean firefox, String base, String... more) {
    if (base == null || base.isBlank()) {
      return;
    }
    try {
      roots.add(new Root(browser, firefox, Path.of(base, more)));
    } catch (InvalidPathException e) {
      // an unusable variable: that browser is not looked for
    }
  }
}
