package io.autoservice.controller.backup;

import io.autoservice.controller.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The controller's SQLite database seen from another process. The controller opens it in WAL mode
 * with the normal (shared) locking mode, so other processes may read it while it runs: a snapshot
 * is taken with {@code VACUUM INTO} in one read transaction, which sees the database as of its
 * start, never waits for the controller's writer and never holds it up (WAL readers and the writer
 * do not block each other; the controller's passive checkpoints stop short of frames a reader still
 * needs). A file copy of a live WAL database could pair a database file and a WAL from different
 * moments; this cannot.
 */
public final class LiveStore {
  private LiveStore() {}

  /** Writes a consistent copy of the database in {@code dataDir} to {@code target} (absent). */
  static void snapshot(Path dataDir, Path target) throws BackupException {
    try (Connection c = open(Database.fileIn(dataDir), new SQLiteConfig());
        Statement s = c.createStatement()) {
      s.execute("VACUUM INTO '" + target.toAbsolutePath().toString().replace("'", "''") + "'");
    } catch (SQLException e) {
      throw new BackupException(
          "cannot snapshot the database " + Database.fileIn(dataDir) + ": " + reason(e), e);
    }
  }

  /**
   * Whether a process (a running controller) has the database in {@code dataDir} open. Every
   * connection to a WAL database holds a shared lock on the database file for as long as it is
   * open; a connection in exclusive locking mode needs that file's exclusive lock to read, so its
   * first read fails with SQLITE_BUSY while any other connection is open. The lock is the operating
   * system's: a controller killed outright leaves none behind, unlike a pid file.
   */
  public static boolean inUse(Path dataDir) throws BackupException {
    if (!Database.existsIn(dataDir)) {
      return false;
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setLockingMode(SQLiteConfig.LockingMode.EXCLUSIVE);
    config.setBusyTimeout(500);
    try (Connection c = open(Database.fileIn(dataDir), config);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
      rs.next();
      return false;
    } catch (SQLException e) {
      if (isBusy(e)) {
        return true;
      }
      throw new BackupException(
          "cannot open the database " + Database.fileIn(dataDir) + ": " + reason(e), e);
    }
  }

  /** The schema version Flyway last applied to the database file {@code db}. */
  static String schemaVersion(Path db) throws BackupException {
    try (Connection c = open(db, new SQLiteConfig());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT version FROM flyway_schema_history WHERE success = 1 AND version IS NOT"
                    + " NULL ORDER BY installed_rank DESC LIMIT 1")) {
      return rs.next() ? rs.getString(1) : "none";
    } catch (SQLException e) {
      throw new BackupException("cannot read the schema version of " + db + ": " + reason(e), e);
    }
  }

  static Connection open(Path db, SQLiteConfig config) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath(), config.toProperties());
  }

  static boolean isBusy(SQLException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("SQLITE_BUSY") || m.contains("database is locked");
  }

  /** SQLite's own words, which name the cause (disk full, not a database, …). */
  static String reason(SQLException e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
