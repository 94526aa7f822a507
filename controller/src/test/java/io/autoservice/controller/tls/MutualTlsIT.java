package io.autoservice.controller.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.tls.CertificateRequests;
import io.autoservice.common.tls.Certificates;
import io.autoservice.common.tls.EnrollmentToken;
import io.autoservice.common.tls.Fingerprint;
import io.autoservice.common.tls.Pem;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.controller.auth.AuditLog;
import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.proto.v1.AddUserRequest;
import io.autoservice.proto.v1.AgentIdList;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.CreateEnrollmentTokenRequest;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.ListAuditRequest;
import io.autoservice.proto.v1.RevokeAgentRequest;
import io.autoservice.proto.v1.UserRole;
import io.autoservice.testsupport.FakeClock;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's mutual TLS over real Netty on loopback, with a clock the test moves: which
 * agents get in, which are refused, and with what status.
 */
class MutualTlsIT {
  @TempDir Path data;
  private final FakeClock clock = new FakeClock(Instant.now());
  private ControllerServer server;
  private AgentEnrollment enrollment;
  private Path ca;

  @BeforeEach
  void start() throws Exception {
    server =
        ControllerServer.start(
            ControllerSettings.defaults().withManagementListen("", null).with("127.0.0.1:0", data),
            clock);
    enrollment = server.enrollment().orElseThrow();
    ca = server.caFile().orElseThrow();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TlsAgent agent(String id) {
    return new TlsAgent(id, server.address().port(), ca);
  }

  private String token(int uses, Duration ttl) {
    return enrollment.createToken(Map.of("site", "front-desk"), uses, ttl, "admin", "test").token();
  }

  @Test
  void firstStartWritesTheCaAndKeysReadableByTheOwnerOnly() throws Exception {
    Path tls = data.resolve("tls");
    assertThat(tls.resolve("ca.pem")).isRegularFile();
    for (String key : new String[] {"ca.key", "server.key"}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve(key))))
          .isEqualTo("rw-------");
    }
    X509Certificate caCert = Pem.certificate(Files.readString(ca));
    assertThat(caCert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(caCert.getPublicKey().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void anEnrolledAgentConnectsWithItsCertificateAndGetsTheTokensLabels() throws Exception {
    try (TlsAgent a = agent("pc-1")) {
      var r = a.enroll(token(1, Duration.ofHours(24)));
      assertThat(r.getAgentId()).isEqualTo("pc-1");
      assertThat(r.getLabelsMap()).containsEntry("site", "front-desk");
      X509Certificate cert = Pem.certificate(r.getCertificatePem());
      assertThat(Certificates.commonName(cert)).isEqualTo("pc-1");
      assertThat(cert.getNotAfter().toInstant())
          .isEqualTo(
              clock
                  .instant()
                  .plus(Duration.ofDays(30))
                  .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

      ControllerMessage welcome = a.open().hello("pc-1").next();

      assertThat(welcome.hasWelcome()).isTrue();
      assertThat(welcome.getWelcome().getAgentId()).isEqualTo("pc-1");
    }
  }

  @Test
  void aStreamWithoutAClientCertificateIsRefused() throws Exception {
    try (TlsAgent a = agent("pc-1")) {
      Status s = a.openWith(null, null).hello("pc-1").closedWith();

      assertThat(s.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(s.getDescription()).contains("no client certificate").contains("agent enroll");
    }
  }

  @Test
  void aCertificateFromAnotherCaIsRefusedAtTheHandshake() throws Exception {
    CertificateAuthority other =
        CertificateAuthority.create(
            "Other CA", clock.instant(), Duration.ofDays(10), new SecureRandom());
    try (TlsAgent a = agent("pc-1")) {
      X509Certificate foreign =
          other.issueAgent(
              CertificateRequests.create(a.keys, "pc-1"),
              "pc-1",
              clock.instant(),
              Duration.ofDays(30));

      Status s = a.openWith(Pem.of(foreign), a.keys.getPrivate()).hello("pc-1").closedWith();

      assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }
  }

  @Test
  void anExpiredCertificateIsRefused() throws Exception {
    try (TlsAgent a = agent("pc-1")) {
      a.enroll(token(1, Duration.ofHours(1)));
      clock.advance(Duration.ofDays(31));

      Status s = a.open().hello("pc-1").closedWith();

      assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }
  }

  @Test
  void revocationClosesTheOpenStreamAndRefusesReconnectsUntilTheAgentEnrolsAgain()
      throws Exception {
    try (TlsAgent a = agent("pc-1")) {
      a.enroll(token(1, Duration.ofHours(1)));
      TlsAgent.Stream s = a.open().hello("pc-1");
      assertThat(s.next().hasWelcome()).isTrue();

      var revoked =
          console().revokeAgent(RevokeAgentRequest.newBuilder().setAgentId("pc-1").build());

      assertThat(revoked.getCertificatesRevoked()).isEqualTo(1);
      assertThat(revoked.getDisconnected()).isTrue();
      Status closed = s.closedWith();
      assertThat(closed.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(closed.getDescription()).contains("revoked");
      assertThat(a.open().hello("pc-1").closedWith().getCode()).isEqualTo(Status.Code.UNAVAILABLE);

      a.enroll(token(1, Duration.ofHours(1)));
      assertThat(a.open().hello("pc-1").next().hasWelcome()).isTrue();
    }
  }

  @Test
  void onlyAnAdminMayCreateTokensOrRevoke() throws Exception {
    String viewer =
        console()
            .addUser(
                AddUserRequest.newBuilder()
                    .setName("vera")
                    .setRole(UserRole.USER_ROLE_VIEWER)
                    .build())
            .getToken();
    var asViewer =
        ConsoleServiceGrpc.newBlockingStub(consoleChannel()).withCallCredentials(bearer(viewer));

    assertThatThrownBy(
            () -> asViewer.createEnrollmentToken(CreateEnrollmentTokenRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    assertThatThrownBy(
            () -> asViewer.revokeAgent(RevokeAgentRequest.newBuilder().setAgentId("pc-1").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    var created =
        console()
            .createEnrollmentToken(
                CreateEnrollmentTokenRequest.newBuilder()
                    .setUses(2)
                    .setTtlSeconds(600)
                    .putLabels("site", "lab")
                    .build());
    assertThat(EnrollmentToken.parse(created.getToken()).caFingerprintHex())
        .isEqualTo(created.getCaFingerprint());
    assertThat(created.getUses()).isEqualTo(2);
  }

  @Test
  void aSpentTokenAndAnExpiredTokenAreRefused() throws Exception {
    String once = token(1, Duration.ofHours(1));
    try (TlsAgent a = agent("pc-1");
        TlsAgent b = agent("pc-2");
        TlsAgent c = agent("pc-3")) {
      a.enroll(once);

      assertThatThrownBy(() -> b.enroll(once))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(e.getStatus().getDescription()).contains("already used");
              });

      String shortLived = token(5, Duration.ofMinutes(10));
      clock.advance(Duration.ofMinutes(11));
      assertThatThrownBy(() -> c.enroll(shortLived))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(e.getStatus().getDescription()).contains("expired");
              });
    }
  }

  @Test
  void aTokenOfAnotherControllerOrAMadeUpOneIsRefused() throws Exception {
    byte[] otherCa = new byte[32];
    EnrollmentToken foreign = EnrollmentToken.fresh(otherCa, new SecureRandom());
    EnrollmentToken madeUp =
        EnrollmentToken.fresh(Fingerprint.sha256(enrollment.caCertificate()), new SecureRandom());
    try (TlsAgent a = agent("pc-1")) {
      assertThatThrownBy(() -> a.enroll(foreign.format()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getDescription()).contains("another controller"));
      assertThatThrownBy(() -> a.enroll(madeUp.format()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }
  }

  @Test
  void anAgentCannotClaimAnotherIdNeitherInHelloNorByEnrollingIt() throws Exception {
    String t = token(3, Duration.ofHours(1));
    try (TlsAgent a = agent("pc-1");
        TlsAgent b = agent("pc-2")) {
      a.enroll(t);
      b.enroll(t);

      Status s = b.open().hello("pc-1").closedWith();
      assertThat(s.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(s.getDescription())
          .contains("certificate is for agent pc-2")
          .contains("claims agent pc-1");

      TlsAgent thief = agent("thief");
      assertThatThrownBy(() -> thief.enroll(t, "pc-1"))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
                assertThat(e.getStatus().getDescription()).contains("revoke it first");
              });
      thief.close();
    }
  }

  @Test
  void anAgentCannotSendEventsForAnotherAgentsRun() throws Exception {
    String t = token(2, Duration.ofHours(1));
    try (TlsAgent a = agent("pc-1");
        TlsAgent b = agent("pc-2")) {
      a.enroll(t);
      b.enroll(t);
      TlsAgent.Stream owner = a.open().hello("pc-1");
      assertThat(owner.next().hasWelcome()).isTrue();
      TlsAgent.Stream other = b.open().hello("pc-2");
      assertThat(other.next().hasWelcome()).isTrue();
      String runId =
          console()
              .dispatch(
                  DispatchRequest.newBuilder()
                      .setPlan(
                          WireMapper.toProto(
                              PlanParser.parse("{\"tasks\":[{\"type\":\"hello_service\"}]}")))
                      .setAgentIds(AgentIdList.newBuilder().addIds("pc-1"))
                      .build())
              .getRuns(0)
              .getRunId();
      assertThat(owner.next().getAssignRun().getRunId()).isEqualTo(runId);

      other.out.onNext(
          AgentMessage.newBuilder()
              .setRunEvent(
                  WireMapper.toProto(
                      new RunEvent(
                          runId,
                          1,
                          Instant.now(),
                          new EventPayload.RunStarted(java.util.List.of("hello_service")))))
              .build());

      Status s = other.closedWith();
      assertThat(s.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(s.getDescription()).contains("not assigned to agent pc-2");
    }
  }

  @Test
  void renewalOverTheStreamIssuesAFreshCertificateThatConnects() throws Exception {
    try (TlsAgent a = agent("pc-1")) {
      a.enroll(token(1, Duration.ofHours(1)));
      TlsAgent.Stream s = a.open().hello("pc-1");
      assertThat(s.next().hasWelcome()).isTrue();
      clock.advance(Duration.ofDays(21));

      KeyPair fresh = CertificateRequests.newKeyPair();
      s.renew(fresh, "pc-1");
      ControllerMessage m = s.next();

      assertThat(m.hasCertificateIssued()).isTrue();
      X509Certificate renewed = Pem.certificate(m.getCertificateIssued().getCertificatePem());
      assertThat(renewed.getPublicKey()).isEqualTo(fresh.getPublic());
      assertThat(renewed.getNotAfter().toInstant())
          .isEqualTo(
              clock
                  .instant()
                  .plus(Duration.ofDays(30))
                  .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
      clock.advance(Duration.ofDays(10)); // the first certificate has expired now
      assertThat(
              a.openWith(m.getCertificateIssued().getCertificatePem(), fresh.getPrivate())
                  .hello("pc-1")
                  .next()
                  .hasWelcome())
          .isTrue();
      assertThat(a.open().hello("pc-1").closedWith().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }
  }

  @Test
  void aRenewalNamingAnotherAgentGetsNoCertificate() throws Exception {
    try (TlsAgent a = agent("pc-1")) {
      a.enroll(token(1, Duration.ofHours(1)));
      TlsAgent.Stream s = a.open().hello("pc-1");
      assertThat(s.next().hasWelcome()).isTrue();

      clock.advance(Duration.ofDays(21)); // due: less than a third of its 30 days left
      s.renew(CertificateRequests.newKeyPair(), "pc-9");
      s.renew(CertificateRequests.newKeyPair(), "pc-1");

      // Answers come in order: the only certificate is the one for pc-1.
      ControllerMessage m = s.next();
      assertThat(m.hasCertificateIssued()).isTrue();
      assertThat(
              Certificates.commonName(
                  Pem.certificate(m.getCertificateIssued().getCertificatePem())))
          .isEqualTo("pc-1");
    }
  }

  @Test
  void sixteenConcurrentEnrolmentsOfOneAgentIdGetExactlyOneCertificate() throws Exception {
    // given one token good for 16 uses and 16 agents claiming the same id at once
    String t = token(16, Duration.ofHours(1));
    java.util.List<TlsAgent> agents = new java.util.ArrayList<>();
    for (int i = 0; i < 16; i++) {
      agents.add(agent("pc-race"));
    }
    var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
    var start = new java.util.concurrent.CountDownLatch(1);
    try {
      java.util.List<java.util.concurrent.Future<Status.Code>> answers =
          new java.util.ArrayList<>();
      for (TlsAgent a : agents) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    a.enroll(t);
                    return Status.Code.OK;
                  } catch (StatusRuntimeException e) {
                    return e.getStatus().getCode();
                  }
                }));
      }
      start.countDown();
      java.util.List<Status.Code> codes = new java.util.ArrayList<>();
      for (var f : answers) {
        codes.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }

      // then exactly one gets a certificate; the others are told the id is taken
      assertThat(codes).filteredOn(c -> c == Status.Code.OK).hasSize(1);
      assertThat(codes).filteredOn(c -> c == Status.Code.ALREADY_EXISTS).hasSize(15);
    } finally {
      pool.shutdownNow();
      agents.forEach(TlsAgent::close);
    }
  }

  @Test
  void anEnrolmentWithAnOverlongHostnameIsRefusedNamingTheField() throws Exception {
    try (TlsAgent a = agent("pc-1")) {
      String t = token(1, Duration.ofHours(1));
      var stub =
          io.autoservice.proto.v1.AgentGatewayGrpc.newBlockingStub(a.channel(null, null))
              .withDeadlineAfter(20, java.util.concurrent.TimeUnit.SECONDS);

      assertThatThrownBy(
              () ->
                  stub.enroll(
                      io.autoservice.proto.v1.EnrollRequest.newBuilder()
                          .setToken(t)
                          .setHostname("h".repeat(300))
                          .setCsrPem(Pem.of(CertificateRequests.create(a.keys, "pc-1")))
                          .build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(e.getStatus().getDescription()).startsWith("hostname:");
              });
      assertThat(a.enroll(t).getAgentId()).as("the token's use was not spent").isEqualTo("pc-1");
    }
  }

  @Test
  void aTokenWhoseStoredLabelsCannotBeReadIsAnsweredUnavailableNotUnknown() throws Exception {
    try (TlsAgent a = agent("pc-1")) {
      // given: a token whose labels row was damaged in the store
      String t = token(1, Duration.ofHours(1));
      try (var db =
              java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("controller.db"));
          var st = db.createStatement()) {
        st.executeUpdate("UPDATE enrollment_tokens SET labels = '{not json'");
      }

      // when / then: a status the agent can act on (try again later), never UNKNOWN
      assertThatThrownBy(() -> a.enroll(t))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
  }

  @Test
  void aRenewalBeforeItIsDueOrTooOftenIsRefused() throws Exception {
    try (TlsAgent a = agent("pc-1")) {
      a.enroll(token(1, Duration.ofHours(1)));
      // given a certificate with most of its lifetime left
      TlsAgent.Stream early = a.open().hello("pc-1");
      assertThat(early.next().hasWelcome()).isTrue();

      early.renew(CertificateRequests.newKeyPair(), "pc-1");

      // then the stream is refused: not due yet
      Status s = early.closedWith();
      assertThat(s.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(s.getDescription()).contains("not due");

      // and once due, one renewal is answered, a second right after is refused
      clock.advance(Duration.ofDays(21));
      TlsAgent.Stream due = a.open().hello("pc-1");
      assertThat(due.next().hasWelcome()).isTrue();
      due.renew(CertificateRequests.newKeyPair(), "pc-1");
      assertThat(due.next().hasCertificateIssued()).isTrue();
      due.renew(CertificateRequests.newKeyPair(), "pc-1");
      Status again = due.closedWith();
      assertThat(again.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }
  }

  @Test
  void enrolmentsRefusalsAndRevocationsAreAudited() throws Exception {
    try (TlsAgent a = agent("pc-1")) {
      String t = token(1, Duration.ofHours(1));
      a.enroll(t);
      assertThatThrownBy(() -> a.enroll(t)).isInstanceOf(StatusRuntimeException.class);
    }
    console().revokeAgent(RevokeAgentRequest.newBuilder().setAgentId("pc-1").build());

    var entries =
        console().listAudit(ListAuditRequest.newBuilder().setLimit(100).build()).getEntriesList();

    assertThat(entries)
        .anySatisfy(
            e -> {
              assertThat(e.getAction()).isEqualTo(AuditLog.AGENT_ENROL);
              assertThat(e.getActor()).isEqualTo("agent:pc-1");
              assertThat(e.getRemoteAddr()).startsWith("127.0.0.1:");
            });
    assertThat(entries)
        .anySatisfy(
            e -> {
              assertThat(e.getAction()).isEqualTo(AuditLog.LOGIN_FAILURE);
              assertThat(e.getDetail()).contains("already enrolled");
            });
    assertThat(entries)
        .anySatisfy(
            e -> {
              assertThat(e.getAction()).isEqualTo(AuditLog.AGENT_REVOKE);
              assertThat(e.getTarget()).isEqualTo("pc-1");
            });
  }

  // ---- the console, over TLS verified with the CA file, as the admin

  private final java.util.List<io.grpc.ManagedChannel> consoles = new java.util.ArrayList<>();

  private io.grpc.ManagedChannel consoleChannel() throws Exception {
    var c =
        io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress(
                "127.0.0.1",
                server.address().port(),
                io.grpc.TlsChannelCredentials.newBuilder().trustManager(ca.toFile()).build())
            .build();
    consoles.add(c);
    return c;
  }

  private ConsoleServiceGrpc.ConsoleServiceBlockingStub console() throws Exception {
    String admin = Files.readString(server.adminTokenFile().orElseThrow()).strip();
    return ConsoleServiceGrpc.newBlockingStub(consoleChannel()).withCallCredentials(bearer(admin));
  }

  private static io.grpc.CallCredentials bearer(String token) {
    return new io.grpc.CallCredentials() {
      @Override
      public void applyRequestMetadata(
          RequestInfo info, java.util.concurrent.Executor ex, MetadataApplier applier) {
        io.grpc.Metadata m = new io.grpc.Metadata();
        m.put(
            io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
            "Bearer " + token);
        applier.apply(m);
      }
    };
  }

  @AfterEach
  void closeConsoles() {
    consoles.forEach(io.grpc.ManagedChannel::shutdownNow);
  }
}
