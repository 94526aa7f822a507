package io.autoservice.controller.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunStatus;
import io.autoservice.controller.model.Alert;
import io.autoservice.controller.model.AlertFilter;
import io.autoservice.controller.model.AlertFinding;
import io.autoservice.controller.model.AlertScope;
import io.autoservice.controller.model.DeliveryRecord;
import io.autoservice.controller.model.EventRow;
import io.autoservice.controller.model.HistoryPoint;
import io.autoservice.controller.model.RunFilter;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.model.ScheduleRecord;
import io.autoservice.controller.store.AlertStore;
import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.HistoryStore;
import io.autoservice.controller.store.RunStore;
import io.autoservice.controller.store.ScheduleStore;
import io.autoservice.testsupport.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention over a real store: what is old goes, what is young or unfinished stays. */
class RetentionTest {
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  @TempDir Path data;

  private static RunRecord run(String id, long seq, RunState state, Instant finished)
      throws Exception {
    RunRecord r =
        new RunRecord(
            id,
            "a1",
            "PC",
            seq,
            state,
            state == RunState.FINISHED ? RunStatus.OK : null,
            PlanParser.parse("{\"type\":\"hello_service\"}"),
            0,
            "tech",
            finished.minusSeconds(60),
            NOW.plusSeconds(60),
            state == RunState.FINISHED ? finished : null,
            1,
            null,
            null,
            null);
    return r;
  }

