package io.autoservice.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console-only jar a technician carries: {@code java -jar autoservice-console.jar …} works a
 * real controller exactly as {@code controller console …} does, and carries none of the server
 * (database, migrations, pool, the controller's own classes) nor the certificate code only the CA
 * needs.
 */
class ConsoleJarIT {
  private static FleetProcesses fleet;

  @BeforeAll
  static void start() throws Exception {
    assertThat(FleetProcesses.CONSOLE_JAR)
        .as("built console jar (run 'mvn package' first)")
        .isRegularFile();
    fleet = FleetProcesses.start("console-jar");
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void shouldListTheFleetFromTheConsoleOnlyJarOverTls() throws Exception {
    // given a controller with one agent, and the CA beside the admin token (the console pins it)
    FleetProcesses.Agent a = fleet.startAgent("jar-pc", Map.of("site", "lab"));

    // when the console-only jar lists the agents
    FleetProcesses.Result r =
        fleet
            .consoleOnlyCli(
                "console-jar-agents",
                "agents",
                "--json",
                "--controller",
                fleet.address(),
                "--token-file",
                fleet.tokenFile().toString())
            .ok();

    // then it shows the agent as the controller's own console does
    List<String> ids = new ArrayList<>();
    r.json().forEach(row -> ids.add(row.path("agent_id").asText()));
    assertThat(ids).containsExactly(a.id());
    JsonNode viaController = fleet.consoleJson("agents", "--json");
    assertThat(r.json().get(0).path("labels")).isEqualTo(viaController.get(0).path("labels"));
  }

  @Test
  void shouldBeRefusedWithAWrongTokenExactlyAsTheControllersConsole() throws Exception {
    // given a token the controller never issued
    Path wrong =
        Files.writeString(fleet.tokenFile().resolveSibling("wrong.token"), "not-a-token\n");
    String[] args = {"runs", "--controller", fleet.address(), "--token-file", wrong.toString()};

    // when both consoles try it
    FleetProcesses.Result alone = fleet.consoleOnlyCli("console-jar-denied", args);
    List<String> full = new ArrayList<>(List.of("console"));
    full.addAll(List.of(args));
    FleetProcesses.Result viaController =
        fleet.controllerCli("controller-console-denied", full.toArray(String[]::new));

    // then the jar is refused with exit 4 and the same one line
    assertThat(alone.exitCode()).as("exit code; stderr: %s", alone.stderr()).isEqualTo(4);
    assertThat(alone.stderr()).startsWith("error: ").isEqualTo(viaController.stderr());
    assertThat(alone.stdout()).isEmpty();
  }

  @Test
  void shouldOfferTheConsoleVerbsAndNotTheControllersAdministration() throws Exception {
    FleetProcesses.Result help = fleet.consoleOnlyCli("console-jar-help", "--help").ok();

    assertThat(help.stdout())
        .startsWith("Usage: console ")
        .contains(
            "agents",
            "dispatch",
            "follow",
            "watch",
            "runs",
            "report",
            "cancel",
            "run",
            "audit",
            "history")
        .doesNotContain("enroll", "--data");
  }

  @Test
  void shouldCarryNoDatabaseMigrationsPoolControllerOrCertificateClasses() throws Exception {
    List<String> server = new ArrayList<>();
    int consoleClasses = 0;
    try (JarFile jar = new JarFile(FleetProcesses.CONSOLE_JAR.toFile())) {
      for (String name : jar.stream().map(e -> e.getName()).toList()) {
        if (name.startsWith("org/sqlite/")
            || name.startsWith("org/flywaydb/")
            || name.startsWith("com/zaxxer/")
            || name.startsWith("io/autoservice/controller/")
            || name.startsWith("org/bouncycastle/")
            || name.startsWith("io/autoservice/agent/")) {
          server.add(name);
        }
        if (name.startsWith("io/autoservice/console/")) {
          consoleClasses++;
        }
      }
    }
    long size = Files.size(FleetProcesses.CONSOLE_JAR);
    System.out.printf(
        "autoservice-console.jar: %,d bytes (controller jar: %,d)%n",
        size, Files.size(FleetProcesses.CONTROLLER_JAR));

    assertThat(consoleClasses).as("the console's own classes").isGreaterThan(40);
    assertThat(server).as("server-side classes in the console jar").isEmpty();
    assertThat(size).as("console jar size").isLessThan(Files.size(FleetProcesses.CONTROLLER_JAR));
  }
}
