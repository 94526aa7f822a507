package io.autoservice.controller.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.common.auth.Role;
import io.autoservice.common.tls.CertificateRequests;
import io.autoservice.common.tls.Pem;
import io.autoservice.common.tls.SecretFile;
import io.autoservice.controller.auth.AuditLog;
import io.autoservice.controller.auth.TokenStore;
import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.store.Database;
import io.autoservice.testsupport.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two controller replicas over one store and one CA (given as files, as an operator shares them):
 * what one replica does to the fleet's identity, the other honours. Each replica opens the store on
 * its own connections, as a second process would.
 */
class ReplicaIdentityTest {
  @TempDir Path dir;

  final FakeClock clock = new FakeClock();
  final SecureRandom random = new SecureRandom();
  final List<Database> open = new ArrayList<>();
  Path caCert;
  Path caKey;
  Replica a;
  Replica b;

  /** One controller's identity parts, as ControllerServer wires them. */
  final class Replica {
    final Database db;
    final ControllerTls tls;
    final CountingEnrolmentStore store;
    final AgentCertificates certificates;
    final AgentTrustManager trust;
    final AgentEnrollment enrollment;
    final TokenStore users;
    final List<String> cutOff = new ArrayList<>();

    Replica(String name) throws Exception {
      db = Database.open(dir.resolve("store"), clock);
      open.add(db);
      tls =
          ControllerTls.loadOrCreate(
              new TlsSettings(
                  dir.resolve(name),
                  "0.0.0.0",
                  List.of(name + ".shop.example"),
                  caCert,
                  caKey,
                  null,
                  null),
              clock,
              random);
      store = new CountingEnrolmentStore(db.stores().enrolment());
      certificates = new AgentCertificates(store, clock, cutOff::add);
      trust = new AgentTrustManager(tls.caCertificate(), certificates, clock);
      enrollment =
          new AgentEnrollment(
              tls,
              new EnrollmentTokens(store, clock),
              certificates,
              new AuditLog(db.stores().audit(), clock),
              clock,
              Duration.ofDays(90),
              random);
      users = new TokenStore(db.stores().users(), clock);
    }

    X509Certificate enrol(String agentId, String token) throws Refusal {
      KeyPair keys = CertificateRequests.newKeyPair();
      String csr = Pem.of(CertificateRequests.create(keys, agentId));
      return enrollment.enroll(token, csr, agentId + ".local", "127.0.0.1").certificate();
    }

    String token() {
      return enrollment.createToken(Map.of(), 5, Duration.ofHours(1), "admin", null).token();
    }
  }

  @BeforeEach
  void replicas() throws Exception {
    CertificateAuthority ca =
        CertificateAuthority.create("Shop CA", clock.instant(), Duration.ofDays(3650), random);
    caCert = dir.resolve("shared/ca.pem");
    caKey = dir.resolve("shared/ca.key");
    Files.createDirectories(caCert.getParent());
    Files.writeString(caCert, Pem.of(ca.certificate()));
    SecretFile.write(caKey, Pem.of(ca.privateKey()));
    a = new Replica("a");
    b = new Replica("b");
  }

  @AfterEach
  void close() {
    open.forEach(Database::close);
  }

  @Test
  void eachReplicaHasItsOwnServerCertificateSignedByTheSharedCa() throws Exception {
    X509Certificate serverA = a.tls.serverChain().get(0);
    X509Certificate serverB = b.tls.serverChain().get(0);

    assertThat(a.tls.caFingerprint()).isEqualTo(b.tls.caFingerprint());
    assertThat(serverA.getSerialNumber()).isNotEqualTo(serverB.getSerialNumber());
    assertThat(names(serverA)).contains("a.shop.example").doesNotContain("b.shop.example");
    assertThat(names(serverB)).contains("b.shop.example").doesNotContain("a.shop.example");
    assertThatCode(() -> serverA.verify(b.tls.caCertificate().getPublicKey()))
        .doesNotThrowAnyException();
    assertThatCode(() -> serverB.verify(a.tls.caCertificate().getPublicKey()))
        .doesNotThrowAnyException();
  }