  @Test
  void shouldPruneOldEventsRunsAndFoldersInChunksAndKeepTheRest() throws Exception {
    try (Database db = Database.open(data)) {
      RunStore runs = db.stores().runs();
      Path reports = Files.createDirectories(data.resolve("reports"));
      int old = Retention.CHUNK + 50; // more than one chunk
      for (int i = 0; i < old; i++) {
        runs.insert(
            run("old-" + i, i + 1, RunState.FINISHED, NOW.minus(Duration.ofDays(40))), null);
        db.stores()
            .events()
            .append(
                List.of(
                    new EventRow("old-" + i, 1, NOW.minus(Duration.ofDays(40)), new byte[] {1})));
        Path folder = Files.createDirectories(reports.resolve("PC__old-" + i));
        Files.writeString(folder.resolve("report.json"), "{}");
        runs.setExportDir("old-" + i, folder.getFileName().toString());
      }
      runs.insert(run("young", 10_000, RunState.FINISHED, NOW.minus(Duration.ofDays(2))), null);
      db.stores().events().append(List.of(new EventRow("young", 1, NOW, new byte[] {1})));
      runs.insert(run("open", 10_001, RunState.RUNNING, NOW.minus(Duration.ofDays(90))), null);
      db.stores().events().append(List.of(new EventRow("open", 1, NOW, new byte[] {1})));
      Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

      // Events after 30 days; folders after 35; runs after 60: the old runs lose events and
      // folders.
      Retention.Pruned first =
          new Retention(
                  new Retention.Policy(
                      Duration.ofDays(30), Duration.ofDays(60), Duration.ofDays(35)),
                  runs,
                  reports,
                  clock)
              .prune();

      assertThat(first.runsWithoutEvents()).isEqualTo(old);
      assertThat(first.foldersDeleted()).isEqualTo(old);
      assertThat(first.runsDeleted()).isZero();
      assertThat(db.stores().events().maxSeq("old-7")).isZero();
      assertThat(runs.run("old-7")).as("the report stays").isPresent();
      assertThat(reports.resolve("PC__old-7")).doesNotExist();
      assertThat(db.stores().events().maxSeq("young")).isEqualTo(1);
      assertThat(db.stores().events().maxSeq("open"))
          .as("an unfinished run keeps everything")
          .isEqualTo(1);
      assertThat(runs.finishedWithoutExport(NOW.minus(Duration.ofDays(400)), NOW, 10))
          .as("a pruned folder is not exported again")
          .containsOnly("young");

      // Runs after 30 days: the old ones go.
      Retention.Pruned second =
          new Retention(
                  new Retention.Policy(Duration.ZERO, Duration.ofDays(30), Duration.ofDays(30)),
                  runs,
                  reports,
                  clock)
              .prune();

      assertThat(second.runsDeleted()).isEqualTo(old);
      assertThat(runs.runs(new RunFilter(null, null, null, null, 1000)))
          .extracting(RunRecord::runId)
          .containsExactlyInAnyOrder("young", "open");
      if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        assertThat(
                java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(Database.fileIn(data))))
            .as("customer data: owner only")
            .isEqualTo("rw-------");
      }
    }
  }

  @Test
  void shouldRemoveWhatIsOldOfEveryKindAndNothingElse() throws Exception {
    try (Database db = Database.open(data)) {
      RunStore runs = db.stores().runs();
      HistoryStore history = db.stores().history();
      Path reports = Files.createDirectories(data.resolve("reports"));
      // given runs finished 100, 70 and 10 days ago, each with events, a report folder and
      // history, and a run dispatched 200 days ago that never finished
      Map<String, Instant> finished =
          Map.of(
              "old", NOW.minus(Duration.ofDays(100)),
              "middle", NOW.minus(Duration.ofDays(70)),
              "recent", NOW.minus(Duration.ofDays(10)));
      long seq = 1;
      for (var e : finished.entrySet()) {
        String id = e.getKey();
        runs.insert(run(id, seq++, RunState.FINISHED, e.getValue()), null);
        db.stores().events().append(List.of(new EventRow(id, 1, e.getValue(), new byte[] {1})));
        Path folder = Files.createDirectories(reports.resolve("PC__" + id));
        Files.writeString(folder.resolve("report.json"), "{}");
        runs.setExportDir(id, folder.getFileName().toString());
        history.record(
            id,
            "a1",
            e.getValue(),
            List.of(
                new HistoryPoint(
                    "a1", id, "smart.reallocated_sectors", "/dev/sda", e.getValue(), 8, null)));
      }
      runs.insert(run("open", seq, RunState.RUNNING, NOW.minus(Duration.ofDays(200))), null);
      db.stores().events().append(List.of(new EventRow("open", 1, NOW, new byte[] {1})));

      // when a pass prunes events after 30 days, folders after 35, runs after 60, history after 90
      Retention.Pruned pruned =
          new Retention(
                  new Retention.Policy(
                      Duration.ofDays(30),
                      Duration.ofDays(60),
                      Duration.ofDays(35),
                      Duration.ofDays(90)),
                  runs,
                  history,
                  reports,
                  new FakeClock(NOW))
              .prune();

      // then the old run is gone with everything of it; the middle run's row, events and folder
      // are gone but its history stays (history is kept longer than runs); the recent and the
      // unfinished run keep everything
      assertThat(pruned.historyRunsPruned()).isEqualTo(1);
      assertThat(runs.runs(new RunFilter(null, null, null, null, 1000)))
          .extracting(RunRecord::runId)
          .containsExactlyInAnyOrder("recent", "open");
      assertThat(reports.resolve("PC__old")).doesNotExist();
      assertThat(reports.resolve("PC__middle")).doesNotExist();
      assertThat(reports.resolve("PC__recent").resolve("report.json")).exists();
      assertThat(db.stores().events().maxSeq("old")).isZero();
      assertThat(db.stores().events().maxSeq("middle")).isZero();
      assertThat(db.stores().events().maxSeq("recent")).isEqualTo(1);
      assertThat(db.stores().events().maxSeq("open")).isEqualTo(1);
      assertThat(history.points("a1", Set.of(), Instant.EPOCH, 100))
          .extracting(HistoryPoint::runId)
          .containsExactly("middle", "recent");

      // and a second pass finds nothing more to remove
      Retention.Pruned again =
          new Retention(
                  new Retention.Policy(
                      Duration.ofDays(30),
                      Duration.ofDays(60),
                      Duration.ofDays(35),
                      Duration.ofDays(90)),
                  runs,
                  history,
                  reports,
                  new FakeClock(NOW))
              .prune();
      assertThat(again).isEqualTo(new Retention.Pruned(0, 0, 0, 0, 0, 0));
    }
  }

  @Test
  void shouldPruneResolvedAlertsAndWhatSchedulesFiredAndKeepWhatIsOpenOrStillToStart()
      throws Exception {
    try (Database db = Database.open(data)) {
      AlertStore alerts = db.stores().alerts();
      ScheduleStore schedules = db.stores().schedules();
      // given an alert resolved 400 days ago, one resolved 10 days ago, one open for 500 days
      raise(alerts, "pc-old", NOW.minus(Duration.ofDays(500)));
      resolve(alerts, "pc-old", NOW.minus(Duration.ofDays(400)));
      raise(alerts, "pc-recent", NOW.minus(Duration.ofDays(20)));
      resolve(alerts, "pc-recent", NOW.minus(Duration.ofDays(10)));
      raise(alerts, "pc-open", NOW.minus(Duration.ofDays(500)));
      // and a schedule that fired 200 days ago (one PC started, one missed), 150 days ago (a PC
      // still waiting: a broken clock or a stuck claim, never pruned under it) and 5 days ago
      ScheduleRecord s =
          new ScheduleRecord(
              "s1",
              "nightly",
              PlanParser.parse("[{\"type\":\"hello_service\"}]"),
              ScheduleRecord.Target.agents(List.of("a1", "a2")),
              null,
              "UTC",
              "1d",
              Duration.ZERO,
              Duration.ofHours(6),
              Duration.ZERO,
              false,
              true,
              "tech",
              NOW.minus(Duration.ofDays(300)),
              NOW.minus(Duration.ofDays(300)));
      assertThat(schedules.create(s)).isTrue();
      fire(schedules, NOW.minus(Duration.ofDays(200)), DeliveryRecord.State.DISPATCHED, "a1");
      fire(schedules, NOW.minus(Duration.ofDays(200)).plusSeconds(1), null, null);
      fire(schedules, NOW.minus(Duration.ofDays(150)), DeliveryRecord.State.PENDING, "a2");
      fire(schedules, NOW.minus(Duration.ofDays(5)), DeliveryRecord.State.MISSED, "a2");

      // when a pass keeps resolved alerts 365 days and schedule records 90
      Retention.Pruned pruned =
          new Retention(
                  new Retention.Policy(
                      Duration.ZERO,
                      Duration.ZERO,
                      Duration.ZERO,
                      Duration.ZERO,
                      Duration.ofDays(365),
                      Duration.ofDays(90)),
                  db.stores().runs(),
                  null,
                  new Retention.Automation(alerts, schedules),
                  data.resolve("reports"),
                  new FakeClock(NOW))
              .prune();

      // then only the alert resolved long ago is gone, open ones stay however old
      assertThat(pruned.alertsPruned()).isEqualTo(1);
      assertThat(alerts.list(new AlertFilter(null, null, null, null, 0, 100)))
          .extracting(Alert::agentId)
          .containsExactlyInAnyOrder("pc-recent", "pc-open");
      // and the two old occurrences went with their deliveries, the waiting one and the recent
      // one stay
      assertThat(pruned.occurrencesPruned()).isEqualTo(2);
      assertThat(schedules.deliveries("s1", 100))
          .extracting(DeliveryRecord::occurrence)
          .containsExactlyInAnyOrder(
              NOW.minus(Duration.ofDays(150)), NOW.minus(Duration.ofDays(5)));
      assertThat(schedules.byName("nightly")).isPresent();
    }
  }

  private static void raise(AlertStore alerts, String agent, Instant at) {
    alerts.apply(
        null,
        at,
        List.of(new AlertFinding("agent_offline", agent, "", agent, "warning", "silent", null)),
        List.of(),
        List.of(),
        false);
  }

  private static void resolve(AlertStore alerts, String agent, Instant at) {
    alerts.apply(
        null,
        at,
        List.of(),
        List.of(new AlertScope("agent_offline", agent, null)),
        List.of(),
        false);
  }

  private static void fire(
      ScheduleStore schedules, Instant occurrence, DeliveryRecord.State state, String agent) {
    List<DeliveryRecord> deliveries =
        agent == null
            ? List.of()
            : List.of(
                new DeliveryRecord(
                    "s1",
                    occurrence,
                    agent,
                    agent,
                    occurrence,
                    state,
                    "run-" + occurrence.getEpochSecond(),
                    null,
                    null,
                    occurrence,
                    false,
                    "run_now"));
    assertThat(schedules.fire("s1", occurrence, false, occurrence, deliveries, "no agent"))
        .isTrue();
  }
}
