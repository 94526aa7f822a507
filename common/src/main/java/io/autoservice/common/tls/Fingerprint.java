package io.autoservice.common.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** SHA-256 of a certificate's DER encoding: how an agent pins the controller's CA. */
public final class Fingerprint {
  private Fingerprint() {}

  public static byte[] sha256(X509Certificate cert) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
    } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot fingerprint certificate", e);
    }
  }

  /** Lower-case hex, as {@code openssl x509 -fingerprint -sha256} prints it without colons. */
  public static String sha256Hex(X509Certificate cert) {
    return HexFormat.of().formatHex(sha256(cert));
  }
}
