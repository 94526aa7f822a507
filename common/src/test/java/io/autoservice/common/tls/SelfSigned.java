package io.autoservice.common.tls;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway certificate for tests that only read its dates and name. */
final class SelfSigned {
  private SelfSigned() {}

  static X509Certificate certificate(Instant from, Instant to) throws Exception {
    KeyPair k = CertificateRequests.newKeyPair();
    X500Name name = new X500Name("CN=pc-1");
    var b =
        new JcaX509v3CertificateBuilder(
            name, BigInteger.ONE, Date.from(from), Date.from(to), name, k.getPublic());
    return new JcaX509CertificateConverter()
        .getCertificate(
            b.build(
                new JcaContentSignerBuilder(CertificateRequests.SIGNATURE).build(k.getPrivate())));
  }
}
