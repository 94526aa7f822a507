package io.autoservice.controller.backup;

import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.OwnerOnly;
import io.autoservice.controller.tls.ControllerTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a backup of a controller data folder as one zip: a consistent snapshot of the database
 * ({@link LiveStore#snapshot}), the files of {@code tls/} (the CA's certificate and private key,
 * the server's) and, last, the {@link Manifest}. The file is owner-only from its creation (it holds
 * the CA key) and appears under its name only once complete (written beside it, then renamed).
 */
public final class BackupWriter {
  public static final String DATABASE_ENTRY = "controller.db";
  public static final String TLS_PREFIX = "tls/";

  /** What was written. */
  public record Result(Path file, long bytes, Manifest manifest) {}

  private final Clock clock;
  private final Consumer<String> progress;

  public BackupWriter(Clock clock, Consumer<String> progress) {
    this.clock = clock;
    this.progress = progress;
  }

  public Result write(Path dataDir, Path target, boolean force) throws BackupException {
    if (!Database.existsIn(dataDir)) {
      throw new BackupException(
          "no controller database in "
              + dataDir.toAbsolutePath()
              + " (expected: "
              + Database.fileIn(dataDir)
              + "; is it the controller's --data folder?)");
    }
    Path file = target.toAbsolutePath();
    if (Files.isDirectory(file)) {
      throw new BackupException(file + " is a folder (expected: a file name for the backup)");
    }
    if (Files.exists(file) && !force) {
      throw new BackupException(file + " exists (use --force to replace it)");
    }
    Path parent = file.getParent();
    if (!Files.isDirectory(parent)) {
      throw new BackupException("no folder " + parent + " to write the backup in");
    }
    Path work = null;
    Path tmp = null;
    try {
      work = OwnerOnly.directory(Files.createTempDirectory(parent, ".backup-"));
      Path snapshot = work.resolve(DATABASE_ENTRY);
      progress.accept("snapshot of the database " + Database.fileIn(dataDir) + " …");
      LiveStore.snapshot(dataDir, snapshot);
      String schema = LiveStore.schemaVersion(snapshot);
      progress.accept(
          "snapshot taken: "
              + Sizes.human(Files.size(snapshot))
              + ", schema version "
              + schema
              + "; writing "
              + file
              + " …");
      tmp = OwnerOnly.file(work.resolve(file.getFileName() + ".partial"));
      List<Manifest.Entry> entries = new ArrayList<>();
      try (OutputStream raw = Files.newOutputStream(tmp, StandardOpenOption.WRITE);
          ZipOutputStream zip = new ZipOutputStream(raw)) {
        entries.add(add(zip, DATABASE_ENTRY, snapshot));
        for (Path f : tlsFiles(dataDir)) {
          entries.add(add(zip, TLS_PREFIX + f.getFileName(), f));
        }
        Manifest manifest =
            new Manifest(
                Manifest.FORMAT_VERSION, controllerVersion(), clock.instant(), schema, entries);
        zip.putNextEntry(new ZipEntry(Manifest.NAME));
        zip.write(manifest.toJson().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        zip.finish();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        long bytes = Files.size(tmp);
        move(tmp, file, force);
        return new Result(file, bytes, manifest);
      }
    } catch (IOException e) {
      throw new BackupException("cannot write the backup " + file + ": " + describe(e), e);
    } finally {
      Trees.deleteQuietly(work);
    }
  }

  /** The regular files of {@code tls/}; none on a controller run with {@code --insecure}. */
  private List<Path> tlsFiles(Path dataDir) throws IOException {
    Path tls = ControllerTls.dir(dataDir);
    if (!Files.isDirectory(tls)) {
      progress.accept("no " + tls + " (a controller run with --insecure): database only");
      return List.of();
    }
    try (Stream<Path> files = Files.list(tls)) {
      return files.filter(Files::isRegularFile).filter(p -> isBackedUp(p)).sorted().toList();
    }
  }

  /** Leftovers of an interrupted atomic write (dot-files) are not part of the material. */
  private static boolean isBackedUp(Path p) {
    return !p.getFileName().toString().startsWith(".");
  }

  private static Manifest.Entry add(ZipOutputStream zip, String name, Path source)
      throws IOException {
    MessageDigest sha = Sha256.digest();
    zip.putNextEntry(new ZipEntry(name));
    long size;
    try (InputStream in = Files.newInputStream(source)) {
      // Not closed: closing it would close the zip.
      DigestOutputStream out = new DigestOutputStream(zip, sha);
      size = in.transferTo(out);
      out.flush();
    }
    zip.closeEntry();
    return new Manifest.Entry(name, size, HexFormat.of().formatHex(sha.digest()));
  }

  private static void move(Path tmp, Path file, boolean force) throws IOException {
    try {
      if (force) {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        // Checked above, but another process may have written it since: never replaced unasked.
        Files.createLink(file, tmp);
      }
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (UnsupportedOperationException e) {
      Files.move(tmp, file);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(file + " appeared meanwhile (use --force to replace it)", e);
    }
  }

  static String controllerVersion() {
    String v = BackupWriter.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** The JDK names disk full and missing rights in the message; the exception class says which. */
  static String describe(IOException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + m;
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or folder: " + m;
    }
    return m.isEmpty() ? e.toString() : m;
  }
}
