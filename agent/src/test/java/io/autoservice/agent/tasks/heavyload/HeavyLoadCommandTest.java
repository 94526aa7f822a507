package io.autoservice.agent.tasks.heavyload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.TaskParams;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeavyLoadCommandTest {
  private static HeavyLoadCommand from(ObjectNode raw, HeavyLoadMode mode) {
    return HeavyLoadCommand.from(new TaskParams(raw, HeavyLoadStressHandler.schema(mode)), mode);
  }

  /** The original's fixture plan test_heavyload.json, without its executable_path. */
  private static ObjectNode samplePlan() {
    return Json.object()
        .put("duration_minutes", 1)
        .put("headless", true)
        .put("stress_cpu", true)
        .put("cpu_cores", 2)
        .put("stress_memory", true)
        .put("memory_threshold_mb", 256)
        .put("stress_disk", true)
        .put("disk_threshold_mb", 512)
        .put("testfile_path", "C:/Temp")
        .put("stress_gpu", false);
  }

  @Test
  void shouldBuildTheSamplePlansCommandWithStartLast() {
    HeavyLoadCommand cmd = from(samplePlan(), HeavyLoadMode.ANY);

    assertThat(cmd.args())
        .containsExactly(
            "/CPU",
            "2",
            "/MEMORY",
            "256",
            "/FILE",
            "512",
            "/TESTFILEPATH",
            "C:/Temp",
            "/DURATION",
            "1",
            "/AUTOEXIT",
            "/NOGUI",
            "/START");
    assertThat(cmd.loads()).isEqualTo("CPU + RAM + disk");
    assertThat(cmd.notes()).isEmpty();
  }

  @Test
  void shouldBuildTheMinimalPlanWithAWindowAsTheUiDoes() {
    ObjectNode raw =
        Json.object()
            .put("duration_minutes", 1)
            .put("headless", false)
            .put("stress_cpu", true)
            .put("stress_memory", true)
            .put("stress_gpu", true);

    assertThat(from(raw, HeavyLoadMode.ANY).args())
        .containsExactly("/CPU", "/MEMORY", "/GPU", "/DURATION", "1", "/AUTOEXIT", "/START");
  }

  @Test
  void shouldRunHeadlessByDefault() {
    ObjectNode raw = Json.object().put("duration_minutes", 10).put("stress_gpu", true);

    assertThat(from(raw, HeavyLoadMode.ANY).args())
        .containsExactly("/GPU", "/DURATION", "10", "/AUTOEXIT", "/NOGUI", "/START");
  }

  @Test
  void shouldRefuseAPlanThatStressesNothingNamingTheFields() {
    assertThatThrownBy(() -> from(Json.object().put("duration_minutes", 1), HeavyLoadMode.ANY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("stress_cpu", "stress_memory", "stress_disk", "stress_gpu");
  }

  @Test
  void shouldRequireADurationWhenHeadless() {
    assertThatThrownBy(() -> from(Json.object().put("stress_cpu", true), HeavyLoadMode.ANY))
        .hasMessageStartingWith("duration_minutes (1-240) is required when headless is true");
  }

  @Test
  void shouldLetAWindowedRunGoOnUntilClosed() {
    HeavyLoadCommand cmd =
        from(Json.object().put("stress_cpu", true).put("headless", false), HeavyLoadMode.ANY);

    assertThat(cmd.args()).containsExactly("/CPU", "/START");
    assertThat(cmd.expected()).isNull();
    assertThat(cmd.notes())
        .containsExactly(
            "no duration: HeavyLoad runs until its window is closed (at most 4 h 5 min)");
    assertThat(HeavyLoadCommand.timeoutFor(cmd.durationMinutes()))
        .isEqualTo(Duration.ofMinutes(245));
  }

  @Test
  void shouldForceTheAliasLoadAndTakeTheUisMinutes() {
    HeavyLoadCommand cpu = from(Json.object().put("minutes", 3), HeavyLoadMode.CPU);
    HeavyLoadCommand mem = from(Json.object(), HeavyLoadMode.MEMORY);
    HeavyLoadCommand gpu =
        from(Json.object().put("duration_minutes", 2).put("minutes", 2), HeavyLoadMode.GPU);

    assertThat(cpu.args()).containsExactly("/CPU", "/DURATION", "3", "/AUTOEXIT", "/START");
    assertThat(mem.args())
        .as("the UI's minutes || 1, with a window")
        .containsExactly("/MEMORY", "/DURATION", "1", "/AUTOEXIT", "/START");
    assertThat(gpu.args()).containsExactly("/GPU", "/DURATION", "2", "/AUTOEXIT", "/START");
  }

  @Test
  void shouldKeepTheAliasLoadOnEvenIfThePlanSwitchesItOff() {
    HeavyLoadCommand cmd =
        from(Json.object().put("stress_cpu", false).put("stress_disk", true), HeavyLoadMode.CPU);

    assertThat(cmd.cpu()).isTrue();
    assertThat(cmd.disk()).isTrue();
    assertThat(cmd.notes()).containsExactly("stress_cpu is always on for heavyload_stress_cpu");
  }

  @Test
  void shouldRefuseDisagreeingMinutesForAnAlias() {
    assertThatThrownBy(
            () ->
                from(Json.object().put("minutes", 2).put("duration_minutes", 5), HeavyLoadMode.CPU))
        .hasMessage("minutes (2) and duration_minutes (5) disagree; give one of them");
  }

  @Test
  void shouldIgnoreTheOptionsOfALoadThatIsOff() {
    ObjectNode raw =
        Json.object()
            .put("duration_minutes", 1)
            .put("stress_gpu", true)
            .put("cpu_cores", 4)
            .put("memory_threshold_mb", 100)
            .put("disk_threshold_mb", 100)
            .put("testfile_path", "C:\\T");

    HeavyLoadCommand cmd = from(raw, HeavyLoadMode.ANY);

    assertThat(cmd.args())
        .containsExactly("/GPU", "/DURATION", "1", "/AUTOEXIT", "/NOGUI", "/START");
    assertThat(cmd.notes())
        .containsExactly(
            "cpu_cores is ignored: stress_cpu is off",
            "memory_threshold_mb is ignored: stress_memory is off",
            "disk_threshold_mb is ignored: stress_disk is off",
            "testfile_path is ignored: stress_disk is off");
  }

  @Test
  void shouldAcceptOnlyAbsoluteWindowsTestFilePaths() {
    for (String ok :
        new String[] {
          "C:/Temp", "D:\\Stress\\", "e:\\a b\\c", "\\\\nas\\share", "\\\\nas\\share\\dir"
        }) {
      ObjectNode raw =
          Json.object()
              .put("duration_minutes", 1)
              .put("stress_disk", true)
              .put("testfile_path", ok);
      assertThat(from(raw, HeavyLoadMode.ANY).testfilePath()).as(ok).isEqualTo(ok);
    }
    for (String bad :
        new String[] {
          "/START",
          "-x",
          "Temp",
          "C:Temp",
          "..\\Temp",
          "\"C:\\x\"",
          "C:\\a*b",
          "C:\\a\nb",
          "C:\\x:stream",
          "\\\\server",
          "\\\\server\\",
          "C:\\a|b"
        }) {
      ObjectNode raw =
          Json.object()
              .put("duration_minutes", 1)
              .put("stress_disk", true)
              .put("testfile_path", bad);
      assertThatThrownBy(() -> from(raw, HeavyLoadMode.ANY))
          .as(bad)
          .hasMessageStartingWith("testfile_path must be an absolute Windows path");
    }
  }

  @Test
  void shouldAllowTheDurationPlusFiveMinutes() {
    assertThat(HeavyLoadCommand.timeoutFor(1)).isEqualTo(Duration.ofMinutes(6));
    assertThat(HeavyLoadCommand.timeoutFor(240)).isEqualTo(Duration.ofMinutes(245));
  }

  @Test
  void shouldCheckRangesInTheSchema() {
    var schema = HeavyLoadStressHandler.schema(HeavyLoadMode.ANY);

    assertThat(schema.validate("t", Json.object().put("duration_minutes", 0))).hasSize(1);
    assertThat(schema.validate("t", Json.object().put("duration_minutes", 241))).hasSize(1);
    assertThat(schema.validate("t", Json.object().put("duration_minutes", 1.5))).hasSize(1);
    assertThat(schema.validate("t", Json.object().put("cpu_cores", 0))).hasSize(1);
    assertThat(schema.validate("t", Json.object().put("memory_threshold_mb", -1))).hasSize(1);
    assertThat(schema.validate("t", Json.object().put("headless", "yes"))).hasSize(1);
    assertThat(schema.validate("t", samplePlan())).isEmpty();
    assertThat(schema.spec("minutes")).as("only the UI's aliases take minutes").isEmpty();
    assertThat(
            HeavyLoadStressHandler.schema(HeavyLoadMode.CPU)
                .validate("t", Json.object().put("minutes", 300)))
        .hasSize(1);
  }
}
