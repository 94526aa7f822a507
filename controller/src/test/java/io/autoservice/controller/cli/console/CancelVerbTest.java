package io.autoservice.controller.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunStatus;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.view.DispatchTarget;
import io.autoservice.console.view.ReportAnswer;
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

class CancelVerbTest {
  @TempDir Path dir;
  ConsoleHarness h;
  ConsoleClient client;
  String running;
  String queued;

  @BeforeEach
  void start() throws Exception {
    h = new ConsoleHarness(dir);
    FakeAgent agent = h.agent("agent-a", "PC-ALPHA", Map.of());
    client = h.client();
    agent.hold();
    running = dispatch();
    queued = dispatch();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.report(running).run().state() == RunRow.State.RUNNING);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    h.close();
  }

  String dispatch() throws Exception {
    return client
        .dispatch(
            PlanParser.parse(DispatchVerbTest.PLAN),
            new DispatchTarget.Agents(List.of("agent-a")),
            false,
            null)
        .get(0)
        .runId();
  }

  @Test
  void shouldCancelAQueuedRunAtOnce() {
    ConsoleHarness.Result r = h.console("cancel", queued, "--reason", "wrong PC");

    assertThat(r.code()).isZero();
    assertThat(r.out().strip()).isEqualTo("run " + queued + " on PC-ALPHA: finished (cancelled)");
    ReportAnswer report = client.report(queued);
    assertThat(report.run().status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(report.report().orElseThrow().error()).isEqualTo("wrong PC");
  }

  @Test
  void shouldAskTheAgentToStopARunningRun() {
    ConsoleHarness.Result r = h.console("cancel", running);

    assertThat(r.code()).isZero();
    assertThat(r.out().strip())
        .isEqualTo(
            "run " + running + " on PC-ALPHA: running; cancel requested, the agent is stopping it");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.report(running).report().isPresent());
    assertThat(client.report(running).report().orElseThrow().status())
        .isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void shouldRefuseToCancelAFinishedOrUnknownRun() {
    h.console("cancel", queued);

    ConsoleHarness.Result again = h.console("cancel", queued);
    ConsoleHarness.Result unknown = h.console("cancel", "nope");

    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err().strip())
        .isEqualTo("error: run " + queued + " already finished (cancelled)");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err().strip()).isEqualTo("error: run nope not found");
  }
}
