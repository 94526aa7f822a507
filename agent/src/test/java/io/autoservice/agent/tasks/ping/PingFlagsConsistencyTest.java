package io.autoservice.agent.tasks.ping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.common.result.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: on every recorded ping output (any OS, any language), with ping's success and failure
 * exit codes, the counts, loss, latencies, "success" flag and status agree with each other.
 */
class PingFlagsConsistencyTest {
  static Stream<Arguments> cases() throws IOException {
    List<Arguments> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(Fixtures.root().resolve("tool-outputs/ping"))) {
      for (Path f : files.sorted().toList()) {
        String n = f.getFileName().toString();
        if (n.endsWith(".txt") && !n.contains(".oem")) {
          for (int exit : new int[] {0, 1}) {
            out.add(Arguments.of(n, exit));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}, exit {1}")
  @MethodSource("cases")
  void countsLossLatencyAndStatusAgree(String name, int exit) {
    TaskOutcome o =
        PingTestHandler.outcome("host", 4, Fixtures.lines("ping", name), List.of(), exit);
    JsonNode r = o.summary().get("results");
    JsonNode packets = r.get("packets");
    JsonNode latency = r.get("latency_ms");
    boolean success = r.get("success").asBoolean();

    if (packets.get("sent").isNumber()
        && packets.get("received").isNumber()
        && packets.get("lost").isNumber()) {
      int sent = packets.get("sent").asInt();
      int received = packets.get("received").asInt();
      int lost = packets.get("lost").asInt();
      assertThat(lost).as("lost").isBetween(0, sent);
      assertThat(received).as("received").isBetween(0, sent);
      assertThat(received + lost).as("received + lost = sent").isEqualTo(sent);
      if (sent > 0 && packets.get("loss_percent").isNumber()) {
        assertThat(packets.get("loss_percent").asDouble())
            .as("loss %")
            .isBetween(100.0 * lost / sent - 1.0, 100.0 * lost / sent + 1.0);
      }
      if (received == 0) {
        assertThat(success).as("nothing received, yet success").isFalse();
      }
    }
    if (packets.get("loss_percent").isNumber()) {
      assertThat(packets.get("loss_percent").asDouble()).isBetween(0.0, 100.0);
      if (packets.get("loss_percent").asDouble() >= 100.0) {
        assertThat(success).isFalse();
      }
    }
    if (latency.get("min").isNumber()
        && latency.get("avg").isNumber()
        && latency.get("max").isNumber()) {
      assertThat(latency.get("min").asDouble()).isLessThanOrEqualTo(latency.get("avg").asDouble());
      assertThat(latency.get("avg").asDouble()).isLessThanOrEqualTo(latency.get("max").asDouble());
    }
    assertThat(success).as("success flag and status").isEqualTo(o.status() != TaskStatus.ERROR);
  }
}
