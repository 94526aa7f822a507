package io.autoservice.controller.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.plan.PlanParser;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.view.DispatchTarget;
import io.autoservice.controller.cli.ControllerMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WatchVerbTest {
  @TempDir Path dir;
  ConsoleHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new ConsoleHarness(dir);
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  @Test
  void shouldPrintChangedAgentLinesWithAProgressBarWhenNotATerminal() throws Exception {
    FakeAgent a = h.agent("agent-a", "PC-ALPHA", Map.of("site", "front"));
    h.agent("agent-b", "PC-BRAVO", Map.of("site", "back"));
    a.hold();
    StringWriter out = new StringWriter();
    CommandLine cl = ControllerMain.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    AtomicReference<Integer> code = new AtomicReference<>();
    Thread watcher =
        new Thread(
            () ->
                code.set(
                    cl.execute(
                        "console",
                        "--controller",
                        h.address,
                        "--insecure",
                        "--token",
                        h.techToken,
                        "watch",
                        "--label",
                        "site=front")));
    watcher.start();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> out.toString().contains("PC-ALPHA online  idle"));

    try (ConsoleClient client = h.client()) {
      client.dispatch(
          PlanParser.parse(DispatchVerbTest.PLAN),
          new DispatchTarget.Agents(List.of("agent-a")),
          false,
          null);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  out.toString()
                      .matches("(?s).*PC-ALPHA busy    \\[\\.{10}\\] 0/2 [0-9a-f]{8} running.*"));
      a.release();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  out.toString().lines().filter(l -> l.equals("PC-ALPHA online  idle")).count()
                      == 2);
    }

    watcher.interrupt();
    watcher.join(10_000);
    assertThat(watcher.isAlive()).isFalse();
    assertThat(code.get()).isEqualTo(130);
    assertThat(out.toString()).doesNotContain("PC-BRAVO").doesNotContain("\u001b[");
  }
}
