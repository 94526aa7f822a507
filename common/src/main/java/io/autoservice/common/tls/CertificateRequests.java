package io.autoservice.common.tls;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Key pairs and PKCS#10 requests. Keys are ECDSA P-256, signed with SHA-256, made by the JDK's own
 * provider (Bouncy Castle only builds and parses the ASN.1), so no security provider is installed.
 */
public final class CertificateRequests {
  public static final String SIGNATURE = "SHA256withECDSA";

  private CertificateRequests() {}

  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make P-256 keys", e);
    }
  }

  /** A request for a certificate naming {@code commonName}, signed by {@code keys}. */
  public static PKCS10CertificationRequest create(KeyPair keys, String commonName) {
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    try {
      ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(keys.getPrivate());
      return new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic()).build(signer);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a certificate request", e);
    }
  }

  /** Proves the requester holds the private key of the public key it asks to certify. */
  public static void verifySignature(PKCS10CertificationRequest csr) throws TlsException {
    try {
      boolean ok =
          csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey(csr)));
      if (!ok) {
        throw new TlsException("certificate request: its signature does not match its public key");
      }
    } catch (OperatorCreationException | PKCSException e) {
      throw new TlsException(
          "certificate request: cannot check its signature (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The requested public key, decoded by the JDK (which knows EC and RSA keys by name, not by the
   * OID Bouncy Castle would look them up with).
   */
  public static PublicKey publicKey(PKCS10CertificationRequest csr) throws TlsException {
    String oid = csr.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm().getId();
    String alg =
        switch (oid) {
          case "1.2.840.10045.2.1" -> "EC";
          case "1.2.840.113549.1.1.1" -> "RSA";
          default ->
              throw new TlsException(
                  "certificate request: unsupported key type " + oid + " (expected EC or RSA)");
        };
    try {
      return KeyFactory.getInstance(alg)
          .generatePublic(new X509EncodedKeySpec(csr.getSubjectPublicKeyInfo().getEncoded()));
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new TlsException(
          "certificate request: unreadable public key (" + e.getMessage() + ")", e);
    }
  }

  /** The request's subject CN, or a {@link TlsException} when it has none or several. */
  public static String commonName(PKCS10CertificationRequest csr) throws TlsException {
    var rdns = csr.getSubject().getRDNs(BCStyle.CN);
    if (rdns.length != 1) {
      throw new TlsException(
          "certificate request: expected exactly one CN (the agent id) but found " + rdns.length);
    }
    return rdns[0].getFirst().getValue().toString();
  }
}
