package io.autoservice.agent.tasks.drivecleanup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.RecordedOutputs;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.TaskParams;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On every DriveCleanup output of {@code fixtures/tool-outputs/drivecleanup/}, totals, verdict and
 * notes agree.
 */
class DriveCleanupConsistencyTest {
  static List<Path> outputs() {
    return RecordedOutputs.files("drivecleanup", ".txt");
  }

  @ParameterizedTest
  @MethodSource("outputs")
  void totalsVerdictAndNotesAgree(Path file) {
    List<String> lines = RecordedOutputs.lines(file);
    DriveCleanupOutput out = DriveCleanupOutputParser.parse(lines, 1_000);
    out.counts().values().forEach(v -> assertThat(v == null || v >= 0).isTrue());

    boolean testOnly = file.getFileName().toString().contains("test-only");
    DriveCleanupCommand cmd =
        DriveCleanupCommand.build(
            new TaskParams(Json.object().put("test_only", testOnly), ParamSchema.of()), true);
    TaskOutcome o =
        DriveCleanupOutcome.build(
            cmd, out, new DriveCleanupOutcome.Options(false, false), 0, lines, List.of(), null);
    JsonNode hr = o.summary().path("human_readable");
    String verdict = hr.path("verdict").asText();
    long removed = hr.path("devices_removed").asLong() + hr.path("registry_items_removed").asLong();
    String notes = hr.path("notes").toString();
    assertThat(hr.path("test_only").asBoolean()).isEqualTo(testOnly);
    assertThat(notes.contains("\"Removed ") && notes.contains("\"Would remove "))
        .as(notes)
        .isFalse();
    if (testOnly) {
      assertThat(notes).doesNotContain("\"Removed ");
    }
    switch (verdict) {
      case "nothing_to_remove", "nothing_done" -> {
        assertThat(removed).isZero();
        assertThat(out.itemsTotal()).isZero();
        assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
      }
      case "removed" -> {
        assertThat(removed + out.itemsTotal()).isPositive();
        assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
      }
      case "test_only" -> assertThat(testOnly).isTrue();
      default -> assertThat(o.status()).isNotEqualTo(TaskStatus.SUCCESS);
    }
  }
}
