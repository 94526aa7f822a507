package io.autoservice.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.controller.fleet.FleetRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The controller's log (Logback on stderr) keeps each record on one line and shows agent text in it
 * escaped: a hostname, an agent's error or a task type cannot clear the operator's screen or forge
 * a log line, whichever class logs it.
 */
class LogSinkTest {
  @Test
  void shouldKeepEachLogRecordOnOneLineWithoutControls() {
    // given the controller's stderr, as serve sets it up, captured
    String hostname = "pc\u001b[2J\u001b]0;owned\u0007\u009b31m\r\n[main] INFO forged - all good";
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(LogSink.escaping(new PrintStream(captured, true, StandardCharsets.UTF_8)));
    try {
      // when a component logs agent text, with and without an exception
      LoggerFactory.getLogger(FleetRegistry.class).warn("agent {} (a1) connected", hostname);
      LoggerFactory.getLogger(FleetRegistry.class)
          .warn("agent a1 failed", new IllegalStateException("bad " + hostname));
      System.err.printf("controller: %s%n", "ok");
    } finally {
      System.setErr(old);
    }

    // then every record is one line, the text visible but inert
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(
            log.chars()
                .filter(c -> c != '\n' && c != '\t' && (c < 0x20 || (c >= 0x7f && c <= 0x9f))))
        .as("controls in %s", log)
        .isEmpty();
    assertThat(log.lines()).noneMatch(l -> l.startsWith("[main] INFO forged"));
    assertThat(log).contains("agent pc\\e[2J\\e]0;owned\\x07\\x9b31m\\r\\n[main] INFO forged");
    assertThat(log.lines()).contains("controller: ok");
  }
}
