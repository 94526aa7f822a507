package io.autoservice.agent.tasks.ai.notifications;

import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.agent.tools.ToolNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A temporary tree of browser profiles made from the fixtures
 * (fixtures/tool-outputs/chromium-preferences, firefox-permissions).
 */
final class BrowserTree {
  final Path chrome;
  final Path edge;
  final Path firefox;
  final Path chromePrefs;
  final Path edgePrefs;
  final Path firefoxDb;

  BrowserTree(Path tmp) throws IOException {
    chrome = Files.createDirectories(tmp.resolve("Google/Chrome/User Data"));
    edge = Files.createDirectories(tmp.resolve("Microsoft/Edge/User Data"));
    firefox = Files.createDirectories(tmp.resolve("Mozilla/Firefox/Profiles"));
    chromePrefs =
        copy(
            "chromium-preferences",
            "synthetic-chrome-Default-Preferences.json",
            chrome.resolve("Default/Preferences"));
    edgePrefs =
        copy(
            "chromium-preferences",
            "synthetic-edge-Profile1-Preferences.json",
            edge.resolve("Profile 1/Preferences"));
    Files.createDirectories(chrome.resolve("System Profile"));
    Files.writeString(chrome.resolve("System Profile/Preferences"), "{}");
    Files.writeString(chrome.resolve("Local State"), "{}");
    firefoxDb =
        copy(
            "firefox-permissions",
            "synthetic-permissions.sqlite",
            firefox.resolve("k3x9q2m1.default-release/permissions.sqlite"));
  }

  private static Path copy(String tool, String name, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    return Files.copy(Fixtures.toolOutput(tool, name), to);
  }

  /** The sqlite3 program on PATH, if there is one. */
  static Optional<Path> sqlite3() {
    try {
      return Optional.of(
          new ToolLocator(System.getenv(), false)
              .locate(AiBrowserNotificationDisableHandler.SQLITE3, Optional.empty()));
    } catch (ToolNotFoundException e) {
      return Optional.empty();
    }
  }
}
