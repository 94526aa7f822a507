package io.autoservice.controller.backup;

import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.OwnerOnly;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;

/**
 * Restores a backup into a data folder: refuses while a controller has that folder's database open
 * ({@link LiveStore#inUse}), unpacks and verifies into a new folder beside it, checks the database,
 * and only then puts the new folder in place (a rename), so a refused or failed restore leaves the
 * folder as it was. A folder that was not empty is kept under a new name beside it, never deleted.
 */
public final class Restorer {
  /** How far back a starting controller re-exports report folders (ControllerServer). */
  public static final Duration REEXPORT_WINDOW = Duration.ofDays(30);

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** What was restored. */
  public record Result(
      Manifest manifest,
      Path dataDir,
      Path previous,
      int reportsToExport,
      int reportsNotExported) {}

  private record Reports(int toExport, int notExported) {}

  private final Clock clock;
  private final Consumer<String> progress;

  public Restorer(Clock clock, Consumer<String> progress) {
    this.clock = clock;
    this.progress = progress;
  }

  public Result restore(Path backup, Path dataDir, boolean force) throws BackupException {
    Path dir = dataDir.toAbsolutePath().normalize();
    if (!Files.isRegularFile(backup)) {
      throw new BackupException("no backup file " + backup.toAbsolutePath());
    }
    refuseIfLive(dir);
    boolean empty;
    try {
      empty = Trees.isEmpty(dir);
    } catch (IOException e) {
      throw new BackupException("cannot read " + dir + ": " + BackupWriter.describe(e), e);
    }
    if (!empty && !force) {
      throw new BackupException(
          dir
              + " is not empty (use --force to restore anyway: what is in it now is kept beside it,"
              + " renamed)");
    }
    Path work = null;
    try {
      Path parent = dir.getParent();
      Files.createDirectories(parent);
      work =
          OwnerOnly.directory(
              Files.createTempDirectory(parent, "." + dir.getFileName() + ".restore-"));
      progress.accept("verifying and unpacking " + backup.toAbsolutePath() + " …");
      Manifest manifest = BackupReader.unpack(backup, work);
      progress.accept(
          "backup of "
              + manifest.createdAt()
              + " by controller "
              + manifest.controllerVersion()
              + " (schema version "
              + manifest.schemaVersion()
              + "): "
              + manifest.entries().size()
              + " entries verified");
      Reports reports = prepareDatabase(Database.fileIn(work));
      refuseIfLive(dir); // a controller may have started meanwhile
      Path previous = swap(work, dir, empty);
      work = null;
      return new Result(manifest, dir, previous, reports.toExport(), reports.notExported());
    } catch (IOException e) {
      throw new BackupException("cannot restore into " + dir + ": " + BackupWriter.describe(e), e);
    } finally {
      Trees.deleteQuietly(work);
    }
  }

  private static void refuseIfLive(Path dir) throws BackupException {
    if (LiveStore.inUse(dir)) {
      throw new BackupException(
          "a controller is running on "
              + dir
              + " (its database "
              + Database.fileIn(dir)
              + " is open); stop it before restoring");
    }
  }

  /**
   * Checks the restored database and marks its runs' report folders as not exported: the backup
   * holds none, and a starting controller writes the missing ones of the last {@link
   * #REEXPORT_WINDOW}. Returns how many runs it will export, and how many older ones it will not.
   */
  private Reports prepareDatabase(Path db) throws BackupException {
    try (Connection c = LiveStore.open(db, new SQLiteConfig());
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
        String verdict = rs.next() ? rs.getString(1) : "no answer";
        if (!"ok".equals(verdict)) {
          throw new BackupException("the database in the backup fails SQLite's check: " + verdict);
        }
      }
      s.executeUpdate(
          "UPDATE runs SET export_dir = NULL WHERE export_dir IS NOT NULL AND export_dir <> ''");
      // Claims by the controllers that wrote the backup: theirs to write no more.
      s.executeUpdate("UPDATE runs SET export_claimed_by = NULL, export_claimed_at = NULL");
      // The store keeps instants as microseconds since the epoch.
      java.time.Instant since = clock.instant().minus(REEXPORT_WINDOW);
      long cutoff = since.getEpochSecond() * 1_000_000 + since.getNano() / 1_000;
      return new Reports(
          count(s, "state = 'finished' AND export_dir IS NULL AND finished_at >= " + cutoff),
          count(s, "state = 'finished' AND export_dir IS NULL AND finished_at < " + cutoff));
    } catch (SQLException e) {
      throw new BackupException(
          "the database in the backup cannot be opened: " + LiveStore.reason(e), e);
    }
  }

  private static int count(Statement s, String where) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM runs WHERE " + where)) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /** Puts {@code work} in place of {@code dir}; returns where a non-empty {@code dir} went. */
  private Path swap(Path work, Path dir, boolean empty) throws IOException {
    Path previous = null;
    if (Files.exists(dir)) {
      if (empty) {
        Files.delete(dir);
      } else {
        previous =
            dir.resolveSibling(
                dir.getFileName() + ".before-restore-" + STAMP.format(clock.instant()));
        move(dir, previous);
        progress.accept("the folder's former content is kept in " + previous);
      }
    }
    move(work, dir);
    return previous;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }
}
