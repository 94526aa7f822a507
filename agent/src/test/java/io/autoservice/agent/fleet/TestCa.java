package io.autoservice.agent.fleet;

import io.autoservice.common.tls.CertificateRequests;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A stand-in for the controller's CA in agent tests (the agent module cannot use the controller's).
 */
public final class TestCa {
  private final KeyPair keys = CertificateRequests.newKeyPair();
  private final AtomicLong serial = new AtomicLong(1);
  public final X509Certificate certificate;

  public TestCa() throws Exception {
    X500Name name = new X500Name("CN=Test CA");
    var b =
        new JcaX509v3CertificateBuilder(
                name,
                BigInteger.valueOf(serial.getAndIncrement()),
                Date.from(Instant.parse("2020-01-01T00:00:00Z")),
                Date.from(Instant.parse("2040-01-01T00:00:00Z")),
                name,
                keys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    certificate = sign(b);
  }

  public X509Certificate issue(PublicKey key, String cn, Instant from, Instant to)
      throws Exception {
    var b =
        new JcaX509v3CertificateBuilder(
            new X500Name("CN=Test CA"),
            BigInteger.valueOf(serial.getAndIncrement()),
            Date.from(from),
            Date.from(to),
            new X500Name("CN=" + cn),
            key);
    return sign(b);
  }

  /** A server certificate for {@code dnsName} (its subject alternative name, as TLS checks). */
  public X509Certificate issueServer(PublicKey key, String dnsName) throws Exception {
    var b =
        new JcaX509v3CertificateBuilder(
                new X500Name("CN=Test CA"),
                BigInteger.valueOf(serial.getAndIncrement()),
                Date.from(Instant.parse("2020-01-01T00:00:00Z")),
                Date.from(Instant.parse("2040-01-01T00:00:00Z")),
                new X500Name("CN=" + dnsName),
                key)
            .addExtension(
                Extension.subjectAlternativeName,
                false,
                new org.bouncycastle.asn1.x509.GeneralNames(
                    new org.bouncycastle.asn1.x509.GeneralName(
                        org.bouncycastle.asn1.x509.GeneralName.dNSName, dnsName)));
    return sign(b);
  }

  private X509Certificate sign(org.bouncycastle.cert.X509v3CertificateBuilder b) throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(
            b.build(
                new JcaContentSignerBuilder(CertificateRequests.SIGNATURE)
                    .build(keys.getPrivate())));
  }
}
