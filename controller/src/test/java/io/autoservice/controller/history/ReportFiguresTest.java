package io.autoservice.controller.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.controller.model.HistoryPoint;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The figures read from recorded results: reports our agent wrote running the fixtures' replayed
 * tools (history/agent-report.json: the seed shape, {@code summary.results}), the original app's
 * reference results (history/reference: its flat shape), and hostile reports.
 */
class ReportFiguresTest {
  private static final Instant FINISHED = Instant.parse("2026-12-01T10:00:00Z");
  private final ReportFigures figures = new ReportFigures();

  @Test
  void shouldReadEveryFigureOfTheAgentsRecordedReport() throws Exception {
    // given a report our agent wrote over the recorded outputs of smartctl, SFC, DISM, chkdsk,
    // KVRT, AdwCleaner, iperf3, and this machine's disks, ping and (absent) battery
    RunReport report = ReportJson.readSeedReport(resource("history/agent-report.json"));

    // when its figures are read
    List<HistoryPoint> points = figures.of(run(report.tasks()));

    // then each drive, volume, host and tool has its figures, under the run's id and finish time
    assertThat(value(points, "smart.health", "/dev/nvme0 2145E6123456")).contains(2.0);
    assertThat(text(points, "smart.health", "/dev/nvme0 2145E6123456")).contains("FAILED");
    assertThat(value(points, "smart.health", "/dev/sda S3YZNB0KB00864E")).contains(0.0);
    assertThat(value(points, "smart.wear_percent", "/dev/nvme0 2145E6123456")).contains(98.0);
    assertThat(value(points, "smart.media_errors", "/dev/nvme0 2145E6123456")).contains(12.0);
    assertThat(value(points, "smart.power_on_hours", "/dev/nvme0 2145E6123456")).contains(23456.0);
    assertThat(value(points, "smart.temperature_c", "/dev/nvme0 2145E6123456"))
        .as("52–61 °C: the hottest sensor")
        .contains(61.0);
    assertThat(value(points, "smart.reallocated_sectors", "/dev/sda 9RK1XXXX")).contains(2712.0);
    assertThat(value(points, "smart.pending_sectors", "/dev/sda 9RK1XXXX")).contains(88.0);
    assertThat(value(points, "smart.reallocated_sectors", "/dev/sda S3YZNB0KB00864E"))
        .contains(0.0);
    assertThat(value(points, "smart.wear_percent", "/dev/sda S3YZNB0KB00864E"))
        .as("an ATA SSD reports no NVMe wear: no point, not a zero")
        .isEmpty();
    assertThat(value(points, "sfc.verdict", "")).contains(1.0);
    assertThat(text(points, "sfc.verdict", ""))
        .hasValueSatisfying(t -> assertThat(t).startsWith("Corrupt files found"));
    assertThat(value(points, "dism.verdict", "")).contains(1.0);
    assertThat(value(points, "chkdsk.verdict", "C:")).contains(1.0);
    assertThat(text(points, "chkdsk.verdict", "C:"))
        .contains("Errors found - disk requires repair");
    assertThat(value(points, "threats.found", "KVRT")).contains(2.0);
    assertThat(value(points, "threats.found", "AdwCleaner")).contains(9.0);
    assertThat(value(points, "iperf.throughput_mbps", "192.0.2.10 upload")).contains(464.517);
    assertThat(value(points, "volume.used_percent", "/")).contains(69.1);
    assertThat(value(points, "ping.loss_percent", "127.0.0.1")).contains(0.0);
    assertThat(value(points, "ping.latency_ms", "127.0.0.1")).contains(0.049);
    assertThat(points).noneMatch(p -> p.metric().startsWith("battery."));
    assertThat(points)
        .allSatisfy(
            p -> {
              assertThat(p.runId()).isEqualTo("run-1");
              assertThat(p.agentId()).isEqualTo("pc-1");
              assertThat(p.at()).isEqualTo(FINISHED);
            });
  }

  @Test
  void shouldReadTheOriginalAppsReferenceResultsLaidFlat() throws Exception {
    // given the original app's recorded results (results laid flat beside human_readable)
    List<HistoryPoint> points =
        figures.of(
            run(
                List.of(
                    reference("smartctl_report/degraded_drive.json"),
                    reference("disk_space_report/test_warning.json"),
                    reference("battery_health_report/test_degraded.json"),
                    reference("ping_test/test_packet_loss.json"),
                    reference("speedtest/success.json"),
                    reference("sfc_scan/violations_not_repaired.json"),
                    reference("kvrt_scan/threats_found.json"),
                    reference("adwcleaner_clean/threats_found.json"),
                    reference("trellix_stinger_scan/infections_found.json"))));

    // then their figures read as well
    assertThat(value(points, "smart.wear_percent", "/dev/nvme0n1 S3Z9NB0K123456Z")).contains(85.0);
    assertThat(value(points, "smart.temperature_c", "/dev/nvme0n1 S3Z9NB0K123456Z")).contains(45.0);
    assertThat(value(points, "volume.used_percent", "C:")).contains(85.0);
    assertThat(value(points, "volume.used_percent", "D:")).contains(85.0);
    assertThat(value(points, "battery.wear_percent", "battery")).contains(41.7);
    assertThat(text(points, "battery.wear_percent", "battery")).contains("Poor");
    assertThat(value(points, "battery.capacity_percent", "battery")).contains(58.3);
    assertThat(value(points, "battery.full_charge_wh", "battery")).contains(30.2);
    assertThat(value(points, "ping.loss_percent", "unstable-host.com")).contains(25.0);
    assertThat(value(points, "ping.latency_ms", "unstable-host.com")).contains(45.3);
    assertThat(value(points, "speedtest.download_mbps", "")).contains(125.4);
    assertThat(value(points, "speedtest.upload_mbps", "")).contains(45.2);
    assertThat(value(points, "speedtest.ping_ms", "")).contains(18.5);
    assertThat(value(points, "threats.found", "KVRT")).contains(5.0);
    assertThat(value(points, "threats.found", "AdwCleaner")).contains(23.0);
    assertThat(value(points, "threats.found", "Stinger")).contains(1.0);
    assertThat(text(points, "sfc.verdict", "")).isPresent();
  }

