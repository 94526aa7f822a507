package io.autoservice.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Instant;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

class CertificateRequestsTest {
  @Test
  void aRequestNamesItsAgentAndProvesItsKeyAfterAPemRoundTrip() throws Exception {
    KeyPair keys = CertificateRequests.newKeyPair();

    PKCS10CertificationRequest csr = Pem.csr(Pem.of(CertificateRequests.create(keys, "pc-7")));

    assertThat(CertificateRequests.commonName(csr)).isEqualTo("pc-7");
    assertThat(CertificateRequests.publicKey(csr)).isEqualTo(keys.getPublic());
    CertificateRequests.verifySignature(csr); // does not throw
  }

  @Test
  void aRequestWhosePublicKeyWasSwappedFailsItsSignatureCheck() throws Exception {
    PKCS10CertificationRequest honest =
        CertificateRequests.create(CertificateRequests.newKeyPair(), "pc-7");
    PKCS10CertificationRequest other =
        CertificateRequests.create(CertificateRequests.newKeyPair(), "pc-7");
    // Someone else's public key with this request's signature.
    var forged =
        new PKCS10CertificationRequest(
            new org.bouncycastle.asn1.pkcs.CertificationRequest(
                new org.bouncycastle.asn1.pkcs.CertificationRequestInfo(
                    honest.getSubject(),
                    other.getSubjectPublicKeyInfo(),
                    new org.bouncycastle.asn1.DERSet()),
                honest.getSignatureAlgorithm(),
                new org.bouncycastle.asn1.DERBitString(honest.getSignature())));

    assertThatThrownBy(() -> CertificateRequests.verifySignature(forged))
        .isInstanceOf(TlsException.class)
        .hasMessageContaining("signature");
  }

  @Test
  void pemReadersNameWhatTheyExpected() {
    assertThatThrownBy(() -> Pem.csr("")).hasMessageContaining("certificate signing request");
    assertThatThrownBy(() -> Pem.certificate("hello")).hasMessageContaining("certificate");
    assertThatThrownBy(
            () ->
                Pem.privateKey(
                    Pem.of(CertificateRequests.create(CertificateRequests.newKeyPair(), "x"))))
        .hasMessageContaining("private key");
  }

  @Test
  void aPrivateKeySurvivesPem() throws Exception {
    KeyPair keys = CertificateRequests.newKeyPair();
    assertThat(Pem.privateKey(Pem.of(keys.getPrivate()))).isEqualTo(keys.getPrivate());
  }

  @Test
  void renewalIsDueInTheLastThirdOfALifetime() throws Exception {
    var cert =
        SelfSigned.certificate(
            Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-31T00:00:00Z"));

    assertThat(Certificates.dueForRenewal(cert, Instant.parse("2026-01-20T00:00:00Z"))).isFalse();
    assertThat(Certificates.dueForRenewal(cert, Instant.parse("2026-01-21T00:00:01Z"))).isTrue();
    assertThat(Certificates.commonName(cert)).isEqualTo("pc-1");
  }
}
