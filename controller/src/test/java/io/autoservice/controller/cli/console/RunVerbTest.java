package io.autoservice.controller.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.protocol.ClassicProtocolPrinter;
import io.autoservice.common.protocol.MarkerDialect;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.RunReport;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.run.RemoteRun;
import io.autoservice.console.view.RunRow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RunVerbTest {
  static final String PLAN =
      "{\"tasks\":[{\"type\":\"hello_service\",\"id\":\"greet\"},{\"type\":\"ping_test\"},"
          + "{\"type\":\"disk_space_report\",\"fail\":true}],\"metadata\":{\"technician_name\":\"Ada\"}}";

  @TempDir Path dir;
  ConsoleHarness h;
  FakeAgent agent;

  @BeforeEach
  void start() throws Exception {
    h = new ConsoleHarness(dir.resolve("data"));
    agent = h.agent("agent-a", "PC-ALPHA", Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  /** What {@code agent run} would print on stderr for the same events. */
  static List<String> printed(List<RunEvent> events, MarkerDialect dialect) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ClassicProtocolPrinter printer =
        new ClassicProtocolPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), dialect);
    events.forEach(printer::accept);
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  static List<String> markers(List<String> lines, MarkerDialect dialect) {
    return lines.stream().filter(l -> dialect.parse(l).isPresent()).toList();
  }

  @ParameterizedTest
  @EnumSource(MarkerDialect.class)
  void shouldPrintTheAgentsMarkersAndReportExactlyAsAgentRun(MarkerDialect dialect)
      throws Exception {
    ConsoleHarness.Result r =
        h.consoleWithStdio(
            "",
            "run",
            "--agent",
            "agent-a",
            PLAN,
            "--force",
            "--markers",
            dialect.name().toLowerCase(Locale.ROOT));

    assertThat(r.code()).as(r.err()).isZero();
    String runId = onlyRunId();
    List<RunEvent> events = agent.sent(runId);
    RunReport report =
        ((EventPayload.RunFinished) events.get(events.size() - 1).payload()).report();
    assertThat(r.out())
        .isEqualTo(Json.pretty(ReportJson.report(report, dialect)) + System.lineSeparator());
    List<String> err = r.err().lines().toList();
    List<String> expected = printed(events, dialect);
    assertThat(markers(err, dialect)).isEqualTo(markers(expected, dialect)).hasSizeGreaterThan(9);
    assertThat(err).containsSubsequence(expected);
    assertThat(err)
        .containsSubsequence(
            "No --output-file provided; final report not written to disk.",
            expected.get(expected.size() - 1));
    assertThat(err.get(0)).startsWith("Reading plan from argument");
  }

  private String onlyRunId() {
    try (ConsoleClient c = h.client()) {
      List<RunRow> runs = c.runs(RunRow.Query.all());
      assertThat(runs).hasSize(1);
      return runs.get(0).runId();
    }
  }

  @Test
  void shouldAlsoWriteTheReportToTheOutputFile() throws Exception {
    Path file = dir.resolve("out/report.json");

    ConsoleHarness.Result r =
        h.consoleWithStdio(
            "",
            "run",
            "--agent",
            "agent-a",
            DispatchVerbTest.PLAN,
            "--output-file",
            file.toString());

    assertThat(r.code()).isZero();
    assertThat(Files.readString(file)).isEqualTo(r.out());
    assertThat(r.err()).contains("Final report written to '" + file.toAbsolutePath() + "'");
  }

  @Test
  void shouldReadThePlanFromStdin() {
    ConsoleHarness.Result r =
        h.consoleWithStdio(DispatchVerbTest.PLAN, "run", "--agent", "agent-a", "-");

    assertThat(r.code()).isZero();
    assertThat(r.err()).contains("Reading plan from stdin");
  }

  @Test
  void shouldPrintAFailureReportWhenTheControllerRefusesThePlan() throws Exception {
    ConsoleHarness.Result r =
        h.consoleWithStdio("", "run", "--agent", "agent-a", "{\"type\":\"sfc_scan\"}");

    assertThat(r.code()).isEqualTo(1);
    JsonNode report = Json.parse(r.out());
    assertThat(report.get("status").asText()).isEqualTo("error");
    assertThat(report.get("tasks")).isEmpty();
    assertThat(report.get("error").asText()).contains("cannot run sfc_scan");
    assertThat(report.get("metadata").get("hostname").asText()).isEqualTo("PC-ALPHA");
    assertThat(r.err()).contains("error: agent PC-ALPHA (agent-a) cannot run sfc_scan");
    assertThat(markers(r.err().lines().toList(), MarkerDialect.SEED)).isEmpty();
  }

  @Test
  void shouldPrintAFailureReportForAnInvalidPlan() throws Exception {
    ConsoleHarness.Result r =
        h.consoleWithStdio("", "run", "--agent", "agent-a", "{\"tasks\":[{\"id\":\"x\"}]}");

    assertThat(r.code()).isEqualTo(1);
    assertThat(Json.parse(r.out()).get("error").asText())
        .isEqualTo("tasks[0]: \"type\" is missing");
    assertThat(r.err()).contains("error: tasks[0]: \"type\" is missing");
  }

  @Test
  void shouldPrintAFailureReportWhenTheAgentRefusesThePlan() throws Exception {
    agent.refusePlans();

    ConsoleHarness.Result r =
        h.consoleWithStdio("", "run", "--agent", "agent-a", DispatchVerbTest.PLAN);

    assertThat(r.code()).isEqualTo(1);
    JsonNode report = Json.parse(r.out());
    assertThat(report.get("status").asText()).isEqualTo("error");
    assertThat(report.get("error").asText())
        .isEqualTo("the agent refused the plan: tasks[0]: not on this agent");
    assertThat(report.get("metadata").get("hostname").asText()).isEqualTo("PC-ALPHA");
  }

  @Test
  void shouldCancelTheRemoteRunAndPrintItsCancelledReport() throws Exception {
    agent.hold();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Plan plan = PlanParser.parse(DispatchVerbTest.PLAN);
    try (ConsoleClient client = h.client()) {
      RemoteRun remote =
          new RemoteRun(
              client,
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8),
              Clock.systemUTC());
      int[] code = {-1};
      Thread t =
          new Thread(
              () ->
                  code[0] =
                      remote.run(
                          plan, new RemoteRun.Options("agent-a", MarkerDialect.SEED, null, false)));
      t.start();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> err.toString(StandardCharsets.UTF_8).contains("TASK_START: hello_service"));

      remote.cancel("cancelled");

      assertThat(remote.awaitDone(RemoteRun.STOP_GRACE)).isTrue();
      t.join();
      assertThat(code[0]).isEqualTo(130);
    }
    JsonNode report = Json.parse(out.toString(StandardCharsets.UTF_8));
    assertThat(report.get("status").asText()).isEqualTo("cancelled");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("TASK_FAIL: hello_service | cancelled")
        .contains("PROGRESS_JSON_FINAL: ");
  }

  @Test
  void shouldPrintAFailureReportWhenTheControllerIsUnreachable() throws Exception {
    int port = ConsoleErrorsTest.freePort();

    ConsoleHarness.Result r =
        ConsoleHarness.rawWithStdio(
            "",
            "console",
            "--controller",
            "127.0.0.1:" + port,
            "--insecure",
            "run",
            "--agent",
            "agent-a",
            DispatchVerbTest.PLAN);

    assertThat(r.code()).isEqualTo(3);
    assertThat(Json.parse(r.out()).get("error").asText())
        .isEqualTo("cannot reach the controller at 127.0.0.1:" + port + " (connection refused)");
  }
}
