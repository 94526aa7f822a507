package io.autoservice.controller.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.view.DispatchTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsVerbTest {
  @TempDir Path dir;
  ConsoleHarness h;
  ConsoleClient client;
  String okRun;
  String failedRun;
  String queuedRun;

  @BeforeEach
  void start() throws Exception {
    h = new ConsoleHarness(dir);
    h.agent("agent-a", "PC-ALPHA", Map.of());
    FakeAgent b = h.agent("agent-b", "PC-BRAVO", Map.of());
    client = h.client();
    okRun = dispatch("agent-a", DispatchVerbTest.PLAN);
    failedRun = dispatch("agent-a", "{\"type\":\"hello_service\",\"fail\":true}");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client.report(failedRun).report().isPresent()
                    && client.report(okRun).report().isPresent());
    b.hold();
    dispatch("agent-b", DispatchVerbTest.PLAN);
    queuedRun = dispatch("agent-b", DispatchVerbTest.PLAN);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    h.close();
  }

  String dispatch(String agent, String plan) throws Exception {
    return client
        .dispatch(PlanParser.parse(plan), new DispatchTarget.Agents(List.of(agent)), false, null)
        .get(0)
        .runId();
  }

  @Test
  void shouldListRunsNewestFirst() {
    ConsoleHarness.Result r = h.console("runs");

    assertThat(r.code()).isZero();
    assertThat(r.outLines()).hasSize(5);
    assertThat(r.outLines().get(0))
        .matches("RUN ID +AGENT/HOST +STATE +STATUS +TASKS +DISPATCHED +FINISHED +ORIGIN");
    assertThat(r.outLines().get(1))
        .startsWith(queuedRun)
        .containsPattern("PC-BRAVO +queued +- +0/2 ");
    assertThat(r.outLines().get(3))
        .startsWith(failedRun)
        .containsPattern(
            "PC-ALPHA +finished +completed_with_errors +1/1 +\\d{4}-\\d\\d-\\d\\d"
                + " \\d\\d:\\d\\d:\\d\\d");
    assertThat(r.outLines().get(4)).startsWith(okRun).contains("ok").contains("2/2");
  }

  @Test
  void shouldFilterByAgentStatusStateSinceAndLimit() {
    assertThat(h.console("runs", "--agent", "agent-b").outLines()).hasSize(3);
    assertThat(h.console("runs", "--status", "ok").outLines())
        .hasSize(2)
        .last()
        .asString()
        .startsWith(okRun);
    assertThat(h.console("runs", "--state", "queued").outLines())
        .hasSize(2)
        .last()
        .asString()
        .startsWith(queuedRun);
    assertThat(h.console("runs", "--state", "finished", "--limit", "1").outLines())
        .hasSize(2)
        .last()
        .asString()
        .startsWith(failedRun);
    assertThat(h.console("runs", "--since", "1h").outLines()).hasSize(5);
  }

  @Test
  void shouldPrintRunsAsJson() throws Exception {
    ConsoleHarness.Result r = h.console("runs", "--agent", "agent-a", "--json");

    JsonNode runs = Json.parse(r.out());
    assertThat(runs).hasSize(2);
    JsonNode ok = runs.get(1);
    assertThat(ok.get("run_id").asText()).isEqualTo(okRun);
    assertThat(ok.get("state").asText()).isEqualTo("finished");
    assertThat(ok.get("status").asText()).isEqualTo("ok");
    assertThat(ok.get("completed_tasks").asInt()).isEqualTo(2);
    assertThat(ok.get("finished_at").asText()).endsWith("Z");
  }

  @Test
  void shouldRefuseBadFilters() {
    assertThat(h.console("runs", "--status", "great").code()).isEqualTo(2);
    assertThat(h.console("runs", "--state", "sleeping").code()).isEqualTo(2);
    assertThat(h.console("runs", "--limit", "-1").code()).isEqualTo(2);
  }
}
