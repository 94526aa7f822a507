package io.autoservice.agent.tasks.win11;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.RecordedOutputs;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On every WhyNotWin11 CSV of {@code fixtures/tool-outputs/whynotwin11/}, the ready flag, the check
 * lists and the verdict agree.
 */
class WhyNotWin11ConsistencyTest {
  static List<Path> outputs() {
    return RecordedOutputs.files("whynotwin11", ".csv");
  }

  @ParameterizedTest
  @MethodSource("outputs")
  void readyFlagChecksAndVerdictAgree(Path file) {
    TaskOutcome o =
        WhyNotWin11Outcome.build(RecordedOutputs.bytes(file), file, Json.array(), 0, "");
    JsonNode r = o.summary().path("results");
    JsonNode hr = o.summary().path("human_readable");
    String verdict = hr.path("verdict").asText();
    List<String> failing = texts(r.path("failing_checks"));
    List<String> passing = texts(r.path("passing_checks"));
    List<String> unknown = texts(r.path("unknown_checks"));
    Set<String> all = new HashSet<>(failing);
    all.addAll(passing);
    all.addAll(unknown);
    assertThat(all)
        .as("each check in exactly one list")
        .hasSize(failing.size() + passing.size() + unknown.size());
    assertThat(all).containsExactlyInAnyOrderElementsOf(fieldNames(r.path("checks")));
    boolean ready = r.path("ready").asBoolean();
    assertThat(ready).isEqualTo(verdict.equals("ready"));
    if (ready) {
      assertThat(failing).isEmpty();
      assertThat(unknown).isEmpty();
      assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    }
    if (!failing.isEmpty()) {
      assertThat(verdict).isEqualTo("not_ready");
    }
    if (verdict.equals("not_ready")) {
      assertThat(failing).isNotEmpty();
    }
  }

  private static List<String> texts(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> fieldNames(JsonNode o) {
    List<String> out = new ArrayList<>();
    o.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
