package io.autoservice.controller.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The controller's embedded store: one SQLite file under the data folder, in WAL mode with {@code
 * synchronous=FULL}, so a commit is on the disk (the WAL fsync'd) before it returns: an ack sent
 * after a commit survives a {@code kill -9} or a power cut by the engine's own commit, with no
 * checkpoint forced after it. The schema is brought up to date by Flyway at start.
 *
 * <p>Two pools: writers take the database's one write lock when a transaction begins ({@code BEGIN
 * IMMEDIATE}: a transaction that reads first and writes later could otherwise fail on a snapshot
 * another writer moved), readers never take it and never wait for writers (WAL).
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  static final String FILE = "controller.db";
  private static final int BUSY_TIMEOUT_MS = 30_000;
  private static final String OLD_H2_FILE = "controller.mv.db";

  private final HikariDataSource writers;
  private final HikariDataSource readers;
  private final Stores stores;
  private final WalCheckpointer checkpointer;

  private Database(HikariDataSource writers, HikariDataSource readers, Clock clock) {
    this.writers = writers;
    this.readers = readers;
    this.checkpointer = new WalCheckpointer(writers);
    this.stores = Stores.jdbc(new Jdbc(writers, readers), Dialect.SQLITE, clock);
  }

  /** Opens (creating if needed) {@code <dataDir>/controller.db} and migrates its schema. */
  public static Database open(Path dataDir) throws java.io.IOException {
    return open(dataDir, Clock.systemUTC());
  }

  public static Database open(Path dataDir, Clock clock) throws java.io.IOException {
    OwnerOnly.directory(dataDir);
    if (Files.exists(dataDir.resolve(OLD_H2_FILE)) && !Files.exists(fileIn(dataDir))) {
      log.warn(
          "{} holds an H2 database of an earlier controller; it is left as it was and a new store is"
              + " created in {} (runs and users are not carried over)",
          dataDir,
          FILE);
    }
    OwnerOnly.file(fileIn(dataDir));
    // SQLite gives new WAL and shared-memory files the database file's rights; ones an earlier
    // controller left wider are tightened here.
    OwnerOnly.ifExists(dataDir.toAbsolutePath().resolve(FILE + "-wal"));
    OwnerOnly.ifExists(dataDir.toAbsolutePath().resolve(FILE + "-shm"));
    String url = "jdbc:sqlite:" + fileIn(dataDir);
    HikariDataSource writers = pool(url, false, 3, "store-write");
    try {
      Flyway.configure()
          .dataSource(writers)
          .locations(Dialect.SQLITE.migrations())
          .load()
          .migrate();
      return new Database(writers, pool(url, true, 6, "store-read"), clock);
    } catch (RuntimeException e) {
      writers.close();
      throw e;
    }
  }

  private static HikariDataSource pool(String url, boolean readOnly, int size, String name) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.setTransactionMode(
        readOnly ? SQLiteConfig.TransactionMode.DEFERRED : SQLiteConfig.TransactionMode.IMMEDIATE);
    config.enforceForeignKeys(true);
    // Checkpoints (copying the WAL into the database file) run on a thread of their own
    // (WalCheckpointer), never inside the event writer's commits.
    config.setWalAutocheckpoint(0);
    config.setJournalSizeLimit(64 * 1024 * 1024);
    config.setCacheSize(readOnly ? -8_192 : -16_384); // KiB: indexes of a big archive stay cached
    SQLiteDataSource sqlite = new SQLiteDataSource(config);
    sqlite.setUrl(url);
    HikariConfig hikari = new HikariConfig();
    hikari.setDataSource(sqlite);
    hikari.setMaximumPoolSize(size);
    hikari.setMinimumIdle(1);
    hikari.setPoolName(name);
    return new HikariDataSource(hikari);
  }

  /** The database file in a data folder. */
  public static Path fileIn(Path dataDir) {
    return dataDir.toAbsolutePath().resolve(FILE);
  }

  /** Whether a controller has created its database in {@code dataDir}. */
  public static boolean existsIn(Path dataDir) {
    return Files.isRegularFile(fileIn(dataDir));
  }

  /** Every aggregate's store over this database. */
  public Stores stores() {
    return stores;
  }

  /**
   * Whether the store can commit now: a write transaction begins (the database's write lock is
   * taken within {@code timeout}, then given back at once, nothing written) and the schema's
   * migrations all succeeded. Empty when it can; else why not. Cheap enough to run every few
   * seconds.
   */
  public Optional<String> probe(Duration timeout) {
    try (Connection c = writers.getConnection();
        Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = " + Math.max(1, timeout.toMillis()));
      try {
        // Plain statements, not setAutoCommit(false): a BEGIN refused as busy must leave the
        // pooled connection exactly as it was.
        st.execute("BEGIN IMMEDIATE");
        try (ResultSet rs =
            st.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success")) {
          rs.next();
          int failed = rs.getInt(1);
          return failed == 0
              ? Optional.empty()
              : Optional.of(failed + " schema migration(s) failed");
        } finally {
          st.execute("ROLLBACK");
        }
      } finally {
        st.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
      }
    } catch (SQLException | RuntimeException e) {
      return Optional.of("the store cannot take a write transaction: " + e.getMessage());
    }
  }

  /** For tests that probe the engine itself. */
  DataSource writeDataSource() {
    return writers;
  }

  @Override
  public void close() {
    checkpointer.close();
    readers.close();
    writers.close();
  }
}
