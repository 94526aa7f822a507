package io.autoservice.controller.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The controller's data folder, its database and the report folders hold customers' reports and the
 * fleet's identities: on POSIX they are the controller's account's only (0700 folders, 0600 files),
 * created that way (no window in which they are readable) and tightened when an earlier controller
 * left them wider. Elsewhere (Windows) nothing is changed: ACLs of the parent apply.
 */
public final class OwnerOnly {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnly() {}

  /** Creates {@code dir} (and missing parents) owner-only, or tightens it when it exists. */
  public static Path directory(Path dir) throws IOException {
    if (!POSIX) {
      return Files.createDirectories(dir);
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      directory(parent); // parents the controller creates are its own too
    }
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
      tighten(dir, DIR);
    }
    return dir;
  }

  /** Creates an empty file owner-only, or tightens it when it exists. */
  public static Path file(Path file) throws IOException {
    if (!POSIX) {
      return file;
    }
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
    } catch (FileAlreadyExistsException e) {
      tighten(file, FILE);
    }
    return file;
  }

  /** Tightens a file that may exist (a database's WAL and shared-memory files). */
  public static void ifExists(Path file) throws IOException {
    if (POSIX && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      tighten(file, FILE);
    }
  }

  private static void tighten(Path p, Set<PosixFilePermission> wanted) throws IOException {
    if (!Files.getPosixFilePermissions(p).equals(wanted)) {
      Files.setPosixFilePermissions(p, wanted);
    }
  }
}
