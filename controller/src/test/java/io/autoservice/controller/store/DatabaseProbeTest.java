package io.autoservice.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseProbeTest {
  @TempDir Path dir;

  @Test
  void shouldSayTheStoreCannotCommitWhileAnotherProcessHoldsItsWriteLock() throws Exception {
    try (Database db = Database.open(dir)) {
      assertThat(db.probe(Duration.ofMillis(200))).isEmpty();

      try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + Database.fileIn(dir));
          Statement st = lock.createStatement()) {
        st.execute("BEGIN EXCLUSIVE");
        assertThat(db.probe(Duration.ofMillis(200)))
            .hasValueSatisfying(why -> assertThat(why).contains("cannot take a write transaction"));
        assertThat(db.probe(Duration.ofMillis(200))).isPresent();
        st.execute("ROLLBACK");
      }

      assertThat(db.probe(Duration.ofMillis(200))).isEmpty();
      assertThat(db.probe(Duration.ofMillis(200))).isEmpty();
    }
  }

  @Test
  void shouldSayAPostgresStoreCannotCommitWhileAnotherSessionLocksItAndGiveUpInTime()
      throws Exception {
    try (Database db = Engine.POSTGRESQL.open(dir)) {
      assertThat(db.probe(Duration.ofMillis(200))).isEmpty();

      try (Connection lock = db.dedicatedConnection();
          Statement st = lock.createStatement()) {
        lock.setAutoCommit(false);
        st.execute("LOCK TABLE flyway_schema_history IN ACCESS EXCLUSIVE MODE");
        long started = System.nanoTime();
        assertThat(db.probe(Duration.ofMillis(200)))
            .hasValueSatisfying(why -> assertThat(why).contains("cannot take a write transaction"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        lock.rollback();
      }

      assertThat(db.probe(Duration.ofMillis(200))).isEmpty();
      assertThat(db.shared()).isTrue();
      assertThat(db.dialect()).isEqualTo(Dialect.POSTGRESQL);
    }
  }
}
