package io.autoservice.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The project's {@code fixtures/} folder and the shared reference data beside the project. */
public final class Fixtures {
  private Fixtures() {}

  /**
   * {@code fixtures/}: {@code -Dfixtures.dir} (set by the build), else found above the working
   * folder.
   */
  public static Path root() {
    String prop = System.getProperty("fixtures.dir");
    if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop))) {
      return Path.of(prop);
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path p = d.resolve("fixtures");
      if (Files.isDirectory(p.resolve("plans"))) {
        return p;
      }
    }
    throw new IllegalStateException("fixtures/ not found");
  }

  /** {@code fixtures/tool-outputs/<tool>/<name>}. */
  public static Path toolOutput(String tool, String name) {
    return root().resolve("tool-outputs").resolve(tool).resolve(name);
  }

  /** A UTF-8 recorded output's lines. */
  public static List<String> lines(String tool, String name) {
    try {
      return Files.readAllLines(toolOutput(tool, name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The replaying fake tool, {@code fixtures/fake-tools/replay}. */
  public static Path replayTool() {
    return root().resolve("fake-tools").resolve("replay");
  }

  /**
   * {@code ../shared/reference/autoservice/results/<type>/<name>}: the original UI's sample
   * results.
   */
  public static Path referenceResult(String type, String name) {
    String prop = System.getProperty("shared.dir");
    Path shared =
        prop != null && !prop.isBlank()
            ? Path.of(prop)
            : root().resolve("../../shared").normalize();
    return shared.resolve("reference/autoservice/results").resolve(type).resolve(name);
  }
}
