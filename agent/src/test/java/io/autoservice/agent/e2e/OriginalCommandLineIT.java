package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The desktop app starts its runner as {@code service_runner.exe PLAN --log-file LOG} (and, in
 * other places, {@code PLAN --output-file F}): the agent takes that argument list as it is and
 * answers as the original did.
 */
class OriginalCommandLineIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private Path plan() throws Exception {
    Path plan = tmp.resolve("logs/run_plan_1733563200000.json");
    Files.createDirectories(plan.getParent());
    Files.writeString(
        plan,
        "{\"tasks\":[{\"type\":\"hello_service\",\"name\":\"shop\",\"ui_label\":\"Hello\"}],"
            + "\"metadata\":{\"technician_name\":\"Ann\"}}");
    return plan;
  }

  @Test
  void shouldRunThePlanTheWayTheDesktopAppStartsItsRunner() throws Exception {
    // given the app's own invocation: plan first, then --log-file
    Path plan = plan();
    Path log = tmp.resolve("logs/run_plan_1733563200000.log.txt");

    // when
    AgentProcess.Outcome run = AgentProcess.run(plan.toString(), "--log-file", log.toString());

    // then the autoservice dialect, exit 0, the report on stdout
    assertThat(run.exitCode()).isZero();
    assertThat(run.markerLines()).contains("TASK_START:0:hello_service", "TASK_OK:0:hello_service");
    assertThat(run.markerLines()).anyMatch(l -> l.startsWith("PROGRESS_JSON_FINAL:"));
    JsonNode report = JSON.readTree(run.stdout());
    assertThat(report.path("overall_status").asText()).isEqualTo("success");
    assertThat(report.at("/results/0/status").asText()).isEqualTo("success");
    assertThat(report.at("/metadata/technician_name").asText()).isEqualTo("Ann");
    // and the log file holds what stderr showed, as the app's log poller expects
    String logged = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(logged).startsWith("Log file initialized: " + log.toAbsolutePath());
    assertThat(logged).contains("TASK_START:0:hello_service", "PROGRESS_JSON_FINAL:");
  }

  @Test
  void shouldWriteTheReportToTheOutputFile() throws Exception {
    Path plan = plan();
    for (String flag : new String[] {"--output-file", "-o"}) {
      Path out = tmp.resolve(flag + "/report.json");

      AgentProcess.Outcome run = AgentProcess.run(plan.toString(), flag, out.toString());

      assertThat(run.exitCode()).as(flag).isZero();
      assertThat(JSON.readTree(Files.readString(out)).path("overall_status").asText())
          .isEqualTo("success");
    }
  }

  @Test
  void shouldTakeThePlanAsJsonText() throws Exception {
    AgentProcess.Outcome run = AgentProcess.run("{\"type\":\"hello_service\",\"name\":\"inline\"}");

    assertThat(run.exitCode()).isZero();
    assertThat(run.markerLines()).contains("TASK_OK:0:hello_service");
    assertThat(run.stdout()).contains("Hello, inline!");
  }

  @Test
  void shouldAnswerABadPlanAsTheOriginal() throws Exception {
    // given
    Path plan = tmp.resolve("bad.json");
    Files.writeString(plan, "{\"tasks\": [");

    // when
    AgentProcess.Outcome run =
        AgentProcess.run(plan.toString(), "--log-file", tmp.resolve("bad.log").toString());

    // then exit 1 with a failure report the app can still parse
    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode report = JSON.readTree(run.stdout());
    assertThat(report.path("overall_status").asText()).isEqualTo("failure");
    assertThat(report.path("results")).isEmpty();
    assertThat(report.path("error").asText()).contains("invalid JSON");
  }

  @Test
  void shouldRefuseAnArgumentTheOriginalDidNotHaveWithExit2() throws Exception {
    AgentProcess.Outcome run = AgentProcess.run(plan().toString(), "--markers", "seed");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .contains(
            "error: Unknown options: '--markers', 'seed'",
            "Try 'service_runner --help' for usage.");
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void shouldTreatEveryArgumentListAsTheOriginalsWhenStartedByTheLauncher() throws Exception {
    // given the service_runner.exe launcher's JVM option, and a plan file named like a command
    Path plan = tmp.resolve("run");
    Files.writeString(plan, "{\"type\":\"hello_service\",\"name\":\"launcher\"}");

    // when
    AgentProcess.Outcome run =
        AgentProcess.run(
            Map.of("JAVA_TOOL_OPTIONS", "-Dautoservice.launcher=service_runner"), plan.toString());

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).contains("Hello, launcher!");
    assertThat(run.markerLines()).contains("TASK_OK:0:hello_service");
  }

  @Test
  void shouldStillKnowItsOwnCommands() throws Exception {
    AgentProcess.Outcome run = AgentProcess.run("run", plan().toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.markerLines()).contains("TASK_OK: hello_service | success");
  }

  @Test
  void shouldBuildTheServiceRunnerLauncher() throws Exception {
    // the Windows console launcher the app starts; it cannot run here, so check what it is
    Path exe = AgentProcess.JAR.resolveSibling("service_runner.exe");
    byte[] b = Files.readAllBytes(exe);
    assertThat(new String(b, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("MZ");
    int pe = (b[0x3c] & 0xff) | (b[0x3d] & 0xff) << 8;
    assertThat(new String(b, pe, 4, StandardCharsets.ISO_8859_1)).isEqualTo("PE\0\0");
    int optional = pe + 24;
    int subsystem = (b[optional + 68] & 0xff) | (b[optional + 69] & 0xff) << 8;
    assertThat(subsystem)
        .as("IMAGE_SUBSYSTEM_WINDOWS_CUI: a console program, so stdout/stderr reach the app")
        .isEqualTo(3);
    assertThat(new String(b, StandardCharsets.ISO_8859_1)).contains("autoservice-agent.jar");
  }
}
