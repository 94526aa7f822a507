package io.autoservice.controller.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.view.DispatchTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FollowVerbTest {
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

  String dispatch(String plan) throws Exception {
    return client
        .dispatch(PlanParser.parse(plan), new DispatchTarget.Agents(List.of("agent-a")), true, null)
        .get(0)
        .runId();
  }

  @Test
  void shouldPrintOneLinePerEventAndEndWhenTheRunFinishes() throws Exception {
    agent.hold();
    String run =
        dispatch(
            "{\"tasks\":[{\"type\":\"hello_service\"},{\"type\":\"ping_test\"},{\"type\":\"disk_space_report\",\"fail\":true}]}");
    String s = run.substring(0, 8);
    Thread releaser =
        new Thread(
            () -> {
              sleep(300);
              agent.release();
            });
    releaser.start();

    ConsoleHarness.Result r = h.console("follow", run);

    assertThat(r.code()).isZero(); // completed_with_errors is a completed run
    assertThat(r.outLines())
        .contains(
            "PC-ALPHA " + s + " [0/3] started: hello_service, ping_test, disk_space_report",
            "PC-ALPHA " + s + " [1/3] TASK_START hello_service",
            "PC-ALPHA " + s + " [1/3] 50% half way",
            "PC-ALPHA " + s + " [1/3] | working on hello_service",
            "PC-ALPHA " + s + " [1/3] TASK_OK hello_service",
            "PC-ALPHA " + s + " [2/3] TASK_SKIP ping_test: Unknown task type: ping_test",
            "PC-ALPHA " + s + " [3/3] TASK_FAIL disk_space_report: the tool failed: exit code 3",
            "PC-ALPHA " + s + " finished: completed_with_errors (3/3 tasks)");
    // The controller re-sends "running" with each finished task; a person sees it once.
    assertThat(r.outLines().stream().filter(l -> l.endsWith(" running")))
        .hasSizeLessThanOrEqualTo(1);
    assertThat(r.outLines().get(r.outLines().size() - 1))
        .endsWith("finished: completed_with_errors (3/3 tasks)");
  }

  @Test
  void shouldReplayAFinishedRunAndPrintJsonLines() throws Exception {
    String run = dispatch(DispatchVerbTest.PLAN);
    awaitFinished(run);

    ConsoleHarness.Result r = h.console("follow", run, "--json");

    assertThat(r.code()).isZero();
    List<String> types = new ArrayList<>();
    for (String line : r.outLines()) {
      JsonNode o = Json.parse(line);
      types.add(o.get("type").asText());
    }
    // A finished run's state comes after its replayed events: "finished" is the last word.
    assertThat(types)
        .containsExactly(
            "run_started",
            "task_started",
            "task_progress",
            "task_output",
            "task_finished",
            "task_started",
            "task_progress",
            "task_output",
            "task_finished",
            "run_finished",
            "run_state");
    JsonNode finished =
        Json.parse(
            r.outLines().stream()
                .filter(l -> l.contains("\"run_finished\""))
                .findFirst()
                .orElseThrow());
    assertThat(finished.get("report").get("status").asText()).isEqualTo("ok");
    assertThat(finished.get("hostname").asText()).isEqualTo("PC-ALPHA");
  }

  @Test
  void shouldFailForACancelledRunOrAnUnknownOne() throws Exception {
    agent.hold();
    String run = dispatch(DispatchVerbTest.PLAN);
    client.cancel(run, "technician said so");

    ConsoleHarness.Result cancelled = h.console("follow", run);
    ConsoleHarness.Result unknown = h.console("follow", "no-such-run");

    assertThat(cancelled.code()).isEqualTo(1);
    assertThat(cancelled.out()).contains("finished: cancelled");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err().strip()).isEqualTo("error: run no-such-run not found");
  }

  void awaitFinished(String run) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.report(run).report().isPresent());
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
