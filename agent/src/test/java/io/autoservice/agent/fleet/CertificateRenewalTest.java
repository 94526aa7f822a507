package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoservice.agent.fleet.tls.AgentCredentials;
import io.autoservice.agent.fleet.tls.CertificateRenewer;
import io.autoservice.agent.fleet.tls.ReloadingKeyManager;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.tls.CertificateRequests;
import io.autoservice.common.tls.Pem;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.CertificateIssued;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.testsupport.FakeClock;
import io.autoservice.testsupport.GrpcCleanupExtension;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate renewal with a clock the test moves: the agent asks in the last third of its
 * certificate's lifetime, over the open stream, while a task runs, and the task is not disturbed.
 */
class CertificateRenewalTest {
  static final String FIVE_SECONDS =
      "{\"tasks\":[{\"type\":\"hello_service\",\"params\":{\"seconds\":5}}]}";
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  @TempDir Path dataDir;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private FleetFixture fleet;
  private TestCa ca;
  private AgentCredentials credentials;
  private ReloadingKeyManager keys;

  /**
   * The certificate's wall clock, jumped by days with set(); heartbeats run on the fleet's own fake
   * time.
   */
  private final FakeClock clock = new FakeClock(T0);

  @BeforeEach
  void setUp() throws Exception {
    fleet = new FleetFixture(dataDir, grpc);
    ca = new TestCa();
    String agentId = AgentDataDir.open(dataDir).agentId();
    KeyPair first = CertificateRequests.newKeyPair();
    credentials = new AgentCredentials(dataDir);
    credentials.save(
        first.getPrivate(),
        ca.issue(first.getPublic(), agentId, T0, T0.plus(Duration.ofDays(30))),
        ca.certificate);
    keys = new ReloadingKeyManager(credentials.load());
    fleet.renewer = new CertificateRenewer(credentials, keys, clock);
  }

  @AfterEach
  void tearDown() throws Exception {
    fleet.close();
  }

  private List<AgentMessage> renewals(FakeController.Conn conn) {
    return conn.received().stream().filter(AgentMessage::hasRenewCertificate).toList();
  }

  @Test
  void aFreshCertificateIsNotRenewed() throws Exception {
    FakeController.Conn conn = connect();
    clock.set(T0.plus(Duration.ofDays(19)));

    fleet.clock.advance(Duration.ofSeconds(15));
    await().until(() -> conn.heartbeats() >= 1);

    assertThat(renewals(conn)).isEmpty();
  }

  @Test
  void renewsOverTheOpenStreamWhileATaskRunsWithoutDisturbingIt() throws Exception {
    FakeController.Conn conn = connect();
    conn.autoAck = true;
    X509Certificate before = keys.current().certificate();
    conn.assign("run-1", FIVE_SECONDS);
    await().until(() -> conn.events("run-1").stream().anyMatch(e -> e.hasTaskStarted()));

    clock.set(T0.plus(Duration.ofDays(21)));
    fleet.clock.advance(Duration.ofSeconds(15)); // the heartbeat checks the certificate
    await().until(() -> !renewals(conn).isEmpty());
    var csr = Pem.csr(renewals(conn).get(0).getRenewCertificate().getCsrPem());
    assertThat(CertificateRequests.commonName(csr)).isEqualTo(fleet.agentId);
    assertThat(CertificateRequests.publicKey(csr)).isNotEqualTo(before.getPublicKey());
    X509Certificate renewed =
        ca.issue(
            CertificateRequests.publicKey(csr),
            fleet.agentId,
            clock.instant(),
            clock.instant().plus(Duration.ofDays(30)));
    conn.send(
        ControllerMessage.newBuilder()
            .setCertificateIssued(
                CertificateIssued.newBuilder()
                    .setCertificatePem(Pem.of(renewed))
                    .setCaCertificatePem(Pem.of(ca.certificate)))
            .build());

    await().until(() -> keys.current().certificate().equals(renewed));
    assertThat(credentials.load().certificate()).isEqualTo(renewed);
    assertThat(credentials.load().key()).isEqualTo(keys.current().key());
    assertThat(conn.finished("run-1"))
        .as("the task still runs while the certificate changes")
        .isFalse();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> fleet.listener.finished.get("run-1") == RunStatus.OK);
    assertThat(conn.closed).as("the stream was never closed").isNotDone();
    assertThat(fleet.controller.connects()).isEqualTo(1);

    fleet.clock.advance(Duration.ofSeconds(15));
    await().until(() -> conn.heartbeats() >= 2);
    assertThat(renewals(conn)).as("no second request once renewed").hasSize(1);
  }

  @Test
  void aCertificateForAnotherKeyIsNotSavedAndTheAgentAsksAgainLater() throws Exception {
    FakeController.Conn conn = connect();
    X509Certificate before = keys.current().certificate();
    clock.set(T0.plus(Duration.ofDays(25)));
    fleet.clock.advance(Duration.ofSeconds(15));
    await().until(() -> !renewals(conn).isEmpty());
    KeyPair stranger = CertificateRequests.newKeyPair();
    conn.send(
        ControllerMessage.newBuilder()
            .setCertificateIssued(
                CertificateIssued.newBuilder()
                    .setCertificatePem(
                        Pem.of(
                            ca.issue(
                                stranger.getPublic(),
                                fleet.agentId,
                                clock.instant(),
                                clock.instant().plus(Duration.ofDays(30))))))
            .build());
    fleet.clock.advance(Duration.ofSeconds(15));
    await().until(() -> conn.heartbeats() >= 2);

    assertThat(keys.current().certificate()).isEqualTo(before);
    assertThat(credentials.load().certificate()).isEqualTo(before);
    assertThat(renewals(conn)).hasSize(2);
  }

  private FakeController.Conn connect() throws Exception {
    fleet.startAgent();
    FakeController.Conn conn = fleet.controller.nextConnection();
    await().until(() -> !conn.received().isEmpty());
    conn.welcome();
    await().until(() -> fleet.listener.connected.get() == 1);
    return conn;
  }
}
