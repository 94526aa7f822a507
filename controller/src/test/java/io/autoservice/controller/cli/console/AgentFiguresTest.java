package io.autoservice.controller.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.json.Json;
import io.autoservice.controller.metrics.Scrape;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.proto.v1.AgentStats;
import io.autoservice.proto.v1.TaskTally;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures agents report in heartbeats: per agent in {@code agents --json}, as fleet totals on
 * {@code /metrics}, and checked like any other agent input.
 */
class AgentFiguresTest {
  private static final String HELLO_OK = "autoservice_agent_tasks";

  @TempDir Path dir;
  ConsoleHarness h;
  String metrics;

  @BeforeEach
  void start() throws Exception {
    h =
        new ConsoleHarness(
            dir, ControllerSettings.defaults().withManagementListen("127.0.0.1:0", null));
    metrics = h.server.managementAddress().orElseThrow().toString();
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  private static AgentStats stats(long helloOk, long journalBytes, int reconnects) {
    return AgentStats.newBuilder()
        .addTasks(
            TaskTally.newBuilder()
                .setTaskType("hello_service")
                .setStatus("success")
                .setCount(helloOk)
                .setTotalDurationMs(250 * helloOk))
        .addTasks(
            TaskTally.newBuilder()
                .setTaskType("disk_space_report")
                .setStatus("error")
                .setCount(1)
                .setTotalDurationMs(40))
        .setJournalBytes(journalBytes)
        .setReconnects(reconnects)
        .build();
  }

  private double helloOk() throws Exception {
    return Scrape.of(metrics, null)
        .value(HELLO_OK, "task_type=\"hello_service\"", "status=\"success\"");
  }

  @Test
  void shouldShowAnAgentsFiguresInItsListing() throws Exception {
    FakeAgent a = h.agent("agent-a", "PC-ALPHA", Map.of());
    a.heartbeat(stats(3, 4096, 2));

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Json.parse(h.console("agents", "--json").out()).get(0).has("stats"));
    JsonNode stats = Json.parse(h.console("agents", "--json").out()).get(0).get("stats");

    assertThat(stats.get("journal_bytes").asLong()).isEqualTo(4096);
    assertThat(stats.get("reconnects").asLong()).isEqualTo(2);
    assertThat(stats.get("tasks")).hasSize(2);
    JsonNode hello = stats.get("tasks").get(0);
    assertThat(hello.get("task_type").asText()).isEqualTo("hello_service");
    assertThat(hello.get("status").asText()).isEqualTo("success");
    assertThat(hello.get("count").asLong()).isEqualTo(3);
    assertThat(hello.get("total_duration_ms").asLong()).isEqualTo(750);
  }

  @Test
  void shouldTotalTheConnectedAgentsLatestFiguresOnMetrics() throws Exception {
    FakeAgent a = h.agent("agent-a", "PC-ALPHA", Map.of());
    FakeAgent b = h.agent("agent-b", "PC-BRAVO", Map.of());
    a.heartbeat(stats(3, 1000, 0));
    b.heartbeat(stats(5, 2000, 1));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> helloOk() == 8);

    a.heartbeat(stats(4, 1000, 0)); // its latest figures replace its earlier ones
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> helloOk() == 9);
    Scrape s = Scrape.of(metrics, null);
    assertThat(s.value("autoservice_agent_journal_bytes")).isEqualTo(3000);
    assertThat(s.value("autoservice_agent_reconnects")).isEqualTo(1);

    b.close(); // a gone agent leaves the totals
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> helloOk() == 4);
    assertThat(Scrape.of(metrics, null).value("autoservice_agent_journal_bytes")).isEqualTo(1000);
  }

  @Test
  void shouldRefuseFiguresWithAnUnknownStatus() throws Exception {
    FakeAgent a = h.agent("agent-a", "PC-ALPHA", Map.of());
    double before =
        Scrape.of(metrics, null).value("autoservice_refusals_total", "reason=\"message_limit\"");

    a.heartbeat(
        AgentStats.newBuilder()
            .addTasks(
                TaskTally.newBuilder()
                    .setTaskType("hello_service")
                    .setStatus("ok\u001b[2J")
                    .setCount(1))
            .build());

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Json.parse(h.console("agents", "--json").out())
                    .get(0)
                    .get("state")
                    .asText()
                    .equals("offline"));
    Scrape s = Scrape.of(metrics, null);
    assertThat(s.value("autoservice_refusals_total", "reason=\"message_limit\""))
        .isEqualTo(before + 1);
    assertThat(s.names()).doesNotContain(HELLO_OK);
  }
}
