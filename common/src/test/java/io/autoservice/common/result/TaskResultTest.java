package io.autoservice.common.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import org.junit.jupiter.api.Test;

class TaskResultTest {

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.parse(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static TaskResult withSummary(TaskStatus status, String summary) {
    return new TaskResult("ai_startup_disable", null, status, json(summary), 1, null);
  }

  @Test
  void shouldTakeTheReasonFromTheFirstPlaceThatHasText() {
    // given: every place filled; each step removes the winner
    String all =
        "{\"reason\":\"r0\",\"error\":\"e0\","
            + "\"human_readable\":{\"reason\":\"r1\",\"error\":\"e1\"},"
            + "\"results\":{\"reason\":\"r2\",\"error\":\"e2\"}}";

    // when / then
    assertThat(withSummary(TaskStatus.ERROR, all).reason()).isEqualTo("r0");
    assertThat(
            withSummary(
                    TaskStatus.ERROR,
                    "{\"error\":\"e0\",\"human_readable\":{\"reason\":\"r1\"},"
                        + "\"results\":{\"reason\":\"r2\"}}")
                .reason())
        .isEqualTo("e0");
    assertThat(
            withSummary(
                    TaskStatus.ERROR,
                    "{\"human_readable\":{\"reason\":\"r1\",\"error\":\"e1\"},"
                        + "\"results\":{\"reason\":\"r2\"}}")
                .reason())
        .isEqualTo("r1");
    assertThat(
            withSummary(
                    TaskStatus.ERROR,
                    "{\"human_readable\":{\"error\":\"e1\"},\"results\":{\"reason\":\"r2\"}}")
                .reason())
        .isEqualTo("e1");
    assertThat(
            withSummary(
                    TaskStatus.ERROR,
                    "{\"human_readable\":{},\"results\":{\"reason\":\"r2\",\"error\":\"e2\"}}")
                .reason())
        .isEqualTo("r2");
    assertThat(withSummary(TaskStatus.ERROR, "{\"results\":{\"error\":\"e2\"}}").reason())
        .isEqualTo("e2");
  }

  @Test
  void shouldReadTheNestedErrorTheOriginalRunnerMissed() {
    // given: the AI tasks put their error in human_readable.error
    TaskResult r =
        withSummary(
            TaskStatus.ERROR,
            "{\"human_readable\":{\"error\":\"OpenAI API key missing\"},\"results\":{}}");

    // when / then
    assertThat(r.reason()).isEqualTo("OpenAI API key missing");
  }

  @Test
  void shouldSkipBlankAndNonTextCandidates() {
    // given
    TaskResult r =
        withSummary(
            TaskStatus.ERROR,
            "{\"reason\":\"  \",\"error\":{\"code\":5},\"human_readable\":\"broken\","
                + "\"results\":{\"reason\":null,\"error\":\"exit code 5\"}}");

    // when / then
    assertThat(r.reason()).isEqualTo("exit code 5");
  }

  @Test
  void shouldFallBackToAWordForTheStatus() {
    assertThat(withSummary(TaskStatus.SKIPPED, "{}").reason()).isEqualTo("Skipped");
    assertThat(withSummary(TaskStatus.ERROR, "{}").reason()).isEqualTo("Unknown error");
    assertThat(new TaskResult("x", null, TaskStatus.ERROR, null, 0, null).reason())
        .isEqualTo("Unknown error");
  }

  @Test
  void shouldBuildAOneReasonResult() {
    // when
    TaskResult r =
        TaskResult.ofReason("bogus", "b1", TaskStatus.SKIPPED, "No handler for task type", 0.5);

    // then
    assertThat(r.summary())
        .isEqualTo(
            json("{\"human_readable\":{\"reason\":\"No handler for task type\"},\"results\":{}}"));
    assertThat(r.reason()).isEqualTo("No handler for task type");
    assertThat(r.taskId()).isEqualTo("b1");
    assertThat(r.durationSeconds()).isEqualTo(0.5);
    assertThat(r.extra()).isEmpty();
  }

  @Test
  void shouldReplaceOnlyTheDuration() {
    // given
    TaskResult r =
        new TaskResult(
            "ping_test",
            "p",
            TaskStatus.WARNING,
            json("{\"a\":1}"),
            1,
            json("{\"command\":\"ping\"}"));

    // when
    TaskResult timed = r.withDuration(7.25);

    // then
    assertThat(timed.durationSeconds()).isEqualTo(7.25);
    assertThat(timed).usingRecursiveComparison().ignoringFields("durationSeconds").isEqualTo(r);
    assertThat(r.durationSeconds()).isEqualTo(1);
  }

  @Test
  void shouldNameTheTaskByIdElseByType() {
    assertThat(new TaskResult("sfc_scan", "scan-1", TaskStatus.SUCCESS, null, 0, null).markerId())
        .isEqualTo("scan-1");
    assertThat(new TaskResult("sfc_scan", null, TaskStatus.SUCCESS, null, 0, null).markerId())
        .isEqualTo("sfc_scan");
    assertThat(new TaskResult("sfc_scan", "", TaskStatus.SUCCESS, null, 0, null).markerId())
        .isEqualTo("sfc_scan");
  }

  @Test
  void shouldRefuseANegativeDuration() {
    assertThatThrownBy(() -> new TaskResult("sfc_scan", null, TaskStatus.SUCCESS, null, -0.1, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("durationSeconds: -0.1 (expected: >= 0)");
  }

  @Test
  void shouldGiveEmptySummaryAndExtraWhenNoneGiven() {
    // when
    TaskResult r = new TaskResult("sfc_scan", null, TaskStatus.SUCCESS, null, 0, null);

    // then
    assertThat(r.summary()).isEmpty();
    assertThat(r.extra()).isEmpty();
  }
}
