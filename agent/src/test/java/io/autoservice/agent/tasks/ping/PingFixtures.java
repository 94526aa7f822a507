package io.autoservice.agent.tasks.ping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The recorded ping outputs under {@code fixtures/tool-outputs/ping}. */
final class PingFixtures {
  private PingFixtures() {}

  /** The folder: {@code -Dfixtures.dir} (set by the build), else found above the working folder. */
  static Path dir() {
    String prop = System.getProperty("fixtures.dir");
    if (prop != null && !prop.isBlank()) {
      Path p = Path.of(prop, "tool-outputs", "ping");
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path p = d.resolve("fixtures").resolve("tool-outputs").resolve("ping");
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    throw new IllegalStateException("fixtures/tool-outputs/ping not found");
  }

  static Path file(String name) {
    return dir().resolve(name);
  }

  /** A UTF-8 fixture's lines. */
  static List<String> lines(String name) {
    try {
      return Files.readAllLines(file(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
