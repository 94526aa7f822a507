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

  /** Opens (creating if needed) {@code <dataDir>/controller.mv.db} and migrates its schema. */
  public static Database open(Path dataDir) throws java.io.IOException {
    Files.createDirectories(dataDir);
    String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("controller") + ";DB_CLOSE_ON_EXIT=FALSE";
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
