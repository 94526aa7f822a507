package io.autoservice.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.fleet.ControllerEndpoints;
import io.autoservice.agent.fleet.TestCa;
import io.autoservice.agent.fleet.tls.AgentCredentials;
import io.autoservice.common.net.HostPort;
import io.autoservice.common.tls.CertificateRequests;
import io.autoservice.common.tls.EnrollmentToken;
import io.autoservice.common.tls.Fingerprint;
import io.autoservice.common.tls.Pem;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.EnrollRequest;
import io.autoservice.proto.v1.EnrollResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@code agent enroll} with several controller addresses, against real TLS servers on loopback. */
class AgentEnrolmentTest {
  private static final char[] PASSWORD = "test".toCharArray();

  @TempDir Path dataDir;
  private final TestCa ca = new TestCa();
  private Server server;

  AgentEnrolmentTest() throws Exception {}

  @AfterEach
  void tearDown() throws Exception {
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldEnrolWithTheNextAddressWhenTheFirstCannotBeReached() throws Exception {
    // given: a closed port first, then a replica (its name resolves to loopback)
    Replica replica = new Replica(null);
    int port = serve(replica, "replica.test");
    ControllerEndpoints controllers =
        new ControllerEndpoints(
            List.of(closedPort(), new HostPort("replica.test", port)),
            host -> List.of(InetAddress.getLoopbackAddress()));
    AgentCredentials credentials = new AgentCredentials(dataDir);

    // when
    int exit = enrol(controllers, credentials);

    // then
    assertThat(exit).isZero();
    assertThat(replica.enrolments.get()).isEqualTo(1);
    assertThat(credentials.load().ca()).isEqualTo(ca.certificate);
  }

  @Test
  void shouldStopAtARefusalInsteadOfTryingTheNextAddress() throws Exception {
    // given: the first replica refuses the token; a second address follows it
    Replica replica = new Replica(Status.PERMISSION_DENIED.withDescription("token already used"));
    int port = serve(replica, "replica.test");
    ControllerEndpoints controllers =
        new ControllerEndpoints(
            List.of(new HostPort("replica.test", port), closedPort()),
            host -> List.of(InetAddress.getLoopbackAddress()));

    // then
    assertThat(enrol(controllers, new AgentCredentials(dataDir))).isEqualTo(1);
  }

  @Test
  void shouldSayUnreachableWhenNoAddressAnswers() throws Exception {
    ControllerEndpoints controllers =
        new ControllerEndpoints(
            List.of(closedPort(), closedPort()), ControllerEndpoints.Resolver.SYSTEM);

    assertThat(enrol(controllers, new AgentCredentials(dataDir))).isEqualTo(3);
  }

  private int enrol(ControllerEndpoints controllers, AgentCredentials credentials) {
    String token =
        EnrollmentToken.fresh(Fingerprint.sha256(ca.certificate), new SecureRandom()).format();
    return AgentEnrolment.enrol(
        controllers,
        token,
        "3f1c2a9e-0000-4000-8000-000000000001",
        credentials,
        LoggerFactory.getLogger(AgentEnrolmentTest.class));
  }

  /** Signs the agent's request with the test CA, or refuses with {@code refusal}. */
  private final class Replica extends AgentGatewayGrpc.AgentGatewayImplBase {
    final AtomicInteger enrolments = new AtomicInteger();
    private final Status refusal;

    Replica(Status refusal) {
      this.refusal = refusal;
    }

    @Override
    public void enroll(EnrollRequest req, StreamObserver<EnrollResponse> out) {
      if (refusal != null) {
        out.onError(refusal.asRuntimeException());
        return;
      }
      try {
        PKCS10CertificationRequest csr = Pem.csr(req.getCsrPem());
        String agentId = CertificateRequests.commonName(csr);
        X509Certificate cert =
            ca.issue(
                CertificateRequests.publicKey(csr),
                agentId,
                Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2040-01-01T00:00:00Z"));
        enrolments.incrementAndGet();
        out.onNext(
            EnrollResponse.newBuilder()
                .setAgentId(agentId)
                .setCertificatePem(Pem.of(cert))
                .setCaCertificatePem(Pem.of(ca.certificate))
                .build());
        out.onCompleted();
      } catch (Exception e) {
        out.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
      }
    }
  }

  /** A TLS server for {@code name}, presenting its certificate with the CA (as the pin needs). */
  private int serve(Replica replica, String name) throws Exception {
    KeyPair keys = CertificateRequests.newKeyPair();
    X509Certificate cert = ca.issueServer(keys.getPublic(), name);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "server", keys.getPrivate(), PASSWORD, new Certificate[] {cert, ca.certificate});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, PASSWORD);
    server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TlsServerCredentials.newBuilder().keyManager(kmf.getKeyManagers()).build())
            .addService(replica)
            .build()
            .start();
    return server.getPort();
  }

  /** A loopback port nothing listens on (bound, then released). */
  private static HostPort closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new HostPort("127.0.0.1", s.getLocalPort());
    }
  }
}
