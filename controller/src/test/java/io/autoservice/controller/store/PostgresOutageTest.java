package io.autoservice.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoservice.controller.model.EventRow;
import io.autoservice.testsupport.TestPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PostgreSQL going away and coming back: nothing is acknowledged while it is gone, the probe says
 * so, and once it is back the controller's store recovers by itself with nothing lost.
 */
class PostgresOutageTest {
  @TempDir Path pgDir;
  @TempDir Path data;

  /** How PostgreSQL goes away: a clean fast shutdown, or its postmaster killed outright. */
  enum Outage {
    STOPPED,
    KILLED
  }

  @ParameterizedTest
  @EnumSource(Outage.class)
  void shouldAckNothingWhilePostgresIsDownAndCommitItOnceItIsBack(Outage outage) throws Exception {
    TestPostgres pg = TestPostgres.privateServer(pgDir);
    try {
      TestPostgres.Db where = pg.newDatabase();
      List<String> acks = new CopyOnWriteArrayList<>();
      List<String> failures = new CopyOnWriteArrayList<>();
      StoreWriter.Observer observer =
          new StoreWriter.Observer() {
            @Override
            public void committed(int changes, long nanos) {}

            @Override
            public void failed(String why) {
              failures.add(why);
            }
          };
      try (Database db =
              Database.open(
                  StoreLocation.of(where.url(), where.user(), where.password(), 4),
                  data,
                  Clock.systemUTC());
          StoreWriter writer = new StoreWriter(db.stores().writeTarget(), 100, observer)) {
        writer.submit(b -> b.appendEvent(event(1)), () -> acks.add("1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> acks.contains("1"));

        if (outage == Outage.KILLED) {
          pg.kill();
        } else {
          pg.stop();
        }
        assertThat(db.probe(Duration.ofMillis(500)))
            .hasValueSatisfying(why -> assertThat(why).contains("cannot take a write transaction"));
        writer.submit(b -> b.appendEvent(event(2)), () -> acks.add("2"));
        await().atMost(Duration.ofSeconds(15)).until(() -> !failures.isEmpty());
        Thread.sleep(500);
        assertThat(acks).as("nothing acknowledged while the store is gone").containsExactly("1");

        pg.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> acks.contains("2"));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> db.probe(Duration.ofMillis(500)).isEmpty());
        assertThat(db.stores().events().events("run-1", 0, 10))
            .extracting(e -> e.seq())
            .containsExactly(1L, 2L);
      }
    } finally {
      pg.stop();
    }
  }

  private static EventRow event(long seq) {
    return new EventRow("run-1", seq, Instant.EPOCH, new byte[] {1});
  }
}
