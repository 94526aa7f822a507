package io.autoservice.controller.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.auth.Role;
import io.autoservice.common.net.HostPort;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.controller.e2e.FleetProcesses;
import io.autoservice.controller.tls.ControllerTls;
import io.autoservice.testsupport.Eventually;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Never a secret or a token in the controller's log: a real controller (from the jar, logging at
 * DEBUG to a file), real users, enrolment and web sign-ins; every token and password those used,
 * right and wrong, is then looked for in the log file and on stderr.
 */
class LogSecretsIT {
  private static final String PASSWORD = "Tr0ub4dor-and-3-horses";
  private static final String WRONG_PASSWORD = "wrong-Tr0ub4dor-guess";

  @Test
  void noTokenOrPasswordReachesTheLog() throws Exception {
    Path logFile =
        Files.createDirectories(Path.of("target", "e2e").toAbsolutePath())
            .resolve("log-secrets-" + System.currentTimeMillis() + ".log");
    List<String> secrets = new ArrayList<>(List.of(PASSWORD, WRONG_PASSWORD));
    Path root;
    try (FleetProcesses fleet =
        FleetProcesses.startWithWebConsole(
            "log-secrets", Map.of("log_file", logFile.toString(), "log_level", "debug"))) {
      root = fleet.root();
      Path ca = ControllerTls.caFile(fleet.controllerData());
      String adminToken = Files.readString(fleet.tokenFile()).strip();
      secrets.add(adminToken);

      // users and a password, through the console API with the admin's token
      String aliceToken;
      try (ConsoleClient admin =
          ConsoleClient.connect(HostPort.parse(fleet.address()), adminToken, ca)) {
        aliceToken = admin.addUser("alice", Role.TECHNICIAN).token();
        admin.setPassword("alice", PASSWORD);
      }
      secrets.add(aliceToken);
      String bogusToken = aliceToken.substring(0, aliceToken.length() - 6) + "XXXXXX";
      secrets.add(bogusToken);

      // an agent enrolled with a token made by 'controller enroll create'
      fleet.startAgents(Map.of("pc-1", Map.of("site", "desk")));
      secrets.add(enrolmentToken(fleet.root()));

      // console calls: right token, wrong token
      Path aliceFile = Files.writeString(fleet.root().resolve("alice.token"), aliceToken);
      Path bogusFile = Files.writeString(fleet.root().resolve("bogus.token"), bogusToken);
      fleet.console("agents", "--json").ok();
      assertThat(
              fleet
                  .controllerCli(
                      "console-alice",
                      "console",
                      "--controller",
                      fleet.address(),
                      "--ca",
                      ca.toString(),
                      "--token-file",
                      aliceFile.toString(),
                      "runs")
                  .exitCode())
          .isZero();
      assertThat(
              fleet
                  .controllerCli(
                      "console-bogus",
                      "console",
                      "--controller",
                      fleet.address(),
                      "--ca",
                      ca.toString(),
                      "--token-file",
                      bogusFile.toString(),
                      "runs")
                  .exitCode())
          .isNotZero();

      // web sign-ins: the password (right and wrong), a token
      WebClient web = new WebClient(URI.create(fleet.webUrl() + "/"), ca);
      Eventually.until(
          "the web console", Duration.ofSeconds(30), () -> web.get("/").statusCode() == 200);
      assertThat(web.login(login("alice", WRONG_PASSWORD)).statusCode()).isNotEqualTo(200);
      assertThat(web.login(login("alice", PASSWORD)).statusCode()).isEqualTo(200);
      assertThat(web.call("ListAgents", "{}").status()).isZero();
      WebClient byToken = new WebClient(URI.create(fleet.webUrl() + "/"), ca);
      assertThat(byToken.login("{\"token\": \"" + adminToken + "\"}").statusCode()).isEqualTo(200);

      fleet.close();
    }

    String log = Files.readString(logFile);
    assertThat(log).as("the log file").contains("agent connected").contains("hostname=");
    String stderr = controllerStderr(root);
    for (String secret : secrets) {
      assertThat(log).as("the log file").doesNotContain(secret);
      assertThat(stderr).as("the controller's stderr").doesNotContain(secret);
    }
  }

  private static String login(String user, String password) {
    return "{\"user\": \"" + user + "\", \"password\": \"" + password + "\"}";
  }

  /** What 'controller enroll create' printed (FleetProcesses keeps each command's output). */
  private static String enrolmentToken(Path root) throws Exception {
    try (Stream<Path> files = Files.list(root)) {
      Path out =
          files
              .filter(p -> p.getFileName().toString().endsWith("-enroll-create.out"))
              .findFirst()
              .orElseThrow();
      return Files.readString(out).strip();
    }
  }

  /** The controller's stderr (FleetProcesses keeps it as controller-N.log). */
  private static String controllerStderr(Path root) throws Exception {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> logs = Files.list(root)) {
      for (Path l :
          logs.filter(p -> p.getFileName().toString().matches("controller-\\d+\\.log")).toList()) {
        b.append(Files.readString(l));
      }
    }
    assertThat(b).as("the controller's stderr").contains("controller: serving on");
    return b.toString();
  }
}
