package io.autoservice.agent.tasks.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.common.result.TaskStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: every recorded sfc console output, alone or with each recorded CBS.log excerpt, with
 * exit codes 0, 1 and 2, gives flags that agree with each other and with the status.
 */
class SfcFlagsConsistencyTest {
  static Stream<Arguments> cases() throws IOException {
    Path dir = Fixtures.toolOutput("sfc", "README.md").getParent();
    List<Path> consoles = new ArrayList<>();
    List<String> logs = new ArrayList<>();
    logs.add(null);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String n = f.getFileName().toString();
        if (n.endsWith(".log")) {
          logs.add(n);
        } else if (n.endsWith(".txt")) {
          consoles.add(f);
        }
      }
    }
    List<Arguments> out = new ArrayList<>();
    for (Path c : consoles) {
      String n = c.getFileName().toString();
      byte[] b = Files.readAllBytes(c);
      String text =
          new String(b, n.contains("utf16le") ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_8);
      List<String> lines = Arrays.asList(text.split("\r\n|\r|\n"));
      for (String log : logs) {
        for (int rc : new int[] {0, 1, 2}) {
          out.add(Arguments.of(n, log, rc, lines));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} + {1}, exit {2}")
  @MethodSource("cases")
  void flagsAgreeWithEachOtherAndTheStatus(String console, String log, int rc, List<String> lines)
      throws IOException {
    SfcOutput p = SfcOutputParser.parse(lines);
    if (log != null) {
      p = p.withCbs(CbsSfcFindings.of(Files.readAllLines(Fixtures.toolOutput("sfc", log))));
    }
    TaskOutcome o = SfcScanHandler.outcome(p, rc, "", null);
    JsonNode r = o.summary().get("results");
    JsonNode violations = r.get("integrity_violations");
    boolean attempted = r.get("repairs_attempted").asBoolean();
    JsonNode successful = r.get("repairs_successful");

    if (violations.isBoolean() && !violations.asBoolean()) {
      assertThat(attempted).as("no violations, yet repairs attempted").isFalse();
      assertThat(successful.isNull()).as("no violations, yet a repair outcome").isTrue();
    }
    if (attempted) {
      assertThat(violations.asBoolean()).as("repairs without violations").isTrue();
    }
    if (successful.isBoolean() && successful.asBoolean()) {
      assertThat(attempted).isTrue();
    }
    if (successful.isBoolean() && !successful.asBoolean()) {
      assertThat(o.status())
          .as("a failed repair is never a success")
          .isNotEqualTo(TaskStatus.SUCCESS);
    }
    if (r.get("access_denied").asBoolean()) {
      assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    }
    if (o.status() == TaskStatus.SUCCESS
        && r.has("verdict")
        && r.get("verdict").asText().startsWith("No integrity")) {
      assertThat(violations.asBoolean(true)).isFalse();
    }
    assertThat(r.get("verdict_source").asText()).isEqualTo(p.fromCbsLog() ? "cbs_log" : "console");
  }
}
