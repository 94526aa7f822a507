package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoservice.agent.fleet.tls.AgentCredentials;
import io.autoservice.agent.fleet.tls.PinnedCaTrustManager;
import io.autoservice.agent.fleet.tls.ReloadingKeyManager;
import io.autoservice.common.net.HostPort;
import io.autoservice.common.tls.CertificateRequests;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover over mutual TLS: each replica shows its own server certificate from the pinned CA, and
 * the name checked is the host of the address the agent dialled. Both names resolve to 127.0.0.1
 * through an injected resolver.
 */
class FleetTlsFailoverTest {
  private static final char[] PASSWORD = "test".toCharArray();

  @TempDir Path dataDir;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private final TestCa ca = new TestCa();
  private final ControllerEndpoints.Resolver dns =
      host -> List.of(InetAddress.getLoopbackAddress());
  private FleetFixture fleet;
  private ReloadingKeyManager agentKeys;

  FleetTlsFailoverTest() throws Exception {}

  @BeforeEach
  void setUp() throws Exception {
    KeyPair keys = CertificateRequests.newKeyPair();
    X509Certificate cert =
        ca.issue(
            keys.getPublic(),
            UUID.randomUUID().toString(),
            Instant.parse("2020-01-01T00:00:00Z"),
            Instant.parse("2040-01-01T00:00:00Z"));
    agentKeys =
        new ReloadingKeyManager(
            new AgentCredentials.Identity(keys.getPrivate(), cert, ca.certificate));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (fleet != null) {
      fleet.close();
      fleet.connector.close();
    }
  }

  @Test
  void shouldVerifyEachReplicaByTheNameOfItsOwnAddress() throws Exception {
    // given: two replicas, each with its own certificate
    FakeController a = new FakeController();
    FakeController b = new FakeController();
    Server serverA = serve(a, "replica-a.test");
    Server serverB = serve(b, "replica-b.test");
    startAgent(
        new HostPort("replica-a.test", serverA.getPort()),
        new HostPort("replica-b.test", serverB.getPort()));
    FakeController.Conn conn = a.nextConnection();
    await().until(() -> !conn.received().isEmpty());
    conn.welcome();
    await().until(() -> fleet.listener.connected.get() == 1);

    // when: the first replica dies
    serverA.shutdownNow();
    await().until(() -> fleet.listener.disconnected.size() == 1 && fleet.timer.pending() == 1);
    fleet.clock.advance(fleet.timer.nextDelay());

    // then: the agent verifies the second one as replica-b.test and says Hello
    FakeController.Conn next = b.nextConnection();
    await().until(() -> !next.received().isEmpty());
    next.welcome();
    await().until(() -> fleet.listener.connected.get() == 2);
  }

  @Test
  void shouldRefuseAReplicaWhoseCertificateNamesAnotherHost() throws Exception {
    // given: the address says replica-b.test, the certificate says replica-a.test
    FakeController b = new FakeController();
    Server serverB = serve(b, "replica-a.test");

    // when
    startAgent(new HostPort("replica-b.test", serverB.getPort()));

    // then: the handshake fails and no stream reaches it
    await().until(() -> fleet.listener.disconnected.size() == 1);
    assertThat(fleet.listener.disconnected.get(0).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(b.connects()).isZero();
  }

  private void startAgent(HostPort... addresses) throws Exception {
    fleet = new FleetFixture(dataDir, grpc);
    fleet.connector =
        ControllerConnector.rotating(
            new ControllerEndpoints(List.of(addresses), dns),
            to -> ControllerChannels.mtls(to, "autoservice-agent/test", agentKeys));
    fleet.startAgent();
  }

  private Server serve(FakeController controller, String name) throws Exception {
    KeyPair keys = CertificateRequests.newKeyPair();
    X509Certificate cert = ca.issueServer(keys.getPublic(), name);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", keys.getPrivate(), PASSWORD, new Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, PASSWORD);
    ServerCredentials creds =
        TlsServerCredentials.newBuilder()
            .keyManager(kmf.getKeyManagers())
            .trustManager(PinnedCaTrustManager.anchoredAt(ca.certificate))
            .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
            .build();
    return grpc.register(
        NettyServerBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), creds)
            .addService(controller)
            .build()
            .start());
  }
}
