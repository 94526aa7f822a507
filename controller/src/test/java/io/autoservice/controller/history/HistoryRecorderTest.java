package io.autoservice.controller.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.RunReport;
import io.autoservice.controller.model.HistoryPoint;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.HistoryStore;
import io.autoservice.controller.store.RunStore;
import io.autoservice.testsupport.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder over a real store: every finished run read exactly once, across a restart. */
class HistoryRecorderTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path data;

  @Test
  void shouldReadEachFinishedRunOnceIncludingThoseARestartMissed() throws Exception {
    RunReport report =
        ReportJson.readSeedReport(ReportFiguresTest.resource("history/agent-report.json"));
    FakeClock clock = new FakeClock(NOW);
    try (Database db = Database.open(data)) {
      RunStore runs = db.stores().runs();
      HistoryStore history = db.stores().history();
      // given a run that finished before a crash, never handed to the recorder
      runs.insert(finished("missed", NOW.minus(Duration.ofDays(3)), report), null);
      // and one too old for the history's retention
      runs.insert(finished("ancient", NOW.minus(Duration.ofDays(800)), report), null);

      // when the controller starts again and another run finishes
      try (HistoryRecorder recorder =
          new HistoryRecorder(runs, history, clock, Duration.ofDays(730), () -> false).start()) {
        RunRecord live = finished("live", NOW.minus(Duration.ofMinutes(1)), report);
        runs.insert(live, null);
        recorder.accept(live);
        recorder.accept(live); // finished twice (an agent resent its end): read once

        // then both are read, each once, and the ancient one is not
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> history.recorded("missed") && history.recorded("live"));
      }
      List<HistoryPoint> points =
          history.points("pc-1", Set.of("smart.reallocated_sectors"), Instant.EPOCH, 1000);
      assertThat(points)
          .filteredOn(p -> p.subject().equals("/dev/sda 9RK1XXXX"))
          .extracting(HistoryPoint::runId)
          .containsExactly("missed", "live");
      assertThat(history.recorded("ancient")).isFalse();
      assertThat(history.finishedWithoutHistory(NOW.minus(Duration.ofDays(730)), 10)).isEmpty();
    }
  }

  @Test
  void shouldStoreEachRunOnceWhenTwoReplicasCatchUpOnOnePostgresStore() throws Exception {
    RunReport report =
        ReportJson.readSeedReport(ReportFiguresTest.resource("history/agent-report.json"));
    try (Database db = io.autoservice.controller.store.Engine.POSTGRESQL.open(data)) {
      RunStore runs = db.stores().runs();
      HistoryStore history = db.stores().history();
      // given 40 finished runs no replica has read yet
      for (int i = 0; i < 40; i++) {
        runs.insert(finished("run-" + i, NOW.minus(Duration.ofHours(i + 1)), report), null);
      }
      int perRun = new ReportFigures().of(finished("x", NOW, report)).size();

      // when two replicas start at once and both catch up
      try (HistoryRecorder a =
              new HistoryRecorder(runs, history, new FakeClock(NOW), Duration.ZERO, () -> false);
          HistoryRecorder b =
              new HistoryRecorder(runs, history, new FakeClock(NOW), Duration.ZERO, () -> false)) {
        a.start();
        b.start();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> history.finishedWithoutHistory(Instant.EPOCH, 10).isEmpty());
      }

      // then every run's figures are there exactly once
      assertThat(history.points("pc-1", Set.of(), Instant.EPOCH, 100_000)).hasSize(40 * perRun);
    }
  }

  @Test
  void shouldReadTheOtherRunsWhenOneCannotBeWritten() throws Exception {
    try (Database db = Database.open(data)) {
      RunStore runs = db.stores().runs();
      HistoryStore real = db.stores().history();
      // given a store that refuses one run's figures (a row the engine will not take)
      HistoryStore refusing =
          new HistoryStore() {
            @Override
            public void record(
                String runId, String agentId, Instant finishedAt, List<HistoryPoint> points) {
              if (runId.equals("poison")) {
                throw new io.autoservice.controller.store.StoreException("refused", null);
              }
              real.record(runId, agentId, finishedAt, points);
            }

            @Override
            public boolean recorded(String runId) {
              return real.recorded(runId);
            }

            @Override
            public List<String> finishedWithoutHistory(Instant since, int limit) {
              return real.finishedWithoutHistory(since, limit);
            }

            @Override
            public List<HistoryPoint> points(
                String agentId, java.util.Collection<String> metrics, Instant since, int limit) {
              return real.points(agentId, metrics, since, limit);
            }

            @Override
            public int prune(Instant cutoff, int maxRuns) {
              return real.prune(cutoff, maxRuns);
            }
          };
      runs.insert(finished("poison", NOW.minus(Duration.ofDays(2)), null), null);
      runs.insert(finished("fine", NOW.minus(Duration.ofDays(1)), null), null);

      // when the recorder catches up, and then a run finishes
      try (HistoryRecorder recorder =
          new HistoryRecorder(runs, refusing, new FakeClock(NOW), Duration.ZERO, () -> false)
              .start()) {
        RunRecord live = finished("live", NOW, null);
        runs.insert(live, null);
        recorder.accept(live);

        // then the runs after the refused one are read all the same
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> real.recorded("fine") && real.recorded("live"));
      }
      assertThat(real.recorded("poison")).isFalse();
    }
  }

  @Test
  void shouldNeverWaitWhenItsQueueIsFull() throws Exception {
    try (Database db = Database.open(data)) {
      // given a recorder that is not running (its queue fills and nobody drains it)
      HistoryRecorder recorder =
          new HistoryRecorder(
              db.stores().runs(),
              db.stores().history(),
              new FakeClock(NOW),
              Duration.ZERO,
              () -> false);
      RunRecord run = finished("r", NOW, null);

      // when far more runs finish than it queues
      long t0 = System.nanoTime();
      for (int i = 0; i < HistoryRecorder.QUEUE * 3; i++) {
        recorder.accept(run);
      }

      // then the finished-run path never waited (the overflow is caught up on from the store)
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
      recorder.close();
    }
  }

  private static RunRecord finished(String id, Instant at, RunReport report) {
    RunReport r =
        report == null
            ? null
            : new RunReport(
                id,
                report.status(),
                report.tasks(),
                report.totalDurationSeconds(),
                at.minusSeconds(60),
                report.metadata(),
                null);
    return ReportFiguresTest.run(id, "pc-1", at, r);
  }
}
