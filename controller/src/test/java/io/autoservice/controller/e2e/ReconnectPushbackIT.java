package io.autoservice.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.testsupport.Eventually;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real agent processes (the built agent jar) against a controller that admits one agent connection
 * a second: the agents that are refused wait exactly the pushback the controller's trailer asks for
 * (without it they would wait at least 30 s), so both sides agree on the trailer, and all connect.
 */
class ReconnectPushbackIT {
  private static final int AGENTS = 4;
  private static final Pattern REFUSED =
      Pattern.compile(
          "RESOURCE_EXHAUSTED: controller busy: admitting at most 1 agent connections per second;"
              + " retry in (\\d+) ms\\); reconnecting in (\\d+) ms");
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @TempDir Path dir;
  private ControllerServer server;
  private final List<Process> agents = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Process p : agents) {
      p.destroy();
    }
    for (Process p : agents) {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shouldHaveRefusedAgentsComeBackAfterTheControllersPushback() throws Exception {
    assertThat(FleetProcesses.AGENT_JAR)
        .as("built agent jar (run 'mvn package' first)")
        .isRegularFile();
    server =
        ControllerServer.start(
            ControllerSettings.defaults()
                .withManagementListen("", null)
                .withLimits(500, 16, 1)
                .with("127.0.0.1:0", dir.resolve("controller")),
            Clock.systemUTC(),
            true);
    List<Path> logs = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      Path log = dir.resolve("agent-" + i + ".log");
      logs.add(log);
      agents.add(
          new ProcessBuilder(
                  JAVA,
                  "-XX:+UseSerialGC",
                  "-jar",
                  FleetProcesses.AGENT_JAR.toString(),
                  "connect",
                  "--insecure",
                  "--controller",
                  "127.0.0.1:" + server.address().port(),
                  "--data",
                  dir.resolve("agent-" + i).toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start());
    }

    Eventually.until(
        "all " + AGENTS + " agents connected",
        Duration.ofSeconds(25),
        () -> {
          for (Path log : logs) {
            if (!FleetProcesses.CONNECTED.matcher(read(log)).find()) {
              return false;
            }
          }
          return true;
        });

    int refusals = 0;
    for (Path log : logs) {
      Matcher m = REFUSED.matcher(read(log));
      while (m.find()) {
        refusals++;
        assertThat(m.group(2))
            .as("the agent waits what the controller asked (%s)", log)
            .isEqualTo(m.group(1));
      }
    }
    assertThat(refusals).as("agents refused while the limit was spent").isPositive();
    System.out.printf(
        "[bench] %d agent processes at 1 connection/s: %d refusals, all connected%n",
        AGENTS, refusals);
  }

  private static String read(Path log) throws Exception {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}
