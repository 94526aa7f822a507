package io.autoservice.controller.web;

import static java.util.Objects.requireNonNull;

import io.autoservice.common.auth.Role;
import io.autoservice.controller.store.WebSessionStore;
import io.autoservice.controller.store.WebSessionStore.StoredSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Signed-in browsers. A session id is 32 random bytes (the cookie's value, never stored: sessions
 * are keyed by its SHA-256, so a copy of the database or a heap dump yields no usable cookie); each
 * session has its own CSRF token. A session ends on sign-out, after {@link #IDLE} without a call,
 * or {@link #ABSOLUTE} after sign-in, whichever comes first.
 *
 * <p>Kept in the store, so every controller replica sharing it knows every session: signed in on
 * one is signed in on all, signed out on one is signed out on all. Each call reads the session's
 * row; the last use is written at most once per {@link #TOUCH_EVERY}, not at every call, so the
 * stored last use may lag the real one by up to that much and a session may end idle up to {@code
 * TOUCH_EVERY} before {@code IDLE} has passed since its last call (earlier, never later).
 */
public final class WebSessions {
  static final Duration IDLE = Duration.ofMinutes(30);
  static final Duration ABSOLUTE = Duration.ofHours(12);

  /** The least time between two writes of one session's last use. */
  static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  /** How often the controller calls {@link #prune}. */
  public static final Duration PRUNE_EVERY = Duration.ofMinutes(5);

  /** At most this many live sessions per user; signing in once more ends the oldest. */
  static final int MAX_PER_USER = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** One signed-in browser. */
  public record Session(
      String user, Role role, String csrf, Instant createdAt, Instant expiresAt, String viaToken) {}

  private final WebSessionStore store;
  private final Clock clock;

  public WebSessions(WebSessionStore store, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
  }

  /** A new session for the user; returns its id (the cookie value) with it. */
  public Map.Entry<String, Session> open(String user, Role role, String via) {
    Instant now = clock.instant();
    String id = random();
    Session s = new Session(user, role, random(), now, now.plus(ABSOLUTE), via);
    store.open(
        new StoredSession(hash(id), user, role, s.csrf(), via, now, s.expiresAt(), now),
        now.minus(IDLE),
        MAX_PER_USER);
    return Map.entry(id, s);
  }

  /** The live session of this cookie value, its idle clock restarted; empty when none. */
  public Optional<Session> find(String id) {
    if (id == null || id.isEmpty() || id.length() > 100) {
      return Optional.empty();
    }
    byte[] key = hash(id);
    Optional<StoredSession> found = store.find(key);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    StoredSession row = found.get();
    Instant now = clock.instant();
    if (!now.isBefore(row.expiresAt()) || !now.isBefore(row.lastUsed().plus(IDLE))) {
      store.close(key);
      return Optional.empty();
    }
    if (!now.isBefore(row.lastUsed().plus(TOUCH_EVERY))) {
      store.touch(key, now);
    }
    return Optional.of(
        new Session(
            row.user(), row.role(), row.csrf(), row.createdAt(), row.expiresAt(), row.via()));
  }

  /** Ends the session of this cookie value; false when there was none. */
  public boolean close(String id) {
    return id != null && store.close(hash(id));
  }

  /** Ends every session of a user (revoked, or its password changed). */
  public void closeAll(String user) {
    store.closeAll(user);
  }

  /** Deletes the sessions that ended (the controller calls it every {@link #PRUNE_EVERY}). */
  public int prune() {
    Instant now = clock.instant();
    return store.prune(now, now.minus(IDLE));
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

  /** The store's key for a session id. */
  static byte[] hash(String id) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
