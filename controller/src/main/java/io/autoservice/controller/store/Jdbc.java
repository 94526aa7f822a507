package io.autoservice.controller.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The one place that opens connections and binds parameters: every store class states its SQL and
 * how a row reads, nothing else. Instants are bound as microseconds since the epoch (the schema's
 * time columns), so no driver's time-zone handling is involved.
 */
final class Jdbc {
  /** Reads one row; may throw to say the row is bad. */
  @FunctionalInterface
  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Work inside one transaction. */
  @FunctionalInterface
  interface TxWork<T> {
    T run(Tx tx) throws SQLException;
  }

  private final DataSource writers;
  private final DataSource readers;

  /** Writes (and reads that must see a transaction's own writes) go to {@code writers}. */
  Jdbc(DataSource writers, DataSource readers) {
    this.writers = writers;
    this.readers = readers;
  }

  /** A read on a reader connection: it never waits for a writer. */
  <T> List<T> query(String sql, Row<T> row, Object... args) {
    try (Connection c = readers.getConnection()) {
      return new Tx(c).query(sql, row, args);
    } catch (SQLException e) {
      throw new StoreException(e.getMessage(), e);
    }
  }

  <T> Optional<T> one(String sql, Row<T> row, Object... args) {
    List<T> found = query(sql, row, args);
    return found.isEmpty() ? Optional.empty() : Optional.ofNullable(found.get(0));
  }

  int update(String sql, Object... args) {
    return inTransaction(tx -> tx.update(sql, args));
  }

  /** Runs the work in one transaction: committed when it returns, rolled back when it throws. */
  <T> T inTransaction(TxWork<T> work) {
    try (Connection c = writers.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(new Tx(c));
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw new StoreException(e.getMessage(), e);
    }
  }

  /** A connection inside a transaction. */
  static final class Tx {
    private final Connection c;

    Tx(Connection c) {
      this.c = c;
    }

    <T> List<T> query(String sql, Row<T> row, Object... args) throws SQLException {
      List<T> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(row.read(rs));
          }
        }
      }
      return out;
    }

    int update(String sql, Object... args) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, args);
        return ps.executeUpdate();
      }
    }

    /** Inserts a row and returns its generated key. */
    long insert(String sql, Object... args) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
        bind(ps, args);
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          return keys.next() ? keys.getLong(1) : 0;
        }
      }
    }

    /** One statement run for each argument list, as a JDBC batch. */
    void batch(String sql, List<Object[]> rows) throws SQLException {
      if (rows.isEmpty()) {
        return;
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (Object[] args : rows) {
          bind(ps, args);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) {
        ps.setNull(i + 1, Types.NULL);
      } else if (a instanceof Instant t) {
        ps.setLong(i + 1, micros(t));
      } else if (a instanceof byte[] b) {
        ps.setBytes(i + 1, b);
      } else {
        ps.setObject(i + 1, a);
      }
    }
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  /** The instant in a time column, null when the column is NULL. */
  static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    if (rs.wasNull()) {
      return null;
    }
    return Instant.ofEpochSecond(
        Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1_000L);
  }
}
