package io.autoservice.controller.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.protocol.MarkerDialect;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.RunReport;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.view.DispatchTarget;
import io.autoservice.console.view.RunRow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportVerbTest {
  @TempDir Path dir;
  ConsoleHarness h;
  ConsoleClient client;
  FakeAgent agent;

  @BeforeEach
  void start() throws Exception {
    h = new ConsoleHarness(dir);
    agent = h.agent("agent-a", "PC-ALPHA", Map.of());
    client = h.client();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    h.close();
  }

  String finishedRun(String plan) throws Exception {
    String run =
        client
            .dispatch(
                PlanParser.parse(plan), new DispatchTarget.Agents(List.of("agent-a")), true, null)
            .get(0)
            .runId();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.report(run).report().isPresent());
    return run;
  }

  RunReport sentReport(String run) {
    List<RunEvent> events = agent.sent(run);
    return ((EventPayload.RunFinished) events.get(events.size() - 1).payload()).report();
  }

  @Test
  void shouldPrintTheReportExactlyAsAgentRunPrintsIt() throws Exception {
    String run =
        finishedRun(
            "{\"tasks\":[{\"type\":\"hello_service\",\"id\":\"greet\"}],\"metadata\":{\"customer_name\":\"Zoë\"}}");

    ConsoleHarness.Result seed = h.console("report", run);
    ConsoleHarness.Result autoservice = h.console("report", run, "--markers", "autoservice");

    assertThat(seed.code()).isZero();
    assertThat(seed.out())
        .isEqualTo(
            Json.pretty(ReportJson.report(sentReport(run), MarkerDialect.SEED))
                + System.lineSeparator());
    assertThat(autoservice.out())
        .isEqualTo(
            Json.pretty(ReportJson.report(sentReport(run), MarkerDialect.AUTOSERVICE))
                + System.lineSeparator());
    assertThat(Json.parse(autoservice.out()).get("overall_status").asText()).isEqualTo("success");
  }

  @Test
  void shouldSummarizeTheReportAsText() throws Exception {
    String run =
        finishedRun(
            "{\"tasks\":[{\"type\":\"hello_service\"},{\"type\":\"ping_test\"},"
                + "{\"type\":\"disk_space_report\",\"fail\":true}]}");

    ConsoleHarness.Result r = h.console("report", run, "--format", "text");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("Run      " + run)
        .contains("Machine  PC-ALPHA (agent agent-a)")
        .contains("Status   completed_with_errors")
        .contains("Tasks    3");
    assertThat(r.out())
        .containsPattern("1  hello_service +success +0\\.25 s +Hello, World!")
        .containsPattern("2  ping_test +skipped +0\\.00 s +Unknown task type: ping_test")
        .containsPattern("3  disk_space_report +error +0\\.25 s +the tool failed: exit code 3");
  }

  @Test
  void shouldRefuseARunThatIsStillRunning() throws Exception {
    agent.hold();
    String run =
        client
            .dispatch(
                PlanParser.parse(DispatchVerbTest.PLAN),
                new DispatchTarget.Agents(List.of("agent-a")),
                false,
                null)
            .get(0)
            .runId();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.report(run).run().state() == RunRow.State.RUNNING);

    ConsoleHarness.Result r = h.console("report", run);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip()).isEqualTo("error: run " + run + " is still running (0/2 tasks)");
  }

  @Test
  void shouldSayWhenTheRunDoesNotExist() {
    ConsoleHarness.Result r = h.console("report", "nope");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("error: run nope not found");
  }
}
