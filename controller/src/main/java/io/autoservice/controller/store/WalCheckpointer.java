package io.autoservice.controller.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the write-ahead log into the database file, twice a second, on its own thread. SQLite
 * would otherwise do it inside whichever commit crosses its threshold (the event writer's, holding
 * up every ack of that batch for as long as the copy and its fsync take); a passive checkpoint here
 * runs beside the writer and the readers and waits for neither. Durability does not depend on it: a
 * commit is durable once it is in the WAL.
 */
final class WalCheckpointer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);
  private static final long EVERY_MS = 500;

  private final DataSource ds;
  private final Thread thread;
  private volatile boolean running = true;

  WalCheckpointer(DataSource ds) {
    this.ds = ds;
    this.thread = new Thread(this::loop, "store-checkpoint");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void loop() {
    while (running) {
      try {
        Thread.sleep(EVERY_MS);
        checkpoint();
      } catch (InterruptedException e) {
        return;
      } catch (SQLException | RuntimeException e) {
        log.debug("checkpoint skipped: {}", e.getMessage());
      }
    }
  }

  private void checkpoint() throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      if (rs.next() && rs.getInt(1) != 0) {
        log.debug("checkpoint busy");
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
