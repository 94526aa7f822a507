package io.autoservice.controller.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsoleErrorsTest {
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"agents", "runs", "report r1", "cancel r1", "follow r1", "watch"})
  void shouldExitThreeWithOneClearLineWhenTheControllerIsUnreachable(String verb) throws Exception {
    int port = freePort();
    String[] args = ("console --controller 127.0.0.1:" + port + " --insecure " + verb).split(" ");

    ConsoleHarness.Result r = ConsoleHarness.raw(args);

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "error: cannot reach the controller at 127.0.0.1:"
                + port
                + " (connection refused)"
                + System.lineSeparator());
  }

  @Test
  void shouldExitThreeForADispatchToAnUnreachableController() throws Exception {
    int port = freePort();

    ConsoleHarness.Result r =
        ConsoleHarness.raw(
            "console",
            "--controller",
            "127.0.0.1:" + port,
            "--insecure",
            "dispatch",
            DispatchVerbTest.PLAN,
            "--all");

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err().lines()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "console",
        "console nonsense",
        "console agents --state sleepy",
        "console agents --bogus",
        "console --controller nohost agents",
        "console --controller 127.0.0.1:99999 agents",
        "console report",
        "console follow",
        "console run plan.json",
        "console runs --since yesterday",
        "console report r1 --format pdf",
        "console run --agent a plan.json --markers klingon"
      })
  void shouldExitTwoOnUsageErrors(String line) {
    ConsoleHarness.Result r = ConsoleHarness.raw(line.split(" "));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("error: ");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "agents",
        "dispatch",
        "follow",
        "watch",
        "runs",
        "report",
        "cancel",
        "run",
        "audit",
        "history"
      })
  void shouldPrintHelpForEveryVerb(String verb) {
    ConsoleHarness.Result r = ConsoleHarness.raw("console", verb, "--help");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("Usage: controller console " + verb)
        .contains("--controller=HOST:PORT")
        .contains("--token-file=FILE");
  }
}
