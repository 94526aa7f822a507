package io.autoservice.controller.tls;

import io.autoservice.common.tls.CertificateRequests;
import io.autoservice.common.tls.TlsException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The controller's certificate authority: signs the controller's server certificate and every
 * agent's client certificate. An agent certificate names the agent id as its subject CN, and only
 * the controller decides that name, so a stream opened with it speaks for that agent and no other.
 */
public final class CertificateAuthority {
  /**
   * Certificates start a little in the past, so a PC whose clock is slightly behind accepts them.
   */
  static final Duration BACKDATE = Duration.ofMinutes(5);

  private final X509Certificate cert;
  private final PrivateKey key;
  private final SecureRandom random;

  public CertificateAuthority(X509Certificate cert, PrivateKey key, SecureRandom random) {
    this.cert = cert;
    this.key = key;
    this.random = random;
  }

  /** A new self-signed ECDSA P-256 CA, valid for {@code lifetime}. */
  public static CertificateAuthority create(
      String name, Instant now, Duration lifetime, SecureRandom random) {
    KeyPair keys = CertificateRequests.newKeyPair();
    X500Name subject = name(name);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
                  subject,
                  serial(random),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(now.plus(lifetime)),
                  subject,
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new CertificateAuthority(sign(b, keys.getPrivate()), keys.getPrivate(), random);
    } catch (CertIOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot build the CA certificate", e);
    }
  }

  public X509Certificate certificate() {
    return cert;
  }

  public PrivateKey privateKey() {
    return key;
  }

  /**
   * Signs an agent's request: checks the request's own signature (the agent holds the key), and
   * names {@code agentId} in the certificate whatever the request asked for.
   */
  public X509Certificate issueAgent(
      PKCS10CertificationRequest csr, String agentId, Instant now, Duration lifetime)
      throws TlsException {
    CertificateRequests.verifySignature(csr);
    PublicKey publicKey = CertificateRequests.publicKey(csr);
    try {
      X509v3CertificateBuilder b =
          leaf(publicKey, name(agentId), now, lifetime)
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      return sign(b, key);
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot build an agent certificate", e);
    }
  }

  /** The controller's server certificate for {@code names} (DNS names and IP literals). */
  public X509Certificate issueServer(
      PublicKey publicKey, List<String> names, Instant now, Duration lifetime) {
    List<GeneralName> sans = new ArrayList<>();
    for (String n : names) {
      sans.add(
          isIpLiteral(n)
              ? new GeneralName(GeneralName.iPAddress, n)
              : new GeneralName(GeneralName.dNSName, n));
    }
    try {
      X509v3CertificateBuilder b =
          leaf(
                  publicKey,
                  name(names.isEmpty() ? "autoservice-controller" : names.get(0)),
                  now,
                  lifetime)
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(sans.toArray(GeneralName[]::new)));
      return sign(b, key);
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot build the server certificate", e);
    }
  }

  private X509v3CertificateBuilder leaf(
      PublicKey publicKey, X500Name subject, Instant now, Duration lifetime)
      throws CertIOException {
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      return new JcaX509v3CertificateBuilder(
              cert,
              serial(random),
              Date.from(now.minus(BACKDATE)),
              Date.from(now.plus(lifetime)),
              subject,
              publicKey)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(
              Extension.keyUsage,
              true,
              new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
          .addExtension(
              Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(cert))
          .addExtension(
              Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
    } catch (java.security.NoSuchAlgorithmException
        | java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("cannot build a certificate", e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signingKey) {
    try {
      String alg =
          signingKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : CertificateRequests.SIGNATURE;
      return new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder(alg).build(signingKey)));
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot sign a certificate", e);
    }
  }

  /** 128 random bits, positive: unguessable and unique without a counter to keep. */
  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(128, random).setBit(127);
  }

  private static X500Name name(String cn) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "AutoService Fleet")
        .addRDN(BCStyle.CN, cn)
        .build();
  }

  static boolean isIpLiteral(String n) {
    if (n.contains(":")) {
      return true;
    }
    if (!n.matches("[0-9.]+")) {
      return false;
    }
    try {
      InetAddress.getByName(n); // a literal: no lookup happens
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
