package io.autoservice.controller.store;

import io.autoservice.common.auth.Role;
import java.time.Instant;
import java.util.Optional;

/**
 * Signed-in browsers, keyed by the SHA-256 of the session id (the id itself is never stored), so
 * every controller sharing the store sees the same sessions.
 */
public interface WebSessionStore {
  /** One session's row. */
  record StoredSession(
      byte[] idHash,
      String user,
      Role role,
      String csrf,
      String via,
      Instant createdAt,
      Instant expiresAt,
      Instant lastUsed) {}

  /**
   * Stores a new session in one transaction that first ends the user's sessions that expired
   * (absolute end reached, or last used at or before {@code idleBefore}) and then its oldest ones,
   * so that with the new one the user has at most {@code maxPerUser}.
   */
  void open(StoredSession session, Instant idleBefore, int maxPerUser);

  Optional<StoredSession> find(byte[] idHash);

  /** Moves the session's last use forward to {@code at} (never back). */
  void touch(byte[] idHash, Instant at);

  /** Ends one session; false when there was none. */
  boolean close(byte[] idHash);

  /** Ends every session of the user; returns how many there were. */
  int closeAll(String user);

  /**
   * Deletes every session whose absolute end is reached or last use is at or before {@code
   * idleBefore}.
   */
  int prune(Instant now, Instant idleBefore);
}
