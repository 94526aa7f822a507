package io.autoservice.controller.tls;

import static java.util.Objects.requireNonNull;

import io.autoservice.common.tls.Certificates;
import io.autoservice.controller.model.IssuedCertificate;
import io.autoservice.controller.store.EnrolmentStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The certificates issued to agents and whether they still count. The TLS handshake asks {@link
 * #standing} on an event-loop thread, so the answer comes from memory (loaded at start, updated as
 * certificates are issued and revoked); the database is the record that survives restarts.
 */
public final class AgentCertificates {
  private final EnrolmentStore store;
  private final Clock clock;
  private final Map<String, Entry> bySerial = new ConcurrentHashMap<>();

  private record Entry(String agentId, Instant notAfter, boolean revoked) {}

  /** What the controller thinks of a certificate it is shown. */
  public enum Standing {
    VALID,
    REVOKED,
    UNKNOWN,
    WRONG_AGENT
  }

  public AgentCertificates(EnrolmentStore store, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    load();
  }

  /** The row a certificate just signed for {@code agentId} will be stored as. */
  public IssuedCertificate describe(String agentId, X509Certificate cert) {
    return new IssuedCertificate(
        Certificates.serial(cert), agentId, clock.instant(), cert.getNotAfter().toInstant(), null);
  }

  /** Takes note of a certificate the store recorded (by {@link EnrollmentTokens#redeemFor}). */
  public void remember(IssuedCertificate c) {
    bySerial.put(c.serial(), new Entry(c.agentId(), c.notAfter(), false));
  }

  /** Records a certificate just issued to {@code agentId} (its CN). */
  public void issued(String agentId, X509Certificate cert) {
    String serial = Certificates.serial(cert);
    Instant notAfter = cert.getNotAfter().toInstant();
    store.certificateIssued(
        new IssuedCertificate(serial, agentId, clock.instant(), notAfter, null));
    bySerial.put(serial, new Entry(agentId, notAfter, false));
  }

  /**
   * Whether a certificate signed by our CA still counts: issued by this controller, not revoked,
   * and naming the agent it was issued to.
   */
  public Standing standing(X509Certificate cert) {
    Entry e = bySerial.get(Certificates.serial(cert));
    if (e == null) {
      return Standing.UNKNOWN;
    }
    if (e.revoked()) {
      return Standing.REVOKED;
    }
    return e.agentId().equals(Certificates.commonName(cert))
        ? Standing.VALID
        : Standing.WRONG_AGENT;
  }

  /** Whether the agent holds a certificate that is neither revoked nor expired. */
  public boolean hasValid(String agentId) {
    Instant now = clock.instant();
    return bySerial.values().stream()
        .anyMatch(e -> e.agentId().equals(agentId) && !e.revoked() && e.notAfter().isAfter(now));
  }

  /** Revokes every certificate of the agent; returns how many were still valid. */
  public int revokeAgent(String agentId) {
    int n = store.revokeAgent(agentId, clock.instant());
    bySerial.replaceAll(
        (serial, e) ->
            e.agentId().equals(agentId) ? new Entry(e.agentId(), e.notAfter(), true) : e);
    return n;
  }

  /** Labels the agent's enrolment token gave it (empty when none). */
  public Map<String, String> enrolledLabels(String agentId) {
    return store.enrolledLabels(agentId);
  }

  /** Records the labels an enrolment gave the agent (replacing an earlier enrolment's). */
  public void enrolled(String agentId, Map<String, String> labels) {
    store.enrolled(agentId, labels, clock.instant());
  }

  private void load() {
    for (IssuedCertificate c : store.certificates()) {
      bySerial.put(c.serial(), new Entry(c.agentId(), c.notAfter(), c.revokedAt() != null));
    }
  }
}
