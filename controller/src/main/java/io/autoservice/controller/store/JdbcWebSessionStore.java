package io.autoservice.controller.store;

import io.autoservice.common.auth.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Web sessions over JDBC. */
final class JdbcWebSessionStore implements WebSessionStore {
  private static final String COLUMNS =
      "id_hash, user_name, role, csrf, via, created_at, expires_at, last_used";

  private final Jdbc jdbc;

  JdbcWebSessionStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void open(StoredSession s, Instant idleBefore, int maxPerUser) {
    jdbc.inTransaction(
        tx -> {
          tx.update(
              "DELETE FROM web_sessions WHERE user_name = ? AND (expires_at <= ? OR last_used <= ?)",
              s.user(),
              s.createdAt(),
              idleBefore);
          tx.update(
              "DELETE FROM web_sessions WHERE user_name = ? AND id_hash NOT IN (SELECT id_hash FROM"
                  + " web_sessions WHERE user_name = ? ORDER BY created_at DESC, id_hash LIMIT ?)",
              s.user(),
              s.user(),
              maxPerUser - 1);
          return tx.update(
              "INSERT INTO web_sessions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              s.idHash(),
              s.user(),
              s.role().wireName(),
              s.csrf(),
              s.via(),
              s.createdAt(),
              s.expiresAt(),
              s.lastUsed());
        });
  }

  @Override
  public Optional<StoredSession> find(byte[] idHash) {
    return jdbc.one(
        "SELECT " + COLUMNS + " FROM web_sessions WHERE id_hash = ?",
        JdbcWebSessionStore::session,
        idHash);
  }

  @Override
  public void touch(byte[] idHash, Instant at) {
    jdbc.update(
        "UPDATE web_sessions SET last_used = ? WHERE id_hash = ? AND last_used < ?",
        at,
        idHash,
        at);
  }

  @Override
  public boolean close(byte[] idHash) {
    return jdbc.update("DELETE FROM web_sessions WHERE id_hash = ?", idHash) > 0;
  }

  @Override
  public int closeAll(String user) {
    return jdbc.update("DELETE FROM web_sessions WHERE user_name = ?", user);
  }

  @Override
  public int prune(Instant now, Instant idleBefore) {
    return jdbc.update(
        "DELETE FROM web_sessions WHERE expires_at <= ? OR last_used <= ?", now, idleBefore);
  }

  private static StoredSession session(ResultSet rs) throws SQLException {
    return new StoredSession(
        rs.getBytes("id_hash"),
        rs.getString("user_name"),
        Role.fromWireName(rs.getString("role")),
        rs.getString("csrf"),
        rs.getString("via"),
        Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "expires_at"),
        Jdbc.instant(rs, "last_used"));
  }
}
