package io.autoservice.console.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConsoleCommandTest {
  @Test
  void shouldNameEveryRegisteredVerbWhenTheVerbIsMissing() {
    // given the console on its own, as the jar runs it
    CommandLine cl = ConsoleMain.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));

    // when no verb is given
    int code = cl.execute("--controller", "127.0.0.1:1");

    // then one error line names the verbs, the usage follows, and the exit is a usage error
    assertThat(code).isEqualTo(ConsoleCommand.EXIT_USAGE);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .startsWith(
            "error: a verb is missing (agents, dispatch, follow, watch, runs, report, cancel, run,"
                + " audit, schedules, alerts, history)"
                + System.lineSeparator()
                + "Usage: console ");
  }

  @Test
  void shouldTurnABadOptionValueIntoOneErrorLineAndAHint() {
    CommandLine cl = ConsoleMain.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));

    int code = cl.execute("runs", "--limit", "many");

    assertThat(code).isEqualTo(ConsoleCommand.EXIT_USAGE);
    assertThat(err.toString().lines().toList())
        .hasSize(2)
        .last()
        .isEqualTo("Try 'console runs --help' for usage.");
    assertThat(err.toString())
        .startsWith("error: Invalid value for option '--limit': 'many' is not an int");
  }
}
