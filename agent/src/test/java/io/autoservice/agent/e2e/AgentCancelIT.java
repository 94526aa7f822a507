package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoservice.testsupport.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** A stop signal mid-run: the tool's whole tree dies, the report still comes, exit 130. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class AgentCancelIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void shouldKillTheToolTreeAndStillReportOnSigterm() throws Exception {
    // A "ping" that never ends and has children of its own, like a tool that spawns helpers.
    Path pids = tmp.resolve("pids.txt");
    Path fakePing = tmp.resolve("fake-ping.sh");
    Files.writeString(
        fakePing,
        "#!/bin/sh\n"
            + "echo $$ >> '"
            + pids
            + "'\n"
            + "sleep 317 &\necho $! >> '"
            + pids
            + "'\n"
            + "sleep 318 &\necho $! >> '"
            + pids
            + "'\n"
            + "echo 'PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.'\n"
            + "wait\n");
    Files.setPosixFilePermissions(fakePing, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path plan = tmp.resolve("plan.json");
    Files.writeString(
        plan,
        "{\"tasks\":[{\"type\":\"ping_test\",\"host\":\"127.0.0.1\",\"count\":1000},"
            + "{\"type\":\"hello_service\"}]}");
    Path log = tmp.resolve("run.log");

    AgentProcess agent =
        AgentProcess.start(
            List.of("run", plan.toString(), "--log-file", log.toString()),
            Map.of("AUTOSERVICE_TOOL_PING", fakePing.toString()),
            null);
    Eventually.until(
        "the fake ping and its two children started",
        Duration.ofSeconds(30),
        () -> Files.exists(pids) && Files.readAllLines(pids).size() == 3);
    // SIGTERM, as a service manager or `kill` sends. Not Process.destroy(): that also closes our
    // ends of its pipes, and the report written after the signal would be lost.
    agent.process().toHandle().destroy();
    AgentProcess.Outcome run = agent.await();

    assertThat(run.exitCode()).isEqualTo(130);
    assertThat(run.markerLines())
        .contains("TASK_START: ping_test", "TASK_FAIL: ping_test | cancelled");
    assertThat(run.markerLines()).contains("TASK_SKIP: hello_service | run cancelled");
    JsonNode report = JSON.readTree(run.stdout());
    assertThat(report.path("status").asText()).isEqualTo("cancelled");
    assertThat(report.at("/tasks/0/status").asText()).isEqualTo("error");
    for (String pid : Files.readAllLines(pids)) {
      long p = Long.parseLong(pid.strip());
      Eventually.until(
          "tool process " + p + " gone",
          Duration.ofSeconds(10),
          () -> ProcessHandle.of(p).map(h -> !h.isAlive()).orElse(true));
    }
  }
}
