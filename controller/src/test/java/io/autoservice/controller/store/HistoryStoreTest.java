package io.autoservice.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunStatus;
import io.autoservice.controller.model.HistoryPoint;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each PC's history on both engines: recorded once, read back in order, pruned by age. */
class HistoryStoreTest {
  private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");

  @TempDir Path data;

  @ParameterizedTest
  @EnumSource(Engine.class)
  void shouldRecordARunOnceAndReadItsSeriesBackInOrder(Engine engine) throws Exception {
    try (Database db = engine.open(data)) {
      HistoryStore history = db.stores().history();
      // given three runs of pc-1 whose drive's reallocated sectors grow, and one of pc-2
      for (int i = 0; i < 3; i++) {
        Instant at = T0.plus(Duration.ofDays(i));
        history.record(
            "r" + i,
            "pc-1",
            at,
            List.of(
                point("pc-1", "r" + i, "smart.reallocated_sectors", "/dev/sda S1", at, i * 8),
                point("pc-1", "r" + i, "volume.used_percent", "C:", at, 50 + i)));
      }
      history.record(
          "x", "pc-2", T0, List.of(point("pc-2", "x", "volume.used_percent", "C:", T0, 99)));

      // when the same run is recorded again (a retry, another replica)
      history.record(
          "r1",
          "pc-1",
          T0.plus(Duration.ofDays(1)),
          List.of(
              point(
                  "pc-1",
                  "r1",
                  "smart.reallocated_sectors",
                  "/dev/sda S1",
                  T0.plus(Duration.ofDays(1)),
                  1234)));

      // then each series holds each run once, oldest first, the first write kept
      List<HistoryPoint> all = history.points("pc-1", Set.of(), Instant.EPOCH, 1000);
      assertThat(all).hasSize(6);
      assertThat(
              all.stream()
                  .filter(p -> p.metric().equals("smart.reallocated_sectors"))
                  .map(HistoryPoint::value))
          .containsExactly(0.0, 8.0, 16.0);
      assertThat(history.points("pc-1", Set.of("volume.used_percent"), Instant.EPOCH, 1000))
          .extracting(HistoryPoint::value)
          .containsExactly(50.0, 51.0, 52.0);
      assertThat(history.points("pc-1", Set.of(), T0.plus(Duration.ofDays(2)), 1000))
          .as("since the third run")
          .hasSize(2);
      assertThat(history.points("pc-1", Set.of(), Instant.EPOCH, 2))
          .as("the newest two points")
          .extracting(HistoryPoint::runId)
          .containsOnly("r2");
      assertThat(history.recorded("r1")).isTrue();
      assertThat(history.recorded("r9")).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void shouldStoreARunOnceWhenTwoReplicasRecordItAtOnce(Engine engine) throws Exception {
    try (Database db = engine.open(data)) {
      HistoryStore history = db.stores().history();
      List<HistoryPoint> points =
          List.of(
              point("pc-1", "r1", "smart.health", "/dev/sda", T0, 0),
              point("pc-1", "r1", "smart.wear_percent", "/dev/sda", T0, 3));
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<Void>> both =
          List.of(1, 2).stream()
              .map(
                  i ->
                      CompletableFuture.runAsync(
                          () -> {
                            try {
                              go.await();
                            } catch (InterruptedException e) {
                              Thread.currentThread().interrupt();
                            }
                            history.record("r1", "pc-1", T0, points);
                          }))
              .toList();
      go.countDown();
      both.forEach(CompletableFuture::join);

      assertThat(history.points("pc-1", Set.of(), Instant.EPOCH, 100)).hasSize(2);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void shouldListFinishedRunsNotReadYetAndPruneOnlyOldHistory(Engine engine) throws Exception {
    try (Database db = engine.open(data)) {
      HistoryStore history = db.stores().history();
      RunStore runs = db.stores().runs();
      runs.insert(run("done-read", RunState.FINISHED, T0), null);
      runs.insert(run("done-unread", RunState.FINISHED, T0.plusSeconds(1)), null);
      runs.insert(run("running", RunState.RUNNING, null), null);
      history.record(
          "done-read",
          "pc-1",
          T0,
          List.of(point("pc-1", "done-read", "smart.health", "/dev/sda", T0, 0)));

      assertThat(history.finishedWithoutHistory(Instant.EPOCH, 10)).containsExactly("done-unread");
      assertThat(history.finishedWithoutHistory(T0.plusSeconds(5), 10))
          .as("older than the history keeps")
          .isEmpty();

      // given an old and a young run's history
      Instant young = T0.plus(Duration.ofDays(100));
      history.record(
          "young",
          "pc-1",
          young,
          List.of(point("pc-1", "young", "smart.health", "/dev/sda", young, 0)));

      // when history older than 30 days before the young run is pruned
      int pruned = history.prune(young.minus(Duration.ofDays(30)), 10);

      // then the old run's points and marker are gone, the young run's stay
      assertThat(pruned).isEqualTo(1);
      assertThat(history.points("pc-1", Set.of(), Instant.EPOCH, 100))
          .extracting(HistoryPoint::runId)
          .containsExactly("young");
      assertThat(history.recorded("done-read")).isFalse();
      assertThat(history.recorded("young")).isTrue();
    }
  }

  static HistoryPoint point(
      String agent, String run, String metric, String subject, Instant at, double value) {
    return new HistoryPoint(agent, run, metric, subject, at, value, null);
  }

  private static RunRecord run(String id, RunState state, Instant finished) throws Exception {
    return new RunRecord(
        id,
        "pc-1",
        "PC",
        Math.abs(id.hashCode()),
        state,
        state == RunState.FINISHED ? RunStatus.OK : null,
        PlanParser.parse("{\"type\":\"hello_service\"}"),
        0,
        "tech",
        T0.minusSeconds(600),
        T0.plusSeconds(3600),
        finished,
        1,
        null,
        null,
        null);
  }
}
