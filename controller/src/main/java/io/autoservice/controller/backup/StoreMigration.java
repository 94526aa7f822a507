package io.autoservice.controller.backup;

import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.StoreLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Moves a stopped controller's embedded store into an empty PostgreSQL database: both schemas are
 * brought to the same version by their Flyway migrations, every table is copied row for row in one
 * transaction (all or nothing), and the row counts are compared afterwards. Tables are listed from
 * the embedded store itself, so a table a later migration adds is carried over too.
 */
public final class StoreMigration {
  private static final int BATCH = 1_000;

  private StoreMigration() {}

  /** Copies everything; returns each table's row count as found in PostgreSQL afterwards. */
  public static Map<String, Long> copy(Path dataDir, StoreLocation to, Consumer<String> progress)
      throws BackupException {
    if (!Database.existsIn(dataDir)) {
      throw new BackupException("no controller store in " + dataDir.toAbsolutePath());
    }
    if (LiveStore.inUse(dataDir)) {
      throw new BackupException(
          "the store in "
              + dataDir.toAbsolutePath()
              + " is in use by a running controller: stop it first (the copy must be complete)");
    }
    try (Database source = Database.open(dataDir);
        Database target = Database.open(to, dataDir, Clock.systemUTC());
        Connection from = source.dedicatedConnection();
        Connection into = target.dedicatedConnection()) {
      List<String> tables = tables(from);
      List<String> notEmpty = new ArrayList<>();
      for (String t : tables) {
        if (count(into, t) > 0) {
          notEmpty.add(t);
        }
      }
      if (!notEmpty.isEmpty()) {
        throw new BackupException(
            "the PostgreSQL database is not empty (rows in "
                + String.join(", ", notEmpty)
                + "): migrate only into a new database");
      }
      Map<String, Long> expected = new LinkedHashMap<>();
      into.setAutoCommit(false);
      try {
        for (String t : tables) {
          expected.put(t, copyTable(from, into, t));
          progress.accept("copied " + t + ": " + expected.get(t) + " rows");
        }
        restartIdentities(into, tables);
        into.commit();
      } catch (SQLException | RuntimeException e) {
        into.rollback();
        throw e;
      } finally {
        into.setAutoCommit(true);
      }
      Map<String, Long> found = new LinkedHashMap<>();
      for (String t : tables) {
        found.put(t, count(into, t));
      }
      if (!found.equals(expected)) {
        throw new BackupException(
            "row counts differ after the copy: embedded " + expected + ", PostgreSQL " + found);
      }
      return Collections.unmodifiableMap(found);
    } catch (SQLException | IOException | RuntimeException e) {
      throw new BackupException("migration failed, nothing was copied: " + e.getMessage(), e);
    }
  }

  private static List<String> tables(Connection sqlite) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = sqlite.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                    + " AND name <> 'flyway_schema_history' ORDER BY name")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long copyTable(Connection from, Connection into, String table)
      throws SQLException {
    long rows = 0;
    try (Statement s = from.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
      ResultSetMetaData meta = rs.getMetaData();
      int n = meta.getColumnCount();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        columns.add(meta.getColumnName(i));
      }
      String insert =
          "INSERT INTO "
              + table
              + " ("
              + String.join(", ", columns)
              + ") VALUES ("
              + String.join(", ", Collections.nCopies(n, "?"))
              + ")";
      try (PreparedStatement ps = into.prepareStatement(insert)) {
        while (rs.next()) {
          for (int i = 1; i <= n; i++) {
            Object v = rs.getObject(i);
            if (v == null) {
              ps.setNull(i, Types.NULL);
            } else if (v instanceof byte[] b) {
              ps.setBytes(i, b);
            } else {
              ps.setObject(i, v);
            }
          }
          ps.addBatch();
          if (++rows % BATCH == 0) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
    }
    return rows;
  }

  /** Identity columns continue after the ids copied (the audit log's), not from 1. */
  private static void restartIdentities(Connection into, List<String> tables) throws SQLException {
    try (Statement s = into.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_name, column_name FROM information_schema.columns"
                    + " WHERE table_schema = current_schema() AND is_identity = 'YES'")) {
      List<String[]> identities = new ArrayList<>();
      while (rs.next()) {
        identities.add(new String[] {rs.getString(1), rs.getString(2)});
      }
      for (String[] id : identities) {
        if (!tables.contains(id[0])) {
          continue;
        }
        try (Statement set = into.createStatement()) {
          set.execute(
              "SELECT setval(pg_get_serial_sequence('"
                  + id[0]
                  + "', '"
                  + id[1]
                  + "'), COALESCE((SELECT MAX("
                  + id[1]
                  + ") FROM "
                  + id[0]
                  + "), 0) + 1, false)");
        }
      }
    }
  }
}