  @Test
  void shouldCapAndSkipWhatAHostileReportSends() throws Exception {
    // given a smartctl result with 10,000 drives, absurd values, controls and a huge text
    ObjectNode summary = Json.object();
    ObjectNode results = summary.putObject("results");
    ArrayNode drives = results.putArray("drives");
    drives
        .addObject()
        .put("name", "/dev/sda\u001b[2J\u0007" + "x".repeat(500))
        .put("health_passed", "yes") // not a boolean
        .put("temperature", "99999999 °C")
        .put("power_on_hours", Double.MAX_VALUE)
        .put("media_errors", -5)
        .put("wear_level_percent_used", 40);
    for (int i = 0; i < 10_000; i++) {
      drives.addObject().put("name", "/dev/d" + i).put("power_on_hours", i);
    }
    ObjectNode disk = Json.object();
    disk.put("results", "not an object");
    ObjectNode ping = Json.object();
    ping.putObject("results").put("host", "h").putObject("packets").put("loss_percent", "NaN");

    // when its figures are read
    List<HistoryPoint> points =
        figures.of(
            run(
                List.of(
                    result("smartctl_report", summary),
                    result("disk_space_report", disk),
                    result("ping_test", ping))));

    // then what is absurd is left out, drives are capped, subjects are one escaped short line
    assertThat(points).noneMatch(p -> p.metric().equals("smart.temperature_c"));
    assertThat(points).noneMatch(p -> p.metric().equals("smart.power_on_hours") && p.value() > 1e6);
    assertThat(points).noneMatch(p -> p.metric().equals("smart.media_errors"));
    assertThat(points).noneMatch(p -> p.metric().equals("smart.health"));
    assertThat(points).noneMatch(p -> p.metric().startsWith("ping."));
    assertThat(points.stream().map(HistoryPoint::subject).distinct())
        .hasSize(SmartctlFigures.MAX_DRIVES);
    HistoryPoint first =
        points.stream()
            .filter(p -> p.metric().equals("smart.wear_percent"))
            .findFirst()
            .orElseThrow();
    assertThat(first.value()).isEqualTo(40.0);
    assertThat(first.subject()).hasSizeLessThanOrEqualTo(Figures.MAX_SUBJECT);
    assertThat(first.subject()).startsWith("/dev/sda\\e[2J\\x07").doesNotContain("\u001b");
  }

  @Test
  void shouldReadNothingFromARunWithoutAReport() {
    assertThat(figures.of(run("run-1", "pc-1", FINISHED, null))).isEmpty();
  }

  // ---- helpers

  static Optional<Double> value(List<HistoryPoint> points, String metric, String subject) {
    return find(points, metric, subject).map(HistoryPoint::value);
  }

  static Optional<String> text(List<HistoryPoint> points, String metric, String subject) {
    return find(points, metric, subject).map(HistoryPoint::text);
  }

  private static Optional<HistoryPoint> find(
      List<HistoryPoint> points, String metric, String subject) {
    return points.stream()
        .filter(p -> p.metric().equals(metric) && p.subject().equals(subject))
        .findFirst();
  }

  static JsonNode resource(String name) throws IOException {
    try (InputStream in = ReportFiguresTest.class.getClassLoader().getResourceAsStream(name)) {
      return Json.mapper().readTree(in);
    }
  }

  private static TaskResult reference(String file) throws IOException {
    return ReportJson.readSeedResult(resource("history/reference/" + file));
  }

  private static TaskResult result(String type, ObjectNode summary) {
    return new TaskResult(
        type, null, io.autoservice.common.result.TaskStatus.WARNING, summary, 1, null);
  }

  static RunRecord run(List<TaskResult> tasks) {
    return run(
        "run-1",
        "pc-1",
        FINISHED,
        new RunReport("run-1", RunStatus.OK, tasks, 1, FINISHED.minusSeconds(60), null, null));
  }

  /** A finished run with this report (null: one that ended without, e.g. expired). */
  static RunRecord run(String runId, String agentId, Instant finished, RunReport report) {
    try {
      return new RunRecord(
          runId,
          agentId,
          "PC",
          1,
          RunState.FINISHED,
          RunStatus.OK,
          PlanParser.parse("{\"type\":\"hello_service\"}"),
          0,
          "tech",
          finished.minusSeconds(120),
          finished.plusSeconds(3600),
          finished,
          1,
          report,
          null,
          null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
