package io.autoservice.controller.e2e;

import static io.autoservice.controller.e2e.FleetProcesses.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.tls.Pem;
import io.autoservice.controller.tls.CertificateAuthority;
import io.autoservice.testsupport.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Agent identity from the built jars: enrolment tokens, mutual TLS, revocation, refusals, and the
 * console's verification of the controller.
 */
class TrustIT {
  private static FleetProcesses fleet;

  @BeforeAll
  static void start() throws Exception {
    fleet = FleetProcesses.start("trust");
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private String newToken(String... extra) throws Exception {
    String[] base = {
      "enroll",
      "create",
      "--controller",
      fleet.address(),
      "--token-file",
      fleet.tokenFile().toString()
    };
    String[] args =
        java.util.stream.Stream.concat(
                java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
            .toArray(String[]::new);
    FleetProcesses.Result r = fleet.controllerCli("enroll-create", args).ok();
    assertThat(r.stderr()).contains("controller CA sha256");
    return r.stdout().strip();
  }

  @Test
  void anEnrolledAgentCarriesTheTokensLabelsAndRevocationCutsItOffUntilItEnrolsAgain()
      throws Exception {
    FleetProcesses.Agent a = fleet.startAgent("revokee", Map.of("site", "lab"));
    assertThat(fleet.agentRow(a).path("labels").path("fleet").asText()).isEqualTo("e2e");
    assertThat(fleet.agentRow(a).path("labels").path("site").asText()).isEqualTo("lab");

    FleetProcesses.Result revoked =
        fleet
            .controllerCli(
                "agents-revoke",
                "agents",
                "revoke",
                a.id(),
                "--controller",
                fleet.address(),
                "--token-file",
                fleet.tokenFile().toString())
            .ok();

    assertThat(revoked.stdout())
        .contains("1 certificate revoked")
        .contains("its connection closed");
    assertThat(a.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("the revoked agent stops")
        .isTrue();
    assertThat(a.process.exitValue()).isEqualTo(3);
    assertThat(FleetProcesses.read(a.log)).contains("PERMISSION_DENIED").contains("revoked");
    fleet.awaitAgentState(a, "offline", WAIT);

    fleet.launch(a); // same certificate: refused at the TLS handshake, again and again
    Eventually.until(
        "the revoked agent's reconnect refused (log " + a.log + ")",
        WAIT,
        () -> FleetProcesses.read(a.log).contains("Cannot connect to the controller"));
    assertThat(FleetProcesses.CONNECTED.matcher(FleetProcesses.read(a.log)).find())
        .as("the revoked agent never connected")
        .isFalse();
    fleet.killAgent(a);

    FleetProcesses.Result again =
        fleet.agentCli(
            "agent-enroll",
            "enroll",
            "--controller",
            fleet.address(),
            "--token",
            newToken(),
            "--data",
            a.data.toString(),
            "--force");
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    fleet.launch(a);
    fleet.awaitConnected(a);
    fleet.awaitAgentState(a, "online", WAIT);
  }

  @Test
  void aSpentOrExpiredTokenIsRefusedAndTheTechnicianIsToldWhy() throws Exception {
    String once = newToken("--uses", "1", "--ttl", "10m", "--label", "site=desk");
    Path first = Files.createTempDirectory(Path.of("target"), "enrol-a");
    Path second = Files.createTempDirectory(Path.of("target"), "enrol-b");

    FleetProcesses.Result ok =
        fleet.agentCli(
            "agent-enroll",
            "enroll",
            "--controller",
            fleet.address(),
            "--token",
            once,
            "--data",
            first.toString());
    FleetProcesses.Result spent =
        fleet.agentCli(
            "agent-enroll",
            "enroll",
            "--controller",
            fleet.address(),
            "--token",
            once,
            "--data",
            second.toString());
    FleetProcesses.Result garbled =
        fleet.agentCli(
            "agent-enroll",
            "enroll",
            "--controller",
            fleet.address(),
            "--token",
            "AS1.nope",
            "--data",
            second.toString());

    assertThat(ok.exitCode()).as(ok.stderr()).isZero();
    assertThat(ok.stderr()).contains("Enrolled as agent").contains("site=desk");
    assertThat(Files.readString(first.resolve("tls").resolve("identity.pem")))
        .contains("BEGIN PRIVATE KEY");
    assertThat(spent.exitCode()).isEqualTo(1);
    assertThat(spent.stderr()).contains("already used");
    assertThat(Files.exists(second.resolve("tls").resolve("identity.pem"))).isFalse();
    assertThat(garbled.exitCode()).isEqualTo(2);
    assertThat(garbled.stderr()).contains("enrolment token");
  }

  @Test
  void anAgentWithoutACertificateIsToldToEnrol() throws Exception {
    Path fresh = Files.createTempDirectory(Path.of("target"), "unenrolled");

    FleetProcesses.Result r =
        fleet.agentCli(
            "agent-connect",
            "connect",
            "--controller",
            fleet.address(),
            "--data",
            fresh.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("not enrolled").contains("agent enroll");
  }

  @Test
  void aConsoleTrustingAnotherCaRefusesTheController() throws Exception {
    Path otherCa = Files.createTempFile(Path.of("target").toAbsolutePath(), "other-ca", ".pem");
    Files.writeString(
        otherCa,
        Pem.of(
            CertificateAuthority.create(
                    "Other", Instant.now(), Duration.ofDays(1), new SecureRandom())
                .certificate()));

    FleetProcesses.Result r =
        fleet.controllerCli(
            "console-other-ca",
            "console",
            "--controller",
            fleet.address(),
            "--token-file",
            fleet.tokenFile().toString(),
            "--ca",
            otherCa.toString(),
            "agents");
    FleetProcesses.Result plain =
        fleet.controllerCli(
            "console-plain",
            "console",
            "--controller",
            fleet.address(),
            "--token-file",
            fleet.tokenFile().toString(),
            "--insecure",
            "agents");

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.stderr()).contains("TLS failed");
    assertThat(plain.exitCode()).isEqualTo(3);
  }

  @Test
  void insecureModeServesLoopbackOnly() throws Exception {
    Path data = Files.createTempDirectory(Path.of("target"), "insecure");

    FleetProcesses.Result r =
        fleet.controllerCli(
            "serve-insecure",
            "serve",
            "--insecure",
            "--listen",
            "0.0.0.0:0",
            "--data",
            data.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("INSECURE").contains("loopback only");
  }
}
