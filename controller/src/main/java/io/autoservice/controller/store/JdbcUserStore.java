package io.autoservice.controller.store;

import io.autoservice.common.auth.Role;
import io.autoservice.controller.model.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Users over JDBC. */
final class JdbcUserStore implements UserStore {
  private static final String COLUMNS =
      "name, role, created_at, revoked_at, token_hash, password_hash IS NOT NULL AS has_password";

  private final Jdbc jdbc;

  JdbcUserStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean add(String name, Role role, byte[] tokenHash, Instant at) {
    return jdbc.inTransaction(
        tx ->
            tx.update(
                    "INSERT INTO users (name, role, token_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
                    name,
                    role.wireName(),
                    tokenHash,
                    at)
                == 1);
  }

  @Override
  public List<User> list() {
    return jdbc.query("SELECT " + COLUMNS + " FROM users ORDER BY name", JdbcUserStore::user);
  }

  @Override
  public Optional<User> find(String name) {
    return jdbc.one("SELECT " + COLUMNS + " FROM users WHERE name = ?", JdbcUserStore::user, name);
  }

  @Override
  public boolean isEmpty() {
    return jdbc.one("SELECT 1 FROM users LIMIT 1", rs -> 1).isEmpty();
  }

  @Override
  public void revoke(String name, Instant at) {
    jdbc.update("UPDATE users SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", at, name);
  }

  @Override
  public List<Credential> valid() {
    return jdbc.query(
        "SELECT " + COLUMNS + " FROM users WHERE revoked_at IS NULL",
        rs -> new Credential(user(rs), rs.getBytes("token_hash")));
  }

  private static User user(ResultSet rs) throws SQLException {
    return new User(
        rs.getString("name"),
        Role.fromWireName(rs.getString("role")),
        Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "revoked_at"),
        rs.getBoolean("has_password"));
  }

  @Override
  public boolean setPasswordHash(String name, String hash) {
    return jdbc.update("UPDATE users SET password_hash = ? WHERE name = ?", hash, name) == 1;
  }

  @Override
  public Optional<String> passwordHash(String name) {
    return jdbc.one(
        "SELECT password_hash FROM users WHERE name = ? AND revoked_at IS NULL"
            + " AND password_hash IS NOT NULL",
        rs -> rs.getString(1),
        name);
  }
}
