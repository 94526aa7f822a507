package io.autoservice.controller.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.controller.model.HistoryPoint;
import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.HistoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trend an alert rule asks for: did a figure grow between the PC's last two runs? */
class TrendsTest {
  private static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");
  private static final String SDA = "/dev/sda 9RK1XXXX";

  @TempDir Path data;

  @Test
  void shouldSayAFigureGrewOnlyWhenItsLastPointIsAboveTheOneBefore() throws Exception {
    try (Database db = Database.open(data)) {
      HistoryStore history = db.stores().history();
      record(history, "r1", 0, 0, 5);
      record(history, "r2", 1, 8, 5);
      Trends trends = new Trends(history);

      assertThat(trends.grew("pc-1", "smart.reallocated_sectors", SDA)).isTrue();
      assertThat(trends.direction("pc-1", "smart.pending_sectors", SDA))
          .isEqualTo(Trends.Direction.SAME);
      assertThat(trends.grew("pc-1", "smart.reallocated_sectors", "/dev/sdb"))
          .as("no such drive")
          .isFalse();
      assertThat(trends.direction("pc-2", "smart.reallocated_sectors", SDA))
          .isEqualTo(Trends.Direction.UNKNOWN);

      record(history, "r3", 2, 8, 2);
      assertThat(trends.grew("pc-1", "smart.reallocated_sectors", SDA))
          .as("8 then 8: it did not grow since the last run")
          .isFalse();
      assertThat(trends.direction("pc-1", "smart.pending_sectors", SDA))
          .isEqualTo(Trends.Direction.DOWN);
    }
  }

  private static void record(
      HistoryStore history, String run, int day, double reallocated, double pending) {
    Instant at = T0.plus(Duration.ofDays(day));
    history.record(
        run,
        "pc-1",
        at,
        List.of(
            new HistoryPoint("pc-1", run, "smart.reallocated_sectors", SDA, at, reallocated, null),
            new HistoryPoint("pc-1", run, "smart.pending_sectors", SDA, at, pending, null)));
  }
}
