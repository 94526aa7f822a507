package io.autoservice.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.testsupport.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code controller demo --once} from the jar, started from the project root as the README's
 * quickstart does: a controller, one agent, the quick-check plan (which pings 127.0.0.1 with the
 * system's {@code ping}), the report on stdout, and nothing left running afterwards.
 */
class DemoIT {
  private Process demo;

  @AfterEach
  void killDemo() {
    if (demo != null && demo.isAlive()) {
      demo.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      demo.toHandle().destroyForcibly();
    }
  }

  @Test
  void shouldRunTheQuickCheckOnceAndExit() throws Exception {
    Path root =
        Files.createDirectories(Path.of("target", "e2e").toAbsolutePath())
            .resolve("DemoIT-" + System.currentTimeMillis());
    // The demo's temporary data folder (controller data, the agent's data and log) lands here.
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    Path out = root.resolve("demo.out");
    Path err = root.resolve("demo.err");
    Path projectRoot = FleetProcesses.FIXTURES.getParent();
    demo =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp,
                "-jar",
                FleetProcesses.CONTROLLER_JAR.toString(),
                "demo",
                "--once",
                "--agent-jar",
                FleetProcesses.AGENT_JAR.toString())
            .directory(projectRoot.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    demo.getOutputStream().close();
    assertThat(demo.waitFor(120, TimeUnit.SECONDS))
        .as("demo --once exits; stderr:%n%s", FleetProcesses.read(err))
        .isTrue();
    String stderr = FleetProcesses.read(err);

    assertThat(demo.exitValue()).as("exit code; stderr:%n%s", stderr).isZero();
    JsonNode report = FleetProcesses.JSON.readTree(FleetProcesses.read(out));
    assertThat(report.path("status").asText()).isEqualTo("ok");
    assertThat(report.path("tasks"))
        .extracting(t -> t.path("task_type").asText())
        .containsExactly("hello_service", "disk_space_report", "ping_test");
    assertThat(report.path("tasks"))
        .extracting(t -> t.path("status").asText())
        .containsExactly("success", "success", "success");
    assertThat(report.at("/metadata/technician_name").asText()).isEqualTo("Quickstart");
    assertThat(stderr)
        .as("the demo says where its metrics are")
        .containsPattern("(?m)^demo: metrics: http://127\\.0\\.0\\.1:\\d+/metrics$");
    assertThat(report.at("/metadata/hostname").asText()).isNotBlank();
    List<String> markers =
        stderr.lines().filter(l -> l.startsWith("TASK_") || l.startsWith("PROGRESS_JSON")).toList();
    assertThat(markers)
        .contains(
            "TASK_START: greeting",
            "TASK_OK: greeting | success",
            "TASK_START: ping_test",
            "TASK_OK: ping_test | success");
    assertThat(markers.get(markers.size() - 1)).startsWith("PROGRESS_JSON_FINAL: {");

    // The demo's agent (its --data is under tmp) is gone too.
    Eventually.until(
        "no process left from the demo",
        Duration.ofSeconds(15),
        () ->
            ProcessHandle.allProcesses()
                .noneMatch(
                    p ->
                        p.info().commandLine().map(c -> c.contains(tmp.toString())).orElse(false)));

    assertThat(stderr)
        .as("with --once nothing keeps running, so the demo should not say it does")
        .doesNotContain("keep running");
  }
}
