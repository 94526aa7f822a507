package io.autoservice.controller.web;

import io.autoservice.common.auth.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in browsers. A session id is 32 random bytes (the cookie's value, never stored: the map is
 * keyed by its SHA-256, so a heap dump yields no usable cookie); each session has its own CSRF
 * token. A session ends on sign-out, after {@link #IDLE} without a call, or {@link #ABSOLUTE} after
 * sign-in, whichever comes first. Kept in memory: a controller restart signs everyone out, which is
 * the safe direction.
 */
public final class WebSessions {
  static final Duration IDLE = Duration.ofMinutes(30);
  static final Duration ABSOLUTE = Duration.ofHours(12);

  /** At most this many live sessions per user; signing in once more ends the oldest. */
  static final int MAX_PER_USER = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** One signed-in browser. */
  public record Session(
      String user, Role role, String csrf, Instant createdAt, Instant expiresAt, String viaToken) {}

  private record Entry(Session session, Instant lastUsed) {}

  private final Map<String, Entry> byIdHash = new ConcurrentHashMap<>();
  private final Clock clock;

  public WebSessions(Clock clock) {
    this.clock = clock;
  }

  /** A new session for the user; returns its id (the cookie value) with it. */
  public synchronized Map.Entry<String, Session> open(String user, Role role, String via) {
    Instant now = clock.instant();
    sweep(now);
    long mine = byIdHash.values().stream().filter(e -> e.session().user().equals(user)).count();
    if (mine >= MAX_PER_USER) {
      byIdHash.entrySet().stream()
          .filter(e -> e.getValue().session().user().equals(user))
          .min(
              (a, b) ->
                  a.getValue().session().createdAt().compareTo(b.getValue().session().createdAt()))
          .ifPresent(e -> byIdHash.remove(e.getKey()));
    }
    String id = random();
    Session s = new Session(user, role, random(), now, now.plus(ABSOLUTE), via);
    byIdHash.put(hash(id), new Entry(s, now));
    return Map.entry(id, s);
  }

  /** The live session of this cookie value, its idle clock restarted; empty when none. */
  public Optional<Session> find(String id) {
    if (id == null || id.isEmpty() || id.length() > 100) {
      return Optional.empty();
    }
    String key = hash(id);
    Entry e = byIdHash.get(key);
    if (e == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(e, now)) {
      byIdHash.remove(key, e);
      return Optional.empty();
    }
    byIdHash.replace(key, e, new Entry(e.session(), now));
    return Optional.of(e.session());
  }

  /** Ends the session of this cookie value; false when there was none. */
  public boolean close(String id) {
    return id != null && byIdHash.remove(hash(id)) != null;
  }

  /** Ends every session of a user (revoked, or its password changed). */
  public void closeAll(String user) {
    byIdHash.values().removeIf(e -> e.session().user().equals(user));
  }

  int size() {
    return byIdHash.size();
  }

  private void sweep(Instant now) {
    byIdHash.values().removeIf(e -> expired(e, now));
  }

  private static boolean expired(Entry e, Instant now) {
    return !now.isBefore(e.session().expiresAt()) || !now.isBefore(e.lastUsed().plus(IDLE));
  }

  /** Compares CSRF tokens in constant time. */
  static boolean sameToken(String a, String b) {
    return a != null
        && b != null
        && MessageDigest.isEqual(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String hash(String id) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
