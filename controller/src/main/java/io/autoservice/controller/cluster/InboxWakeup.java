package io.autoservice.controller.cluster;

import io.autoservice.controller.store.ClusterStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs for messages to this replica on a connection of its own and wakes the inbox reader. Only
 * a wake-up: a notification lost while the connection is down costs the inbox's poll interval,
 * never a message (the row is the message).
 */
public final class InboxWakeup implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InboxWakeup.class);

  /** Opens a new, unpooled connection to the store. */
  @FunctionalInterface
  public interface Connector {
    Connection open() throws SQLException;
  }

  private final Connector connector;
  private final String replicaId;
  private final Runnable wake;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection current;

  public InboxWakeup(Connector connector, String replicaId, Runnable wake) {
    this.connector = connector;
    this.replicaId = replicaId;
    this.wake = wake;
    this.thread = new Thread(this::listen, "replica-listen");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void listen() {
    while (!closed) {
      try (Connection c = connector.open()) {
        current = c;
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + ClusterStore.CHANNEL);
        }
        wake.run(); // anything posted while not listening
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] got = pg.getNotifications(1_000);
          if (got == null) {
            continue;
          }
          for (PGNotification n : got) {
            if (replicaId.equals(n.getParameter())) {
              wake.run();
              break;
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!closed) {
          log.debug("replica LISTEN connection lost ({}); reconnecting", e.toString());
          try {
            Thread.sleep(1_000);
          } catch (InterruptedException stop) {
            return;
          }
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    Connection c = current;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing
      }
    }
    thread.interrupt();
  }
}
