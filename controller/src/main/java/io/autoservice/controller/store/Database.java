package io.autoservice.controller.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The controller's embedded database: one H2 file under the data folder, its schema brought up to
 * date by Flyway at start. Everything else talks to it through {@link RunStore}.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;

  private Database(HikariDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Opens (creating if needed) {@code <dataDir>/controller.mv.db} and migrates its schema.
   *
   * <p>{@code WRITE_DELAY=0}: every commit is written to the file before it returns. H2 keeps no
   * redo log; by default it writes committed changes in the background every 500 ms, so a
   * controller killed (or crashing) just after acking an agent's events lost them, though the agent
   * had already forgotten them, and with them whole finished runs. Commits come in batches (the
   * event writer's up to 512 events), so this costs one file write per batch, not per event.
   */
  public static Database open(Path dataDir) throws java.io.IOException {
    Files.createDirectories(dataDir);
    String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("controller")
        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    return open(url);
  }

  /** The database file in a data folder. */
  public static Path fileIn(Path dataDir) {
    return dataDir.toAbsolutePath().resolve("controller.mv.db");
  }

  /** Whether a controller has created its database in {@code dataDir}. */
  public static boolean existsIn(Path dataDir) {
    return Files.isRegularFile(fileIn(dataDir));
  }

  /** Opens any H2 URL (tests use {@code jdbc:h2:mem:…}). */
  public static Database open(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername("sa");
    config.setPassword("");
    config.setMaximumPoolSize(4);
    config.setPoolName("controller-db");
    HikariDataSource ds = new HikariDataSource(config);
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    return new Database(ds);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