  @Test
  void anAgentEnrolledOnOneReplicaIsAcceptedByTheOtherAtOnce() throws Exception {
    X509Certificate cert = a.enrol("pc-1", a.token());

    assertThatCode(() -> b.trust.check(cert)).doesNotThrowAnyException();
  }

  @Test
  void anEnrolmentTokenMadeOnOneReplicaIsRedeemedOnTheOther() throws Exception {
    String token = a.token();

    X509Certificate cert = b.enrol("pc-2", token);

    assertThatCode(() -> a.trust.check(cert)).doesNotThrowAnyException();
    assertThatThrownBy(() -> a.enrol("pc-2", a.token()))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("already enrolled");
  }

  @Test
  void aRevocationOnOneReplicaIsRefusedOnTheOtherAfterItsRefreshAndCutsTheStream()
      throws Exception {
    X509Certificate cert = a.enrol("pc-1", a.token());
    b.trust.check(cert); // B holds it as valid, as while the agent is connected there

    a.enrollment.revoke("pc-1", "admin", null);
    clock.advance(AgentCertificates.REFRESH_EVERY);
    b.certificates.refresh();

    assertThatThrownBy(() -> b.trust.check(cert))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("was revoked");
    assertThat(b.cutOff).containsExactly("pc-1");
    assertThat(a.cutOff).isEmpty(); // A cut its own stream when it revoked
  }

  @Test
  void aRefreshReadsTheTableOnlyWhenItChanged() throws Exception {
    a.enrol("pc-1", a.token());
    b.certificates.refresh();
    int reads = b.store.fullReads;

    b.certificates.refresh();
    b.certificates.refresh();
    assertThat(b.store.fullReads).isEqualTo(reads);

    a.enrol("pc-2", a.token());
    b.certificates.refresh();
    assertThat(b.store.fullReads).isEqualTo(reads + 1);
  }

  @Test
  void anUnknownSerialIsReadFromTheStoreOnceAWhileAndAFloodOfThemIsBounded() throws Exception {
    X509Certificate stray = signedButNeverRecorded("pc-9");

    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> b.trust.check(stray)).hasMessageContaining("never issued");
    }
    assertThat(b.store.serialReads).isEqualTo(1);
    clock.advance(AgentCertificates.MISS_TTL);
    assertThatThrownBy(() -> b.trust.check(stray)).hasMessageContaining("never issued");
    assertThat(b.store.serialReads).isEqualTo(2);

    for (int i = 0; i < AgentCertificates.MAX_MISSES + 50; i++) {
      X509Certificate other = signedButNeverRecorded("pc-" + i);
      assertThatThrownBy(() -> b.trust.check(other)).isInstanceOf(CertificateException.class);
    }
    assertThat(b.store.serialReads).isLessThanOrEqualTo(2 + AgentCertificates.MAX_MISSES);
  }

  @Test
  void aUserTokenMadeOnOneReplicaWorksOnTheOtherAndItsRevocationCountsThereAtOnce()
      throws Exception {
    TokenStore.Issued anna = a.users.add("anna", Role.TECHNICIAN);

    assertThat(b.users.authenticate(anna.token()))
        .get()
        .extracting(u -> u.name())
        .isEqualTo("anna");
    a.users.revoke("anna");

    assertThat(b.users.authenticate(anna.token())).isEmpty();
    assertThat(b.users.find("anna").orElseThrow().revoked()).isTrue();
  }

  private X509Certificate signedButNeverRecorded(String agentId) throws Exception {
    KeyPair keys = CertificateRequests.newKeyPair();
    return a.tls
        .ca()
        .issueAgent(
            CertificateRequests.create(keys, agentId),
            agentId,
            clock.instant(),
            Duration.ofDays(1));
  }

  private static List<String> names(X509Certificate cert) throws Exception {
    List<String> names = new ArrayList<>();
    for (List<?> san : cert.getSubjectAlternativeNames()) {
      names.add(String.valueOf(san.get(1)));
    }
    return names;
  }
}
