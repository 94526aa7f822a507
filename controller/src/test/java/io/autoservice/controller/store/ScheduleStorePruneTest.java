package io.autoservice.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.plan.PlanParser;
import io.autoservice.controller.model.DeliveryRecord;
import io.autoservice.controller.model.ScheduleRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What schedules fired is pruned by age on both engines, never what is still to start. */
class ScheduleStorePruneTest {
  private static final Instant T0 = Instant.parse("2026-06-01T19:00:00Z");

  @TempDir Path data;

  @ParameterizedTest
  @EnumSource(Engine.class)
  void shouldPruneOldOccurrencesWithTheirDeliveriesButNotOnesWithAPcStillWaiting(Engine engine)
      throws Exception {
    try (Database db = engine.open(data)) {
      ScheduleStore store = db.stores().schedules();
      assertThat(store.create(schedule())).isTrue();
      // given three old occurrences (dispatched, missed, one still pending) and a recent one
      fire(store, T0, DeliveryRecord.State.DISPATCHED);
      fire(store, T0.plus(Duration.ofDays(1)), DeliveryRecord.State.MISSED);
      fire(store, T0.plus(Duration.ofDays(2)), DeliveryRecord.State.PENDING);
      fire(store, T0.plus(Duration.ofDays(100)), DeliveryRecord.State.DISPATCHED);

      // when occurrences before day 50 are pruned, one a chunk
      Instant cutoff = T0.plus(Duration.ofDays(50));
      int pruned = 0;
      for (int n; (n = store.pruneOccurrences(cutoff, 1)) > 0; ) {
        pruned += n;
      }

      // then the two finished old ones are gone, the waiting one and the recent one stay
      assertThat(pruned).isEqualTo(2);
      assertThat(store.deliveries("s1", 10))
          .extracting(DeliveryRecord::occurrence)
          .containsExactlyInAnyOrder(T0.plus(Duration.ofDays(2)), T0.plus(Duration.ofDays(100)));
      assertThat(store.missedSince(Instant.EPOCH, 10)).isEmpty();
    }
  }

  private static ScheduleRecord schedule() throws Exception {
    return new ScheduleRecord(
        "s1",
        "nightly",
        PlanParser.parse("[{\"type\":\"hello_service\"}]"),
        ScheduleRecord.Target.agents(List.of("a1")),
        null,
        "UTC",
        "1d",
        Duration.ZERO,
        Duration.ofHours(6),
        Duration.ZERO,
        false,
        true,
        "tech",
        T0.minus(Duration.ofDays(1)),
        T0.minus(Duration.ofDays(1)));
  }

  private static void fire(ScheduleStore store, Instant at, DeliveryRecord.State state) {
    DeliveryRecord d =
        new DeliveryRecord(
            "s1",
            at,
            "a1",
            "PC-1",
            at,
            state,
            "run-" + at.getEpochSecond(),
            null,
            null,
            at,
            false,
            "scheduled");
    assertThat(store.fire("s1", at, false, at, List.of(d), null)).isTrue();
  }
}
