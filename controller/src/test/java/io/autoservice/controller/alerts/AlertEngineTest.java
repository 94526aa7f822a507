package io.autoservice.controller.alerts;

import static io.autoservice.controller.alerts.AlertFixtures.drive;
import static io.autoservice.controller.alerts.AlertFixtures.finished;
import static io.autoservice.controller.alerts.AlertFixtures.report;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.AgentState;
import io.autoservice.controller.model.AgentView;
import io.autoservice.controller.model.Alert;
import io.autoservice.controller.model.AlertFilter;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.store.AlertStore;
import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.RunStore;
import io.autoservice.testsupport.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules on recorded reports, through the real store (SQLite) on a fake clock: raised once per
 * rule, PC and drive while it holds, acknowledged, resolved by a later run that no longer shows it;
 * the trend rule against the PC's previous drive report; runs never evaluated caught up; fleet
 * rules.
 */
class AlertEngineTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @TempDir Path data;
  private final FakeClock clock = new FakeClock(T0);
  private Database db;
  private RunStore runs;
  private AlertStore alerts;
  private final List<AgentView> fleet = new ArrayList<>();
  private AlertEngine engine;

  @BeforeEach
  void open() throws Exception {
    db = Database.open(data, clock);
    runs = db.stores().runs();
    alerts = db.stores().alerts();
    engine = engine("{\"webhook_url\":\"http://127.0.0.1:9/hook\",\"webhook_secret_file\":\"s\"}");
  }

  @AfterEach
  void close() {
    engine.close();
    db.close();
  }

  private AlertEngine engine(String settingsJson) throws Exception {
    AlertSettings s = Json.mapper().readValue(settingsJson, AlertSettings.class);
    return new AlertEngine(
        s,
        alerts,
        runs,
        () -> List.copyOf(fleet),
        MissedSchedules.NONE,
        clock,
        new Notifier(alerts, List.of(), 3, Duration.ofSeconds(5), Duration.ofMinutes(2), clock));
  }

  private AlertStore.Applied finish(RunRecord run) {
    runs.insert(run, null);
    clock.advance(Duration.ofSeconds(1));
    return engine.evaluate(run.runId());
  }

  private List<Alert> all() {
    return alerts.list(new AlertFilter(Set.of(), null, null, null, 0, 500));
  }

  @Test
  void shouldRaiseOnceAcknowledgeAndResolveAcrossThreeRuns() {
    // given a PC whose NVMe drive FAILED and is 98 % worn (a recorded smartctl report)
    AlertStore.Applied first =
        finish(finished("r1", "pc-1", 1, T0, report("smartctl-failing-drives")));

    // then its failing drive raises one alert per rule, about that drive only (the SSD is fine)
    assertThat(first.raised())
        .extracting(Alert::rule, Alert::subject, Alert::severity)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(ReportRules.SMART_HEALTH, "/dev/nvme0", "critical"),
            org.assertj.core.groups.Tuple.tuple(ReportRules.SMART_WEAR, "/dev/nvme0", "warning"));
    Alert failed =
        first.raised().stream()
            .filter(a -> a.rule().equals(ReportRules.SMART_HEALTH))
            .findFirst()
            .orElseThrow();
    assertThat(failed.message())
        .isEqualTo(
            "drive /dev/nvme0 (Crucial P2 1TB, SN 2145E6123456) FAILED its SMART health check");
    assertThat(failed.hostname()).isEqualTo("PC-pc-1");
    assertThat(alerts.deliveryStates(failed.id())).containsExactly("webhook/raised=pending(0)");

    // when a technician acknowledges it and the next run still shows it
    alerts.acknowledge(failed.id(), "anna", "new drive ordered", clock.instant());
    AlertStore.Applied second =
        finish(finished("r2", "pc-1", 2, T0.plusSeconds(3600), report("smartctl-failing-drives")));

    // then nothing is raised again, and the acknowledgement stands
    assertThat(second.raised()).isEmpty();
    assertThat(second.resolved()).isEmpty();
    assertThat(all()).hasSize(2);
    Alert acked = alerts.find(failed.id()).orElseThrow();
    assertThat(acked.state()).isEqualTo(Alert.State.ACKED);
    assertThat(acked.ackedBy()).isEqualTo("anna");
    assertThat(acked.ackNote()).isEqualTo("new drive ordered");

    // when a run without a drive report finishes, nothing resolves (it cannot say)
    ObjectNode hello = AlertFixtures.oneTask("hello_service", "success", Json.object());
    assertThat(finish(finished("r3", "pc-1", 3, T0.plusSeconds(4000), hello)).resolved()).isEmpty();

    // when the drive is replaced and the next report is healthy
    AlertStore.Applied fourth =
        finish(finished("r4", "pc-1", 4, T0.plusSeconds(7200), report("smartctl-healthy-nvme")));

    // then both alerts resolve, naming the run that showed it
    assertThat(fourth.resolved()).hasSize(2);
    assertThat(all()).allSatisfy(a -> assertThat(a.state()).isEqualTo(Alert.State.RESOLVED));
    assertThat(alerts.find(failed.id()).orElseThrow().resolvedByRun()).isEqualTo("r4");
    assertThat(alerts.openCount()).isZero();

    // and a drive failing again later is a new alert
    AlertStore.Applied fifth =
        finish(finished("r5", "pc-1", 5, T0.plusSeconds(9000), report("smartctl-failing-drives")));
    assertThat(fifth.raised()).hasSize(2);
    assertThat(fifth.raised()).noneMatch(a -> a.id() == failed.id());
  }

  @Test
  void shouldRaiseTheTrendRuleWhenMediaErrorsGrowSinceThePreviousReport() {
    // given a previous report with 12 media errors on the failing drive, and a run in between
    // that has no drive report
    finish(finished("r1", "pc-1", 1, T0, report("smartctl-failing-drives")));
    finish(
        finished(
            "r2",
            "pc-1",
            2,
            T0.plusSeconds(60),
            AlertFixtures.oneTask("hello_service", "success", Json.object())));

    // when the next drive report has 15
    AlertStore.Applied grew =
        finish(
            finished(
                "r3",
                "pc-1",
                3,
                T0.plusSeconds(3600),
                report("smartctl-failing-drives", r -> drive(r, 0).put("media_errors", 15))));

    // then the trend rule raises, saying from what to what
    assertThat(grew.raised())
        .filteredOn(a -> a.rule().equals(SmartCountersGrew.RULE))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.subject()).isEqualTo("/dev/nvme0");
              assertThat(a.message()).contains("media errors grew from 12 to 15");
            });

    // and when the count holds at the next report, it resolves
    AlertStore.Applied same =
        finish(
            finished(
                "r4",
                "pc-1",
                4,
                T0.plusSeconds(7200),
                report("smartctl-failing-drives", r -> drive(r, 0).put("media_errors", 15))));
    assertThat(same.resolved()).extracting(Alert::rule).containsExactly(SmartCountersGrew.RULE);
  }

  @Test
  void shouldRaiseTheTrendRuleWhenTheAgentsReallocatedSectorCountGrows() {
    // given a drive report whose drive counts 8 reallocated sectors (the agent's own field)
    finish(
        finished(
            "r1",
            "pc-1",
            1,
            T0,
            report("smartctl-failing-drives", r -> drive(r, 0).put("reallocated_sectors", 8))));

    // when the next one counts 24
    AlertStore.Applied grew =
        finish(
            finished(
                "r2",
                "pc-1",
                2,
                T0.plusSeconds(3600),
                report(
                    "smartctl-failing-drives", r -> drive(r, 0).put("reallocated_sectors", 24))));

    // then the trend names reallocated sectors (before media errors), from what to what
    assertThat(grew.raised())
        .filteredOn(a -> a.rule().equals(SmartCountersGrew.RULE))
        .singleElement()
        .satisfies(a -> assertThat(a.message()).contains("reallocated sectors grew from 8 to 24"));
  }

  @Test
  void shouldReadEachBuiltInTaskRuleFromItsRecordedShape() {
    ObjectNode disk = Json.object();
    disk.putArray("drives")
        .add(Json.object().put("drive", "C:").put("usage_percent", 95.0).put("free_gb", 25.0))
        .add(Json.object().put("drive", "D:").put("usage_percent", 40.0).put("free_gb", 900.0));
    ObjectNode sfc =
        Json.object()
            .put("integrity_violations", true)
            .put("repairs_attempted", true)
            .put("repairs_successful", false);
    ObjectNode battery =
        Json.object().put("health_verdict", "Critical").put("capacity_percent", 41.2);

    List<Alert> raised = new ArrayList<>();
    raised.addAll(
        finish(
                finished(
                    "r1",
                    "pc-1",
                    1,
                    T0,
                    AlertFixtures.oneTask("disk_space_report", "warning", disk)))
            .raised());
    raised.addAll(
        finish(finished("r2", "pc-1", 2, T0, AlertFixtures.oneTask("sfc_scan", "warning", sfc)))
            .raised());
    raised.addAll(
        finish(
                finished(
                    "r3",
                    "pc-1",
                    3,
                    T0,
                    AlertFixtures.oneTask("battery_health_report", "warning", battery)))
            .raised());
    raised.addAll(
        finish(
                finished(
                    "r4",
                    "pc-1",
                    4,
                    T0,
                    AlertFixtures.oneTask(
                        "ping_test", "error", Json.object().put("error", "ping not found"))))
            .raised());

    assertThat(raised)
        .extracting(Alert::rule, Alert::subject, Alert::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ReportRules.DISK_SPACE,
                "C:",
                "volume C: is 95.0% full (25.0 GB free; alert at 90%)"),
            org.assertj.core.groups.Tuple.tuple(
                ReportRules.SFC, "", "SFC found system file violations it could not repair"),
            org.assertj.core.groups.Tuple.tuple(
                ReportRules.BATTERY,
                "",
                "battery health is Critical (41.2% of design capacity left)"),
            org.assertj.core.groups.Tuple.tuple(
                ReportRules.TASK_ERROR,
                "ping_test",
                "task ping_test ended in error: ping not found"));
  }

  @Test
  void shouldShrugOffHostileReportShapes() {
    // given reports whose fields are of every wrong kind
    ObjectNode weird = report("smartctl-failing-drives");
    drive(weird, 0)
        .put("health_passed", "false; DROP TABLE alerts")
        .put("wear_level_percent_used", "98");
    drive(weird, 1).putArray("name").add(1);
    ObjectNode disk = Json.object();
    var drives = disk.putArray("drives");
    for (int i = 0; i < 10_000; i++) {
      drives.addObject().put("drive", "X" + i).put("usage_percent", 99);
    }
    drives.add("not an object");
    ObjectNode notAList = Json.object().put("drives", "C: 99%");

    // when they are evaluated, nothing throws and nothing absurd is raised
    assertThat(finish(finished("r1", "pc-1", 1, T0, weird)).raised()).isEmpty();
    assertThat(
            finish(
                    finished(
                        "r2",
                        "pc-1",
                        2,
                        T0,
                        AlertFixtures.oneTask("disk_space_report", "warning", disk)))
                .raised())
        .hasSize(ResultFields.MAX_ITEMS);
    assertThat(
            finish(
                    finished(
                        "r3",
                        "pc-1",
                        3,
                        T0,
                        AlertFixtures.oneTask("disk_space_report", "warning", notAList)))
                .raised())
        .isEmpty();
  }

  @Test
  void shouldRaiseAndResolveAnExpiredRun() {
    assertThat(finish(AlertFixtures.expired("r1", "pc-1", 1, T0)).raised())
        .extracting(Alert::rule)
        .containsExactly(ReportRules.RUN_EXPIRED);
    assertThat(
            finish(
                    finished(
                        "r2",
                        "pc-1",
                        2,
                        T0.plusSeconds(60),
                        AlertFixtures.oneTask("hello_service", "success", Json.object())))
                .resolved())
        .extracting(Alert::rule)
        .containsExactly(ReportRules.RUN_EXPIRED);
  }

  @Test
  void shouldEvaluateARunOnceAndCatchUpRunsNeverEvaluated() {
    // given two finished runs whose evaluation was never queued (a full queue, a crash)
    runs.insert(finished("r1", "pc-1", 1, T0, report("smartctl-failing-drives")), null);
    runs.insert(finished("r2", "pc-2", 2, T0, report("smartctl-failing-drives")), null);
    clock.advance(Duration.ofMinutes(5));

    // when the periodic check runs
    assertThat(engine.catchUp()).isEqualTo(2);

    // then both were evaluated, and neither is again (here or on another replica)
    assertThat(alerts.openCount()).isEqualTo(4);
    assertThat(engine.evaluate("r1").evaluated()).isFalse();
    assertThat(engine.catchUp()).isZero();
    assertThat(alerts.openCount()).isEqualTo(4);
  }

  @Test
  void shouldNotLetAFullQueueBlockTheCaller() throws Exception {
    // given far more finished runs at once than the queue holds
    for (int i = 0; i < 3 * AlertEngine.QUEUE; i++) {
      engine.onFinished(AlertFixtures.expired("q" + i, "pc-1", i, T0));
    }
    // then what did not fit was dropped (the catch-up evaluates it later), without waiting
    assertThat(engine.dropped()).isPositive();
  }

  @Test
  void shouldRaiseAgentOfflineAfterTheThresholdAndResolveWhenItIsBack() throws Exception {
    AgentRecord pc =
        new AgentRecord(
            "pc-1",
            "FRONT-DESK",
            null,
            null,
            null,
            null,
            Map.of(),
            List.of(),
            T0.minus(Duration.ofDays(10)),
            T0);
    fleet.add(new AgentView(pc, AgentState.OFFLINE, T0, null, 0));

    clock.set(T0.plus(Duration.ofHours(23)));
    engine.check();
    assertThat(alerts.openCount()).as("23 h: under the 24 h default").isZero();

    clock.set(T0.plus(Duration.ofHours(25)));
    engine.check();
    engine.check();
    assertThat(all())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.rule()).isEqualTo(FleetRules.AGENT_OFFLINE);
              assertThat(a.hostname()).isEqualTo("FRONT-DESK");
              assertThat(a.message()).startsWith("agent offline for 25 h");
            });

    fleet.set(0, new AgentView(pc, AgentState.ONLINE, clock.instant(), null, 0));
    engine.check();
    assertThat(all()).singleElement().extracting(Alert::state).isEqualTo(Alert.State.RESOLVED);
  }

  @Test
  void shouldRaiseAMissedScheduleOnceAndResolveItAtThePcsNextRun() throws Exception {
    List<MissedSchedules.Missed> missed =
        List.of(
            new MissedSchedules.Missed(
                "nightly-smart", "pc-1", T0, T0.plusSeconds(60), "offline past the catch-up"));
    AlertSettings s = AlertSettings.DEFAULTS;
    AlertEngine withSchedules =
        new AlertEngine(
            s,
            alerts,
            runs,
            List::of,
            (t, limit) -> missed.stream().filter(m -> !m.occurrence().isBefore(t)).toList(),
            clock,
            new Notifier(
                alerts, List.of(), 3, Duration.ofSeconds(5), Duration.ofMinutes(2), clock));
    try {
      withSchedules.check();
      withSchedules.check();
      assertThat(all())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.rule()).isEqualTo(FleetRules.SCHEDULE_MISSED);
                assertThat(a.subject()).isEqualTo("nightly-smart");
              });
      finish(
          finished(
              "r1",
              "pc-1",
              1,
              T0.plusSeconds(60),
              AlertFixtures.oneTask("hello_service", "success", Json.object())));
      assertThat(all()).singleElement().extracting(Alert::state).isEqualTo(Alert.State.RESOLVED);
    } finally {
      withSchedules.close();
    }
  }

  @Test
  void shouldRunACustomRuleGivenAsData() throws Exception {
    engine.close();
    engine =
        engine(
            "{\"disabled_rules\":[\"task_error\"],\"custom_rules\":[{\"name\":\"hot_drive\","
                + "\"task_type\":\"smartctl_report\",\"items\":\"drives\",\"subject_key\":\"name\","
                + "\"field\":\"power_on_hours\",\"op\":\"gte\",\"value\":\"20000\","
                + "\"message\":\"{subject} ran {power_on_hours} hours\"}]}");
    assertThat(finish(finished("r1", "pc-1", 1, T0, report("smartctl-failing-drives"))).raised())
        .filteredOn(a -> a.rule().equals("hot_drive"))
        .singleElement()
        .extracting(Alert::message)
        .isEqualTo("/dev/nvme0 ran 23456 hours");
    assertThat(
            alerts.list(
                new AlertFilter(EnumSet.of(Alert.State.OPEN), null, "task_error", null, 0, 10)))
        .isEmpty();
  }
}
