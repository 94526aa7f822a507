package io.autoservice.agent.fleet;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's data folder is for the agent's account only: run plans, tool output and the taken
 * runs say what was done to which PC. On POSIX file systems its folders are created {@code
 * rwx------} and its files {@code rw-------} (so there is no moment another user can read one), and
 * {@link #tighten} fixes what an older agent left wider. Elsewhere (Windows) everything here is a
 * no-op: the folder inherits the ACL of where the installer put it.
 */
public final class OwnerOnly {
  private static final Logger log = LoggerFactory.getLogger(OwnerOnly.class);
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnly() {}

  /** Creates {@code dir} owner-only if it is missing (its parents as usual), then tightens it. */
  public static Path directory(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    try {
      if (POSIX) {
        Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(DIR));
      } else {
        Files.createDirectory(abs);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(abs)) {
        throw e;
      }
    }
    tighten(abs);
    return abs;
  }

  /** Opens a file, creating it owner-only if it does not exist. */
  public static FileChannel open(Path file, OpenOption... options) throws IOException {
    return FileChannel.open(file, Set.of(options), attributes());
  }

  /**
   * Makes every folder under {@code root} (itself included) {@code rwx------} and every file {@code
   * rw-------}.
   */
  public static void tighten(Path root) {
    if (!POSIX) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              set(dir, DIR);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile()) {
                set(file, FILE);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              log.warn("Data folder: cannot check the permissions of {}: {}", file, e.toString());
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      log.warn("Data folder: cannot check the permissions under {}: {}", root, e.toString());
    }
  }

  private static FileAttribute<?>[] attributes() {
    return POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
        : new FileAttribute<?>[0];
  }

  private static void set(Path p, Set<PosixFilePermission> perms) {
    try {
      if (!Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(perms)) {
        Files.setPosixFilePermissions(p, perms);
      }
    } catch (IOException | UnsupportedOperationException e) {
      log.warn("Data folder: cannot make {} owner-only: {}", p, e.toString());
    }
  }
}
