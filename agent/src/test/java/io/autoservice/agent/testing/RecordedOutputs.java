package io.autoservice.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every output file of one {@code fixtures/tool-outputs/<tool>/} folder, for property tests that
 * must hold on all of them: recorded and reconstructed ({@code synthetic-*}) outputs alike. The
 * folder's README, generator scripts, exit-code files and OEM-code-page twins (each has a UTF-8
 * copy beside it) are left out.
 */
public final class RecordedOutputs {
  private RecordedOutputs() {}

  /** The folder's output files whose names end with one of {@code suffixes}, sorted by name. */
  public static List<Path> files(String tool, String... suffixes) {
    Path dir = Fixtures.root().resolve("tool-outputs").resolve(tool);
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> out =
          s.filter(Files::isRegularFile)
              .filter(p -> isOutput(p.getFileName().toString(), suffixes))
              .sorted()
              .toList();
      if (out.isEmpty()) {
        throw new IllegalStateException("no outputs in " + dir);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isOutput(String name, String[] suffixes) {
    if (name.equals("README.md")
        || name.endsWith(".py")
        || name.endsWith(".sh")
        || name.endsWith(".exit")
        || name.matches(".*\\.oem\\d+\\.txt")) {
      return false;
    }
    return suffixes.length == 0 || Arrays.stream(suffixes).anyMatch(name::endsWith);
  }

  /**
   * A file's text: UTF-16LE when named {@code *.utf16le.*}, else UTF-8 (invalid bytes replaced); a
   * BOM dropped.
   */
  public static String text(Path p) {
    try {
      byte[] b = Files.readAllBytes(p);
      String s =
          p.getFileName().toString().contains(".utf16le.")
              ? new String(b, StandardCharsets.UTF_16LE)
              : new String(b, StandardCharsets.UTF_8);
      return s.startsWith("\uFEFF") ? s.substring(1) : s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #text}'s lines. */
  public static List<String> lines(Path p) {
    return text(p).lines().toList();
  }

  /** The bytes, for parsers that decode themselves. */
  public static byte[] bytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
