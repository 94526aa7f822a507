package io.autoservice.controller.backup;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Removing the work folders a backup or a restore leaves when it stops. */
final class Trees {
  private Trees() {}

  static void delete(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Best effort: what is left is named by the caller's error, not a second one. */
  static void deleteQuietly(Path dir) {
    try {
      delete(dir);
    } catch (IOException e) {
      // left behind; the folder's name starts with a dot and says what it was
    }
  }

  /** Whether {@code dir} has no entries (or does not exist). */
  static boolean isEmpty(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return !Files.exists(dir);
    }
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
