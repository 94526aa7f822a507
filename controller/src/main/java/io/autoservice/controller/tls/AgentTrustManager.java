package io.autoservice.controller.tls;

import io.autoservice.common.tls.Certificates;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, during the TLS handshake, whether a client certificate may open a connection: signed by
 * our CA, within its validity by the controller's clock (a fake one in tests), issued by this
 * controller and not revoked. A client without a certificate gets through the handshake (consoles
 * and enrolling agents have none); {@link AgentIdentityInterceptor} refuses it on the agent stream.
 */
public final class AgentTrustManager extends X509ExtendedTrustManager {
  private static final Logger log = LoggerFactory.getLogger(AgentTrustManager.class);

  private final X509Certificate ca;
  private final AgentCertificates certificates;
  private final Clock clock;

  /** Certificates whose CA signature was checked, by the SHA-256 of their encoding. */
  private final java.util.Map<String, Boolean> verified =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final int MAX_VERIFIED = 100_000;

  /**
   * Bouncy Castle verifies P-256 signatures about six times faster than the JDK 17 provider (3,200
   * against 550 a second on one busy core here): at a cold start of 10,000 agents, the difference
   * between half a minute of handshakes and three.
   */
  private static final java.security.Provider SIGNATURES =
      new org.bouncycastle.jce.provider.BouncyCastleProvider();

  public AgentTrustManager(X509Certificate ca, AgentCertificates certificates, Clock clock) {
    this.ca = ca;
    this.certificates = certificates;
    this.clock = clock;
  }

  /** Throws with the reason an agent certificate does not count now. */
  public void check(X509Certificate leaf) throws CertificateException {
    if (!leaf.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      throw new CertificateException("client certificate not issued by this controller's CA");
    }
    verifySignature(leaf);
    try {
      leaf.checkValidity(Date.from(clock.instant()));
    } catch (CertificateExpiredException e) {
      throw new CertificateException(
          "client certificate expired at "
              + leaf.getNotAfter().toInstant()
              + "; the agent must enrol again");
    } catch (CertificateNotYetValidException e) {
      throw new CertificateException(
          "client certificate not valid before " + leaf.getNotBefore().toInstant());
    }
    switch (certificates.standing(leaf)) {
      case VALID -> {}
      case REVOKED ->
          throw new CertificateException(
              "client certificate of agent "
                  + Certificates.commonName(leaf)
                  + " was revoked; the agent must enrol again");
      case UNKNOWN ->
          throw new CertificateException(
              "client certificate serial "
                  + Certificates.serial(leaf)
                  + " was never issued by this controller");
      case WRONG_AGENT ->
          throw new CertificateException(
              "client certificate names another agent than it was issued to");
    }
  }

  /**
   * Checks the CA's signature on the certificate, once per certificate: the result cannot change,
   * and checking it costs a P-256 verification in Java (about a millisecond) at every handshake and
   * every call, which a reconnecting fleet of thousands pays thousands of times a second. The
   * certificate is remembered by the SHA-256 of its encoding, so another certificate never passes
   * for it. The one check per certificate is Bouncy Castle's ({@link #SIGNATURES}).
   */
  private void verifySignature(X509Certificate leaf) throws CertificateException {
    String fingerprint = fingerprint(leaf);
    if (verified.containsKey(fingerprint)) {
      return;
    }
    try {
      leaf.verify(ca.getPublicKey(), SIGNATURES);
    } catch (GeneralSecurityException e) {
      throw new CertificateException("client certificate not signed by this controller's CA");
    }
    if (verified.size() >= MAX_VERIFIED) {
      verified.clear(); // rare (more certificates than the fleet has): start over rather than grow
    }
    verified.put(fingerprint, Boolean.TRUE);
  }

  private static String fingerprint(X509Certificate cert) throws CertificateException {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private void checkClient(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("no client certificate");
    }
    try {
      check(chain[0]);
    } catch (CertificateException e) {
      log.warn("refused an agent connection: {}", e.getMessage());
      throw e;
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    checkClient(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkClient(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClient(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("the controller does not verify servers");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("the controller does not verify servers");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("the controller does not verify servers");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[] {ca};
  }
}
