package io.autoservice.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportJsonTest {

  private static final Instant STARTED = Instant.parse("2025-03-01T09:30:15.250Z");

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.parse(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private static TaskResult ping() {
    return new TaskResult(
        "ping_test",
        "ping-1",
        TaskStatus.SUCCESS,
        json(
            "{\"human_readable\":{\"verdict\":\"Good\"},"
                + "\"results\":{\"host\":\"google.com\",\"packet_loss_percent\":0},"
                + "\"output\":\"Reply from 142.250.1.1\"}"),
        1.23456,
        json("{\"command\":\"ping -n 4 google.com\",\"status\":\"bogus\",\"summary\":{}}"));
  }

  private static TaskResult failed() {
    return TaskResult.ofReason("sfc_scan", null, TaskStatus.ERROR, "sfc.exe exited 1", 12.5);
  }

  private static RunReport report(RunStatus status, String error) {
    return new RunReport(
        "run-42",
        status,
        List.of(ping(), failed()),
        13.8889,
        STARTED,
        json("{\"hostname\":\"PC-01\",\"customer_name\":\"Ann\"}"),
        error);
  }

  // --- seed ----------------------------------------------------------------------------------

  @Test
  void shouldWriteTheSeedReportKeysInOrder() {
    // when
    ObjectNode out =
        ReportJson.report(report(RunStatus.COMPLETED_WITH_ERRORS, null), MarkerDialect.SEED);

    // then
    assertThat(keys(out))
        .containsExactly(
            "tasks", "status", "total_duration_seconds", "run_timestamp", "run_id", "metadata");
    assertThat(out.get("status").asText()).isEqualTo("completed_with_errors");
    assertThat(out.get("total_duration_seconds").asDouble()).isEqualTo(13.889);
    assertThat(out.get("run_timestamp").asText()).isEqualTo("2025-03-01T09:30:15.250Z");
    assertThat(out.get("run_id").asText()).isEqualTo("run-42");
    assertThat(out.get("metadata").get("hostname").asText()).isEqualTo("PC-01");
    assertThat(out.get("tasks")).hasSize(2);
    assertThat(out.get("tasks").get(0).get("task_type").asText()).isEqualTo("ping_test");
  }

  @Test
  void shouldAddTheRunErrorToTheSeedReport() {
    // when
    ObjectNode out =
        ReportJson.report(report(RunStatus.ERROR, "agent crashed"), MarkerDialect.SEED);

    // then
    assertThat(keys(out)).last().isEqualTo("error");
    assertThat(out.get("error").asText()).isEqualTo("agent crashed");
    assertThat(out.get("status").asText()).isEqualTo("error");
  }

  @Test
  void shouldWriteASeedResultWithItsSummaryAsGiven() {
    // when
    ObjectNode out = ReportJson.result(ping(), MarkerDialect.SEED);

    // then
    assertThat(keys(out))
        .containsExactly(
            "task_type", "task_id", "status", "summary", "duration_seconds", "command");
    assertThat(out.get("status").asText()).isEqualTo("success");
    assertThat(out.get("task_id").asText()).isEqualTo("ping-1");
    assertThat(out.get("duration_seconds").asDouble()).isEqualTo(1.235);
    assertThat(out.get("summary")).isEqualTo(ping().summary());
  }

  @Test
  void shouldLeaveOutATaskIdThePlanDidNotGive() {
    // when
    ObjectNode out = ReportJson.result(failed(), MarkerDialect.SEED);

    // then
    assertThat(out.has("task_id")).isFalse();
    assertThat(out.get("status").asText()).isEqualTo("error");
  }

  @Test
  void shouldPutExtraKeysAtTheTopLevelWithoutOverridingTheReservedOnes() {
    // when
    ObjectNode seed = ReportJson.result(ping(), MarkerDialect.SEED);
    ObjectNode as = ReportJson.result(ping(), MarkerDialect.AUTOSERVICE);

    // then
    for (ObjectNode out : List.of(seed, as)) {
      assertThat(out.get("command").asText()).isEqualTo("ping -n 4 google.com");
      assertThat(out.get("status").asText()).isEqualTo("success");
      assertThat(out.get("summary").isEmpty()).isFalse();
    }
  }

  @Test
  void shouldReadBackTheSeedReportItWrites() throws Exception {
    // given: through text, as a report file or the wire would carry it
    RunReport original =
        new RunReport(
            "run-7",
            RunStatus.COMPLETED_WITH_ERRORS,
            List.of(
                new TaskResult(
                    "ping_test",
                    "p",
                    TaskStatus.WARNING,
                    json(
                        "{\"human_readable\":{\"verdict\":\"Slow\"},\"results\":{\"avg_ms\":120}}"),
                    1.5,
                    json("{\"command\":\"ping\"}")),
                failed(),
                TaskResult.ofReason("bogus", null, TaskStatus.SKIPPED, "No handler", 0)),
            14.25,
            STARTED,
            json("{\"hostname\":\"PC-01\"}"),
            "stopped early");

    // when
    String text = Json.pretty(ReportJson.seedReport(original));
    RunReport read = ReportJson.readSeedReport(Json.parse(text));

    // then
    assertThat(read).isEqualTo(original);
  }

  @Test
  void shouldReadAnOriginalRunnerResultStatus() {
    // given
    JsonNode node =
        json(
            "{\"task_type\":\"sfc_scan\",\"status\":\"failure\",\"summary\":{\"reason\":\"Exception"
                + " during execution: x\"},\"ui_label\":\"SFC\"}");

    // when
    TaskResult r = ReportJson.readSeedResult(node);

    // then
    assertThat(r.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(r.reason()).isEqualTo("Exception during execution: x");
    assertThat(r.durationSeconds()).isZero();
    assertThat(r.taskId()).isNull();
    assertThat(r.extra().get("ui_label").asText()).isEqualTo("SFC");
  }

  @Test
  void shouldRefuseASeedReportWithABadTimestamp() {
    // given
    JsonNode node = json("{\"tasks\":[],\"status\":\"ok\",\"run_timestamp\":\"yesterday\"}");

    // when / then
    assertThatThrownBy(() -> ReportJson.readSeedReport(node))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("run_timestamp: not an ISO-8601 instant");
  }

  // --- autoservice ---------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
    "OK, success",
    "COMPLETED_WITH_ERRORS, completed_with_errors",
    "ERROR, failure",
    "CANCELLED, cancelled",
    "EXPIRED, expired"
  })
  void shouldWriteTheOriginalOverallStatus(RunStatus status, String expected) {
    // when
    ObjectNode out = ReportJson.report(report(status, null), MarkerDialect.AUTOSERVICE);

    // then
    assertThat(out.get("overall_status").asText()).isEqualTo(expected);
    assertThat(ReportJson.overallStatus(status)).isEqualTo(expected);
  }

  @Test
  void shouldWriteTheAutoserviceReportShape() {
    // when
    ObjectNode out = ReportJson.report(report(RunStatus.OK, null), MarkerDialect.AUTOSERVICE);

    // then
    assertThat(keys(out)).containsExactly("overall_status", "results", "metadata");
    assertThat(out.get("results")).hasSize(2);
    assertThat(out.get("results").get(1).get("task_type").asText()).isEqualTo("sfc_scan");
    assertThat(out.get("metadata").get("customer_name").asText()).isEqualTo("Ann");
  }

  @Test
  void shouldAddTheRunErrorToTheAutoserviceReport() {
    // when
    ObjectNode out =
        ReportJson.report(report(RunStatus.ERROR, "bad plan"), MarkerDialect.AUTOSERVICE);

    // then
    assertThat(keys(out)).containsExactly("overall_status", "results", "metadata", "error");
    assertThat(out.get("overall_status").asText()).isEqualTo("failure");
  }

  @Test
  void shouldLayResultsKeysBesideHumanReadableAndKeepOtherSummaryKeys() {
    // when
    ObjectNode summary =
        (ObjectNode) ReportJson.result(ping(), MarkerDialect.AUTOSERVICE).get("summary");

    // then
    assertThat(keys(summary))
        .containsExactly("human_readable", "host", "packet_loss_percent", "output");
    assertThat(summary.get("human_readable").get("verdict").asText()).isEqualTo("Good");
    assertThat(summary.get("human_readable").get("status").asText()).isEqualTo("success");
    assertThat(summary.get("host").asText()).isEqualTo("google.com");
    assertThat(summary.get("output").asText()).isEqualTo("Reply from 142.250.1.1");
  }

  @Test
  void shouldKeepAResultsValueThatIsNotAnObject() {
    // given
    TaskResult r =
        new TaskResult(
            "disk_space_report",
            null,
            TaskStatus.SUCCESS,
            json("{\"results\":[{\"drive\":\"C:\\\\\"}],\"reason\":\"n/a\"}"),
            0.1,
            null);

    // when
    JsonNode summary = ReportJson.result(r, MarkerDialect.AUTOSERVICE).get("summary");

    // then
    assertThat(keys(summary)).containsExactly("results", "reason", "human_readable");
    assertThat(summary.get("results").get(0).get("drive").asText()).isEqualTo("C:\\");
  }

  @Test
  void shouldNotChangeTheResultWhenFlattening() {
    // given
    TaskResult r = ping();
    JsonNode before = r.summary().deepCopy();

    // when
    ReportJson.result(r, MarkerDialect.AUTOSERVICE);

    // then
    assertThat(r.summary()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        // error is "failure" for every type: the app's report counts only that as a failure
        "sfc_scan          | ERROR   | {}                                        | failure",
        "windows_update    | ERROR   | {}                                        | failure",
        "ai_startup_disable| ERROR   | {}                                        | failure",
        // the five types whose original service said warning keep it
        "sfc_scan          | WARNING | {}                                        | warning",
        "dism_health_check | WARNING | {}                                        | warning",
        "chkdsk_scan       | WARNING | {}                                        | warning",
        "ai_startup_disable| WARNING | {}                                        | warning",
        "ai_browser_notification_disable | WARNING | {}                          | warning",
        // every other type's renderer shows its customer item only on success
        "smartctl_report   | WARNING | {\"errors\":[]}                       | success",
        "battery_health_report | WARNING | {}                                    | success",
        "kvrt_scan         | WARNING | {}                                        | success",
        "ping_test         | WARNING | {}                                        | success",
        // ... except where the original said completed_with_errors
        "smartctl_report   | WARNING | {\"errors\":[{\"device\":\"/dev/sdb\"}]} | completed_with_errors",
        "windows_update    | WARNING | {\"install\":{\"count_failed\":2},\"errors\":[]} | completed_with_errors",
        "windows_update    | WARNING | {\"install\":{\"count_failed\":0},\"errors\":[{\"where\":\"scan\"}]} | completed_with_errors",
        "windows_update    | WARNING | {\"install\":{\"count_failed\":0},\"errors\":[]} | success",
        "disk_space_report | SUCCESS | {}                                        | success",
        "battery_health_report | SKIPPED | {}                                    | skipped",
      })
  void shouldWriteEachTypesStatusInTheAppsWords(
      String type, TaskStatus status, String results, String word) {
    // given
    ObjectNode summary =
        json("{\"human_readable\":{\"verdict\":\"x\"},\"results\":" + results + "}");
    TaskResult r = new TaskResult(type, null, status, summary, 1, null);

    // when
    JsonNode out = ReportJson.result(r, MarkerDialect.AUTOSERVICE);

    // then the app's word, and ours beside it
    assertThat(out.get("status").asText()).isEqualTo(word);
    assertThat(out.at("/summary/human_readable/status").asText()).isEqualTo(status.wireName());
    assertThat(out.at("/summary/human_readable/severity").asText()).isNotEmpty();
    assertThat(ReportJson.result(r, MarkerDialect.SEED).get("status").asText())
        .isEqualTo(status.wireName());
  }

  @Test
  void shouldKeepOurVerdictBesideATextHumanReadable() {
    // given battery's original shape: human_readable is a text in results
    ObjectNode summary =
        json(
            "{\"human_readable\":{\"verdict\":\"Critical\"},\"results\":{\"human_readable\":\"Battery: Critical\"}}");
    TaskResult r =
        new TaskResult("battery_health_report", null, TaskStatus.WARNING, summary, 1, null);

    // when
    JsonNode out = ReportJson.result(r, MarkerDialect.AUTOSERVICE);

    // then
    assertThat(out.get("status").asText()).isEqualTo("success");
    assertThat(out.at("/summary/human_readable").asText()).isEqualTo("Battery: Critical");
    assertThat(out.at("/summary/status_detail").asText()).isEqualTo("warning");
    assertThat(out.at("/summary/severity").asText()).isEqualTo("warning");
  }

  @Test
  void shouldKeepATasksOwnSeverity() {
    ObjectNode summary = json("{\"human_readable\":{\"severity\":\"critical\"},\"results\":{}}");
    TaskResult r = new TaskResult("chkdsk_scan", null, TaskStatus.ERROR, summary, 1, null);

    assertThat(
            ReportJson.result(r, MarkerDialect.AUTOSERVICE)
                .at("/summary/human_readable/severity")
                .asText())
        .isEqualTo("critical");
  }
}
