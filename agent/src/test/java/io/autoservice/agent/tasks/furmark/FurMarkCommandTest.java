package io.autoservice.agent.tasks.furmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.TaskParams;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FurMarkCommandTest {
  private static FurMarkCommand from(ObjectNode raw) {
    return FurMarkCommand.from(
        new TaskParams(raw, new FurMarkStressHandler().descriptor().params()));
  }

  @Test
  void shouldBuildTheSamplePlansCommand() {
    ObjectNode raw =
        Json.object()
            .put("duration_seconds", 60)
            .put("width", 1920)
            .put("height", 1080)
            .put("demo", "furmark-gl");
    raw.putArray("extra_args").add("--no-gui");

    assertThat(from(raw).args())
        .containsExactly(
            "--demo",
            "furmark-gl",
            "--width",
            "1920",
            "--height",
            "1080",
            "--max-time",
            "60",
            "--no-gui");
  }

  @Test
  void shouldUseTheDefaults() {
    assertThat(from(Json.object().put("duration_seconds", 10)).args())
        .containsExactly(
            "--demo", "furmark-gl", "--width", "1920", "--height", "1080", "--max-time", "10");
  }

  @Test
  void shouldTakeTheMinutesTheUisFurMarkEntrySends() {
    assertThat(from(Json.object().put("duration_minutes", 2)).durationSeconds()).isEqualTo(120);
    assertThat(
            from(Json.object().put("duration_minutes", 1).put("duration_seconds", 60))
                .durationSeconds())
        .isEqualTo(60);
    assertThatThrownBy(
            () -> from(Json.object().put("duration_minutes", 1).put("duration_seconds", 90)))
        .hasMessage("duration_seconds (90) and duration_minutes (1) disagree; give one of them");
  }

  @Test
  void shouldRequireADuration() {
    assertThatThrownBy(() -> from(Json.object()))
        .hasMessage("duration_seconds is required (10-3600 s)");
  }

  @Test
  void shouldAcceptOnlyDemoNames() {
    assertThat(
            from(Json.object().put("duration_seconds", 10).put("demo", "furmark-knot-vk")).demo())
        .isEqualTo("furmark-knot-vk");
    for (String bad :
        new String[] {"-x", "--no-gui", "FurMark GL", "a;b", "", "fur\nmark", "furmark_gl"}) {
      assertThatThrownBy(() -> from(Json.object().put("duration_seconds", 10).put("demo", bad)))
          .as(bad)
          .hasMessageStartingWith("demo must be a FurMark demo name");
    }
  }

  @Test
  void shouldAcceptOnlyOptionsAsExtraArgs() {
    FurMarkCommand.checkExtraArg("--no-gui");
    FurMarkCommand.checkExtraArg("--gpu-index=1");
    FurMarkCommand.checkExtraArg("-v");
    for (String bad : new String[] {"1", "C:\\x", "-", "\"--x\"", "--a\nb"}) {
      assertThatThrownBy(() -> FurMarkCommand.checkExtraArg(bad))
          .as(bad)
          .hasMessageStartingWith("extra_args may only hold options starting with '-'");
    }
    for (String taken :
        new String[] {"--max-time", "--MAX-TIME=5", "--demo=furmark-vk", "--width", "--height=1"}) {
      assertThatThrownBy(() -> FurMarkCommand.checkExtraArg(taken))
          .as(taken)
          .hasMessageContaining("extra_args may not set");
    }
  }

  @Test
  void shouldAllowTheDurationPlusTwoMinutes() {
    assertThat(FurMarkCommand.timeoutFor(60)).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void shouldCheckRangesInTheSchema() {
    var schema = new FurMarkStressHandler().descriptor().params();
    assertThat(schema.validate("t", Json.object().put("duration_seconds", 9))).hasSize(1);
    assertThat(schema.validate("t", Json.object().put("duration_seconds", 3601))).hasSize(1);
    assertThat(schema.validate("t", Json.object().put("duration_minutes", 61))).hasSize(1);
    assertThat(schema.validate("t", Json.object().put("width", 0))).hasSize(1);
    assertThat(schema.validate("t", Json.object().put("duration_seconds", 60))).isEmpty();
  }
}
