package io.autoservice.agent.tasks.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** A task's private temporary folder (a script to run, a report a tool writes). */
public final class TempFolders {
  private TempFolders() {}

  /**
   * Deletes {@code dir} and everything in it. A failure (a file still locked by a dying process)
   * goes to {@code log} and is never allowed to replace the task's outcome.
   */
  public static void delete(Path dir, Consumer<String> log) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      log.accept("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
