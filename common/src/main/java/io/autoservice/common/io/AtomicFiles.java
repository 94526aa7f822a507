package io.autoservice.common.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces a file's content in one step: a reader, or a process that starts after this one was
 * killed mid-write, sees the old content or the new one, never a torn file.
 */
public final class AtomicFiles {
  /**
   * Something done to the still-empty temporary file before the content goes in (e.g. its
   * permissions).
   */
  @FunctionalInterface
  public interface Prepare {
    void apply(Path tmp) throws IOException;
  }

  private AtomicFiles() {}

  /** Writes {@code content} as UTF-8; see {@link #write(Path, byte[])}. */
  public static void write(Path file, String content) throws IOException {
    write(file, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code content} to a temporary file beside {@code file}, then renames it over. */
  public static void write(Path file, byte[] content) throws IOException {
    write(file, content, tmp -> {});
  }

  /**
   * As {@link #write(Path, byte[])}, with {@code prepare} applied to the temporary file while it is
   * empty.
   */
  public static void write(Path file, byte[] content, Prepare prepare) throws IOException {
    Path tmp =
        Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
    try {
      prepare.apply(tmp);
      Files.write(tmp, content);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
