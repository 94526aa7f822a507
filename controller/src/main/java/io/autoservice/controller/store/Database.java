package io.autoservice.controller.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * The controller's store: by default the embedded one, or PostgreSQL when {@code store_url} names
 * it ({@link #open(StoreLocation, Path, Clock)}).
 *
 * <p>The embedded store is one SQLite file under the data folder, in WAL mode with {@code
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
  private final Dialect dialect;
  private final StoreLocation location; // the JDBC URL and credentials, for dedicated connections
  private final Stores stores;
  private final WalCheckpointer checkpointer; // null on PostgreSQL, which checkpoints itself

  private Database(
      HikariDataSource writers,
      HikariDataSource readers,
      Dialect dialect,
      StoreLocation location,
      Clock clock) {
    this.writers = writers;
    this.readers = readers;
    this.dialect = dialect;
    this.location = location;
    this.checkpointer = dialect == Dialect.SQLITE ? new WalCheckpointer(writers) : null;
    this.stores = Stores.jdbc(new Jdbc(writers, readers), dialect, clock);
  }

  /**
   * Opens the store {@code location} names: the embedded one in {@code dataDir}, or a PostgreSQL
   * database, whose schema is migrated here as the embedded one's is. On PostgreSQL, one pool of
   * {@code poolSize} serves readers and writers alike (the engine's MVCC keeps readers from waiting
   * on writers), and {@code synchronous_commit} stays on: a commit returns once it is durable, as
   * an ack requires.
   */
  public static Database open(StoreLocation location, Path dataDir, Clock clock)
      throws java.io.IOException {
    if (!location.shared()) {
      return open(dataDir, clock);
    }
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(location.url());
    hikari.setUsername(location.user());
    hikari.setPassword(location.password());
    hikari.setMaximumPoolSize(location.poolSize());
    hikari.setMinimumIdle(Math.min(2, location.poolSize()));
    // A database that went away must not hold a caller (the probe, the writer) for long: the
    // writer retries, the probe reports NOT_SERVING, and Hikari reconnects once it is back.
    hikari.setConnectionTimeout(5_000);
    hikari.setPoolName("store-pg");
    hikari.addDataSourceProperty("ApplicationName", "autoservice-controller");
    hikari.setConnectionInitSql("SET synchronous_commit = on");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot connect to the store at "
              + StoreLocation.redacted(location.url())
              + ": "
              + rootMessage(e),
          e);
    }
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations(Dialect.POSTGRESQL.migrations())
          .load()
          .migrate();
      return new Database(pool, pool, Dialect.POSTGRESQL, location, clock);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
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
      return new Database(
          writers,
          pool(url, true, 6, "store-read"),
          Dialect.SQLITE,
          new StoreLocation(url, null, null, 3),
          clock);
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
    long millis = Math.max(1, timeout.toMillis());
    try (Connection c = writers.getConnection();
        Statement st = c.createStatement()) {
      return dialect == Dialect.SQLITE ? probeSqlite(st, millis) : probePostgres(c, st, millis);
    } catch (SQLException | RuntimeException e) {
      return Optional.of("the store cannot take a write transaction: " + e.getMessage());
    }
  }

  private static Optional<String> probeSqlite(Statement st, long millis) throws SQLException {
    st.execute("PRAGMA busy_timeout = " + millis);
    try {
      // Plain statements, not setAutoCommit(false): a BEGIN refused as busy must leave the
      // pooled connection exactly as it was.
      st.execute("BEGIN IMMEDIATE");
      try {
        return failedMigrations(st);
      } finally {
        st.execute("ROLLBACK");
      }
    } finally {
      st.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
    }
  }

  /**
   * PostgreSQL has no database-wide write lock: a short transaction that locks the migration
   * history's rows (as a writer would take a lock) and gives up after {@code millis}.
   */
  private Optional<String> probePostgres(Connection c, Statement st, long millis)
      throws SQLException {
    c.setAutoCommit(false);
    try {
      for (String sql : dialect.probeTimeouts(millis)) {
        st.execute(sql);
      }
      try (ResultSet rs = st.executeQuery("SELECT 1 FROM flyway_schema_history FOR UPDATE")) {
        while (rs.next()) {
          // locked
        }
      }
      return failedMigrations(st);
    } finally {
      c.rollback();
      c.setAutoCommit(true);
    }
  }

  private static Optional<String> failedMigrations(Statement st) throws SQLException {
    try (ResultSet rs =
        st.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success")) {
      rs.next();
      int failed = rs.getInt(1);
      return failed == 0 ? Optional.empty() : Optional.of(failed + " schema migration(s) failed");
    }
  }

  /** Whether other controllers may share this store: true on PostgreSQL. */
  public boolean shared() {
    return dialect == Dialect.POSTGRESQL;
  }

  /** The engine under this store. */
  public Dialect dialect() {
    return dialect;
  }

  /**
   * A new connection of its own, outside the pool, with the store's URL and credentials (for a
   * long-lived session such as a {@code LISTEN}); the caller closes it.
   */
  public Connection dedicatedConnection() throws SQLException {
    return location.user() == null
        ? DriverManager.getConnection(location.url())
        : DriverManager.getConnection(location.url(), location.user(), location.password());
  }

  /** For tests that probe the engine itself. */
  DataSource writeDataSource() {
    return writers;
  }

  @Override
  public void close() {
    if (checkpointer != null) {
      checkpointer.close();
    }
    if (readers != writers) {
      readers.close();
    }
    writers.close();
  }
}
