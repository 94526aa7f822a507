package io.autoservice.agent.fleet.tls;

import io.autoservice.common.tls.Fingerprint;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a controller only if its chain contains the CA whose SHA-256 the enrolment token carries,
 * and its server certificate is valid under that CA for the host dialled (the JDK's PKIX checks,
 * hostname included). Trust on first use would let whoever answers first become the agent's
 * controller; the pin comes from the admin through the token instead.
 */
public final class PinnedCaTrustManager extends X509ExtendedTrustManager {
  private final byte[] pin;
  private volatile X509Certificate pinnedCa;

  public PinnedCaTrustManager(byte[] caSha256) {
    this.pin = caSha256.clone();
  }

  /** The CA that matched the pin at the handshake, or {@code null} before one succeeded. */
  public X509Certificate pinnedCa() {
    return pinnedCa;
  }

  /**
   * A trust manager with only {@code ca} as its anchor (hostname checked where the engine asks).
   */
  public static X509ExtendedTrustManager anchoredAt(X509Certificate ca)
      throws CertificateException {
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("controller-ca", ca);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      for (var tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return x;
        }
      }
      throw new CertificateException("no X.509 trust manager available");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new CertificateException("cannot build a trust manager: " + e.getMessage(), e);
    }
  }

  private X509Certificate match(X509Certificate[] chain) throws CertificateException {
    for (X509Certificate c : chain) {
      if (MessageDigest.isEqual(Fingerprint.sha256(c), pin)) {
        return c;
      }
    }
    throw new CertificateException(
        "the controller's CA does not match the enrolment token's fingerprint: this is"
            + " not the controller that made the token (or something is in the middle)");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    X509Certificate ca = match(chain);
    anchoredAt(ca).checkServerTrusted(chain, authType, engine);
    pinnedCa = ca;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    X509Certificate ca = match(chain);
    anchoredAt(ca).checkServerTrusted(chain, authType, socket);
    pinnedCa = ca;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    X509Certificate ca = match(chain);
    anchoredAt(ca).checkServerTrusted(chain, authType);
    pinnedCa = ca;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("an agent does not accept clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("an agent does not accept clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("an agent does not accept clients");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
