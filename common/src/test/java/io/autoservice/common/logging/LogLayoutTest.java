package io.autoservice.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.json.Json;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class LogLayoutTest {
  private static final String HOSTILE = "PC-1\n2026-12-07T18:00:00.000Z INFO  fake\u001b[2J line";

  private final LoggerContext context = new LoggerContext();

  private LoggingEvent event(String message) {
    LoggingEvent e =
        new LoggingEvent(
            getClass().getName(),
            context.getLogger("io.autoservice.controller.fleet.FleetRegistry"),
            Level.INFO,
            message,
            null,
            null);
    e.setTimeStamp(1_796_666_400_123L);
    return e;
  }

  @Test
  void textIsTimestampLevelShortLoggerMessageAndPairs() {
    LoggingEvent e = event("agent connected");
    e.addKeyValuePair(new KeyValuePair("agent_id", "a1b2"));
    e.addKeyValuePair(new KeyValuePair("hostname", "front desk"));

    assertThat(new KeyValueLayout().doLayout(e))
        .isEqualTo(
            "2026-12-07T18:00:00.123Z INFO  fleet.FleetRegistry agent connected agent_id=a1b2"
                + " hostname=\"front desk\"\n");
  }

  @Test
  void aHostileHostnameStaysOnOneEscapedTextLine() {
    LoggingEvent e = event("agent connected " + HOSTILE);
    e.addKeyValuePair(new KeyValuePair("hostname", HOSTILE));
    e.addKeyValuePair(new KeyValuePair("error", "a \"quoted\" x=1"));

    String line = new KeyValueLayout().doLayout(e);

    assertThat(line).hasLineCount(1).doesNotContain("\u001b").endsWith("\n");
    assertThat(line)
        .contains("hostname=\"PC-1\\n2026-12-07T18:00:00.000Z INFO  fake\\e[2J line\"")
        .contains("error=\"a \\\"quoted\\\" x=1\"");
  }

  @Test
  void aHostileHostnameStaysOnOneEscapedJsonLineWithPairsAsFields() throws Exception {
    LoggingEvent e = event("agent connected");
    e.addKeyValuePair(new KeyValuePair("hostname", HOSTILE + "\u009b"));
    e.addKeyValuePair(new KeyValuePair("tasks", 3));
    e.addKeyValuePair(new KeyValuePair("msg", "not the message"));

    String line = new JsonLineLayout().doLayout(e);

    assertThat(line).hasLineCount(1).doesNotContain("\u001b").doesNotContain("\u009b");
    JsonNode o = Json.mapper().readTree(line);
    assertThat(o.get("ts").asText()).isEqualTo("2026-12-07T18:00:00.123Z");
    assertThat(o.get("level").asText()).isEqualTo("INFO");
    assertThat(o.get("msg").asText()).isEqualTo("agent connected");
    assertThat(o.get("hostname").asText())
        .isEqualTo("PC-1\\n2026-12-07T18:00:00.000Z INFO  fake\\e[2J line\\x9b");
    assertThat(o.get("tasks").asLong()).isEqualTo(3);
    assertThat(o.get("msg_").asText()).isEqualTo("not the message");
  }

  @Test
  void aStackTraceFollowsOnTabIndentedLinesThatCannotPassForEvents() {
    LoggingEvent e =
        new LoggingEvent(
            getClass().getName(),
            context.getLogger("x.Y"),
            Level.WARN,
            "store failed",
            new IllegalStateException("bad\n2026-01-01T00:00:00.000Z ERROR forged"),
            null);

    String[] lines = new KeyValueLayout().doLayout(e).split("\n");

    assertThat(lines[0]).endsWith("WARN  x.Y store failed");
    assertThat(lines).hasSizeGreaterThan(2);
    for (int i = 1; i < lines.length; i++) {
      assertThat(lines[i]).startsWith("\t");
    }
  }
}
