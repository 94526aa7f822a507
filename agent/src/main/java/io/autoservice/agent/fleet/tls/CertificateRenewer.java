package io.autoservice.agent.fleet.tls;

import io.autoservice.common.tls.CertificateRequests;
import io.autoservice.common.tls.Certificates;
import io.autoservice.common.tls.Pem;
import io.autoservice.common.tls.TlsException;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the agent's certificate fresh: once less than a third of its lifetime is left, asks the
 * controller for a new one over the authenticated stream (a new key, made here), stores it, and
 * presents it from the next connection on. The stream and the running task carry on meanwhile.
 * Called on the fleet client's stream context only.
 */
public final class CertificateRenewer {
  private static final Logger log = LoggerFactory.getLogger(CertificateRenewer.class);

  /** A request without an answer is repeated after this long. */
  static final Duration RETRY_AFTER = Duration.ofMinutes(10);

  private final AgentCredentials store;
  private final ReloadingKeyManager keys;
  private final Clock clock;
  private KeyPair pending;
  private Instant askedAt;

  public CertificateRenewer(AgentCredentials store, ReloadingKeyManager keys, Clock clock) {
    this.store = store;
    this.keys = keys;
    this.clock = clock;
  }

  /** A signing request (PEM) to send when the certificate is due and none is outstanding. */
  public Optional<String> due() {
    Instant now = clock.instant();
    AgentCredentials.Identity id = keys.current();
    if (!Certificates.dueForRenewal(id.certificate(), now)) {
      return Optional.empty();
    }
    if (pending != null && askedAt.plus(RETRY_AFTER).isAfter(now)) {
      return Optional.empty();
    }
    pending = CertificateRequests.newKeyPair();
    askedAt = now;
    log.info(
        "Certificate expires at {}: asking the controller for a new one",
        id.certificate().getNotAfter().toInstant());
    return Optional.of(
        Pem.of(CertificateRequests.create(pending, Certificates.commonName(id.certificate()))));
  }

  /** The controller's answer: checked, saved, and used from the next connection. */
  public void issued(String certificatePem) {
    if (pending == null) {
      log.warn("The controller sent a certificate this agent did not ask for; ignored");
      return;
    }
    AgentCredentials.Identity current = keys.current();
    try {
      var cert = Pem.certificate(certificatePem);
      Enroller.check(cert, pending, Certificates.commonName(current.certificate()), current.ca());
      store.saveIdentity(pending.getPrivate(), cert);
      keys.swap(new AgentCredentials.Identity(pending.getPrivate(), cert, current.ca()));
      pending = null;
      log.info("Certificate renewed: valid until {}", cert.getNotAfter().toInstant());
    } catch (TlsException | IOException e) {
      log.warn("Renewed certificate not usable ({}); will ask again", e.getMessage());
      pending = null;
    }
  }
}
