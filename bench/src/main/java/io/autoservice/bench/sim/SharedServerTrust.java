package io.autoservice.bench.sim;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The simulated fleet's check of the controller: the JDK's PKIX validation against the pinned CA,
 * as the real agent does, but once per distinct server certificate for the whole fleet. Each real
 * PC validates on its own CPU; 10,000 simulated PCs validating the same chain on the two cores the
 * controller also needs (a JDK P-256 verification plus a PKIX path build, about 3 ms each) would
 * measure the simulator, not the controller.
 */
final class SharedServerTrust extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager pkix;
  private final Set<String> validated = ConcurrentHashMap.newKeySet();

  private SharedServerTrust(X509ExtendedTrustManager pkix) {
    this.pkix = pkix;
  }

  static SharedServerTrust forCaPem(String caPem) {
    try {
      X509Certificate ca =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("controller-ca", ca);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      for (var tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return new SharedServerTrust(x);
        }
      }
      throw new IllegalStateException("no X.509 trust manager in this JDK");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("the controller's CA is unusable: " + e.getMessage(), e);
    }
  }

  private boolean known(X509Certificate[] chain) throws CertificateException {
    return chain != null && chain.length > 0 && validated.contains(fingerprint(chain[0]));
  }

  private void remember(X509Certificate[] chain) throws CertificateException {
    validated.add(fingerprint(chain[0]));
  }

  private static String fingerprint(X509Certificate c) throws CertificateException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    if (!known(chain)) {
      pkix.checkServerTrusted(chain, authType, engine);
      remember(chain);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    if (!known(chain)) {
      pkix.checkServerTrusted(chain, authType, socket);
      remember(chain);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    if (!known(chain)) {
      pkix.checkServerTrusted(chain, authType);
      remember(chain);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("a simulated agent accepts no clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("a simulated agent accepts no clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("a simulated agent accepts no clients");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }
}
