package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code agent validate}: checks without running. */
class AgentValidateIT {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The original AutoService's sample plans, read where they are (never copied, never run). */
  static final Path SAMPLES =
      Path.of(System.getProperty("shared.dir", "../../shared"), "reference/autoservice/plans");

  @TempDir Path tmp;

  static Stream<Path> samplePlans() throws IOException {
    Assumptions.assumeTrue(
        Files.isDirectory(SAMPLES), "sample plans not found at " + SAMPLES.toAbsolutePath());
    return Files.list(SAMPLES).filter(p -> p.toString().endsWith(".json")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samplePlans")
  void shouldAcceptEveryOriginalSamplePlan(Path plan) throws Exception {
    AgentProcess.Outcome run = AgentProcess.run("validate", plan.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode normalised = JSON.readTree(run.stdout());
    assertThat(normalised.path("tasks")).isNotEmpty();
    for (JsonNode task : normalised.path("tasks")) {
      assertThat(task.path("type").asText()).isNotBlank();
      assertThat(task.path("params").isObject()).isTrue();
    }
  }

  @Test
  void shouldCountTheSamplePlans() throws Exception {
    assertThat(samplePlans().count()).isEqualTo(26);
  }

  @Test
  void shouldNormaliseFlatParamsAndNoteUnknownTypes() throws Exception {
    Path plan = tmp.resolve("p.json");
    Files.writeString(
        plan,
        "{\"tasks\":[{\"type\":\"ping_test\",\"host\":\"127.0.0.1\",\"count\":2,\"params\":{\"count\":3}},"
            + "{\"type\":\"warp_drive\"}]}");

    AgentProcess.Outcome run = AgentProcess.run("validate", plan.toString());

    assertThat(run.exitCode()).isZero();
    JsonNode out = JSON.readTree(run.stdout());
    assertThat(out.at("/tasks/0/params/host").asText()).isEqualTo("127.0.0.1");
    assertThat(out.at("/tasks/0/params/count").asInt()).isEqualTo(3);
    assertThat(run.stderr()).contains("note: tasks[1]: no handler for task type \"warp_drive\"");
  }

  @Test
  void shouldListEveryProblemWithItsPlace() throws Exception {
    Path plan = tmp.resolve("bad.json");
    Files.writeString(
        plan, "{\"tasks\":[{\"type\":\"ping_test\",\"count\":true}, \"sfc\", {\"id\":1}]}");

    AgentProcess.Outcome run = AgentProcess.run("validate", plan.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderrLines())
        .contains(
            "error: tasks[1]: expected a task object, got the string \"sfc\"",
            "error: tasks[2]: \"type\" is missing");
  }
}
