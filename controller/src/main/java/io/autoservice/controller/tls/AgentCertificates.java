package io.autoservice.controller.tls;

import static java.util.Objects.requireNonNull;

import io.autoservice.common.tls.Certificates;
import io.autoservice.controller.model.IssuedCertificate;
import io.autoservice.controller.store.EnrolmentStore;
import io.autoservice.controller.store.StoreException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates issued to agents and whether they still count. The TLS handshake asks {@link
 * #standing} on an event-loop thread, so the answer comes from memory (loaded at start, updated as
 * certificates are issued and revoked); the database is the record that survives restarts and the
 * one all replicas sharing it go by.
 *
 * <p>Another replica's work reaches this copy two ways. A serial this copy does not know is read
 * through to the store (a certificate issued elsewhere a moment ago); serials the store does not
 * know either are remembered for {@link #MISS_TTL}, at most {@link #MAX_MISSES} of them, so no
 * flood of unknown serials costs more than that many reads per {@code MISS_TTL} (and each one must
 * carry our CA's signature, checked before). And {@link #refresh}, run every {@link
 * #REFRESH_EVERY}, reloads the table when its tally changed, so a revocation on any replica is
 * refused here within that period and the agent's live stream here is cut ({@code onRevoked}).
 */
public final class AgentCertificates {
  private static final Logger log = LoggerFactory.getLogger(AgentCertificates.class);

  /** How often the controller calls {@link #refresh}. */
  public static final Duration REFRESH_EVERY = Duration.ofSeconds(2);

  static final Duration MISS_TTL = Duration.ofSeconds(5);
  static final int MAX_MISSES = 256;

  private final EnrolmentStore store;
  private final Clock clock;
  private final Consumer<String> onRevoked;
  private final Map<String, Entry> bySerial = new ConcurrentHashMap<>();

  /** Serials the store did not know, until when that answer stands. */
  private final Map<String, Instant> misses = new HashMap<>();

  private volatile EnrolmentStore.CertificateTally loaded;

  private record Entry(String agentId, Instant notAfter, boolean revoked) {}

  /** What the controller thinks of a certificate it is shown. */
  public enum Standing {
    VALID,
    REVOKED,
    UNKNOWN,
    WRONG_AGENT
  }

  public AgentCertificates(EnrolmentStore store, Clock clock) {
    this(store, clock, agentId -> {});
  }

  /**
   * @param onRevoked told the id of an agent found revoked by {@link #refresh} (on another
   *     replica), so its live stream here can be closed as a local revocation closes it
   */
  public AgentCertificates(EnrolmentStore store, Clock clock, Consumer<String> onRevoked) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.onRevoked = requireNonNull(onRevoked, "onRevoked");
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
    String serial = Certificates.serial(cert);
    Entry e = bySerial.get(serial);
    if (e == null) {
      e = readThrough(serial);
    }
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
  public synchronized int revokeAgent(String agentId) {
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

  /**
   * Brings this copy up to date with the store when the store's tally moved (one aggregate query
   * otherwise), and tells {@code onRevoked} of every agent whose certificate this copy held valid
   * and the store now says is revoked. A store that fails leaves the copy as it was until the next
   * refresh.
   */
  public void refresh() {
    List<String> revoked;
    try {
      if (store.certificateTally().equals(loaded)) {
        return;
      }
      revoked = load();
    } catch (RuntimeException e) {
      // Whatever it is: a scheduled task that throws is never run again.
      log.warn("agent certificates: could not refresh from the store: {}", e.getMessage());
      return;
    }
    for (String agentId : revoked) {
      try {
        onRevoked.accept(agentId);
      } catch (RuntimeException e) {
        log.warn("agent {}: closing its stream after revocation failed", agentId, e);
      }
    }
  }

  /** Loads every row; returns the agents that had a certificate valid here and now revoked. */
  private synchronized List<String> load() {
    EnrolmentStore.CertificateTally tally = store.certificateTally();
    Set<String> revoked = new TreeSet<>();
    for (IssuedCertificate c : store.certificates()) {
      Entry now = new Entry(c.agentId(), c.notAfter(), c.revokedAt() != null);
      Entry before = bySerial.put(c.serial(), now);
      if (now.revoked() && before != null && !before.revoked()) {
        revoked.add(c.agentId());
      }
    }
    // Taken before the rows: a change made in between moves the tally again, so it is read next
    // time rather than missed.
    loaded = tally;
    synchronized (misses) {
      misses.clear();
    }
    return List.copyOf(revoked);
  }

  /** The store's row for a serial this copy does not hold, within the bound on misses. */
  private Entry readThrough(String serial) {
    Instant now = clock.instant();
    synchronized (misses) {
      Instant until = misses.get(serial);
      if (until != null && now.isBefore(until)) {
        return null;
      }
      if (misses.size() >= MAX_MISSES) {
        misses.values().removeIf(t -> !now.isBefore(t));
        if (misses.size() >= MAX_MISSES) {
          return null; // a flood: refused unread until misses expire
        }
      }
      Optional<IssuedCertificate> row;
      try {
        row = store.certificate(serial);
      } catch (StoreException e) {
        log.warn("agent certificate {}: the store could not be read: {}", serial, e.getMessage());
        return null;
      }
      if (row.isEmpty()) {
        misses.put(serial, now.plus(MISS_TTL));
        return null;
      }
      IssuedCertificate c = row.get();
      Entry e = new Entry(c.agentId(), c.notAfter(), c.revokedAt() != null);
      bySerial.putIfAbsent(serial, e);
      return bySerial.get(serial);
    }
  }
}
