package io.autoservice.common.tls;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** Small facts read off an X.509 certificate. */
public final class Certificates {
  private Certificates() {}

  /** The subject's CN (an agent certificate's agent id), or empty when it has none. */
  public static String commonName(X509Certificate cert) {
    return commonName(cert.getSubjectX500Principal());
  }

  public static String commonName(X500Principal principal) {
    var rdns = X500Name.getInstance(principal.getEncoded()).getRDNs(BCStyle.CN);
    return rdns.length == 0 ? "" : rdns[0].getFirst().getValue().toString();
  }

  /** Serial number in lower-case hex: how certificates are named in the store and the logs. */
  public static String serial(X509Certificate cert) {
    return cert.getSerialNumber().toString(16);
  }

  public static Duration lifetime(X509Certificate cert) {
    return Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
  }

  /**
   * Whether a certificate is due for renewal at {@code now}: when less than a third of its lifetime
   * is left (10 days of 30), leaving room for an agent that is offline for a while.
   */
  public static boolean dueForRenewal(X509Certificate cert, Instant now) {
    Duration left = Duration.between(now, cert.getNotAfter().toInstant());
    return left.compareTo(lifetime(cert).dividedBy(3)) < 0;
  }
}
