package io.autoservice.controller.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.plan.PlanParser;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.view.DispatchTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: an agent whose tool prints terminal controls (progress, output, a failure reason), a
 * real controller that stores and exports the run, and the console verbs a technician reads it
 * with. {@link TerminalInjectionTest} covers every field; this covers the path.
 */
class HostileAgentTest {
  private static final String NOISE = "\u001b[2J\u001b]0;owned\u0007\u009b31m\r\nFORGED line";

  @TempDir Path dir;
  ConsoleHarness h;
  FakeAgent agent;

  @BeforeEach
  void start() throws Exception {
    h = new ConsoleHarness(dir);
    agent = h.agent("agent-a", "PC-ALPHA", Map.of());
    agent.addToEveryText(NOISE);
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  @Test
  void shouldShowATaskOutputsControlsEscapedInTheConsoleAndTheExportedLog() throws Exception {
    // given a finished run whose tool output, progress and failure reason carry controls
    String run;
    try (ConsoleClient client = h.client()) {
      run =
          client
              .dispatch(
                  PlanParser.parse(
                      "{\"tasks\":[{\"type\":\"hello_service\"},"
                          + "{\"type\":\"disk_space_report\",\"fail\":true}]}"),
                  new DispatchTarget.Agents(List.of("agent-a")),
                  false,
                  null)
              .get(0)
              .runId();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> client.report(run).report().isPresent());
    }

    // when the technician reads it
    ConsoleHarness.Result follow = h.console("follow", run);
    ConsoleHarness.Result text = h.console("report", run, "--format", "text");
    ConsoleHarness.Result json = h.console("report", run);

    // then it shows escaped, each field on its own line, and the exported log likewise
    for (ConsoleHarness.Result r : List.of(follow, text, json)) {
      assertThat(r.code()).as("exit code of %s", r).isZero();
      TerminalInjectionTest.assertNoControls(r);
      assertThat(r.out().lines()).noneMatch(l -> l.startsWith("FORGED"));
    }
    assertThat(follow.out())
        .contains("| working on hello_service\\e[2J\\e]0;owned\\x07\\x9b31m\\r\\nFORGED line");
    assertThat(text.out()).contains("the tool failed: exit code 3\\e[2J");
    Path reports = dir.resolve("reports");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> logOf(reports) != null);
    String log = Files.readString(logOf(reports));
    assertThat(log.lines()).noneMatch(l -> l.startsWith("FORGED"));
    assertThat(log).contains("working on hello_service\\e[2J").doesNotContain("\u001b", "\u009b");
  }

  /** The exported execution.log once its folder is complete, else null. */
  private static Path logOf(Path reports) throws Exception {
    if (!Files.isDirectory(reports)) {
      return null;
    }
    try (Stream<Path> dirs = Files.list(reports)) {
      return dirs.filter(d -> Files.exists(d.resolve("metadata.json")))
          .map(d -> d.resolve("execution.log"))
          .findFirst()
          .orElse(null);
    }
  }
}
