package io.autoservice.controller.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.autoservice.common.json.Json;
import io.autoservice.controller.model.IssuedCertificate;
import io.autoservice.controller.model.TokenRedemption;
import io.autoservice.controller.model.TokenRedemption.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Enrolment over JDBC. Redeeming spends a use in the one statement that checks it, so two agents
 * racing for a token's last use cannot both win.
 */
final class JdbcEnrolmentStore implements EnrolmentStore {
  private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {};

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(JdbcEnrolmentStore.class);
  private final Jdbc jdbc;
  private final Dialect dialect;

  JdbcEnrolmentStore(Jdbc jdbc, Dialect dialect) {
    this.jdbc = jdbc;
    this.dialect = dialect;
  }

  @Override
  public void createToken(
      byte[] secretHash,
      Map<String, String> labels,
      int uses,
      Instant expiresAt,
      String createdBy,
      Instant createdAt) {
    jdbc.update(
        "INSERT INTO enrollment_tokens (secret_hash, labels, uses_allowed, uses_left, expires_at, created_by,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        secretHash,
        json(labels),
        uses,
        uses,
        expiresAt,
        createdBy,
        createdAt);
  }

  @Override
  public TokenRedemption redeem(byte[] secretHash, Instant now) {
    return jdbc.inTransaction(tx -> redeemIn(tx, secretHash, now));
  }

  private static TokenRedemption redeemIn(Jdbc.Tx tx, byte[] secretHash, Instant now)
      throws java.sql.SQLException {
    {
      int spent =
          tx.update(
              "UPDATE enrollment_tokens SET uses_left = uses_left - 1"
                  + " WHERE secret_hash = ? AND uses_left > 0 AND expires_at > ?",
              secretHash,
              now);
      List<TokenRedemption> found =
          tx.query(
              "SELECT labels, uses_left, expires_at FROM enrollment_tokens WHERE secret_hash = ?",
              rs -> {
                Map<String, String> labels = labels(rs.getString(1));
                Instant expires = Jdbc.instant(rs, "expires_at");
                Outcome o =
                    spent == 1
                        ? Outcome.REDEEMED
                        : rs.getInt(2) <= 0 ? Outcome.SPENT : Outcome.EXPIRED;
                return new TokenRedemption(o, labels, expires);
              },
              secretHash);
      return found.isEmpty() ? new TokenRedemption(Outcome.UNKNOWN, Map.of(), null) : found.get(0);
    }
  }

  @Override
  public TokenRedemption enrol(byte[] secretHash, IssuedCertificate c, Instant now) {
    // The check, the spent use and the new certificate are one step for every other enrolment:
    // SQLite's writers begin IMMEDIATE (the database's write lock), PostgreSQL locks the table.
    return jdbc.inTransaction(
        tx -> {
          if (!dialect.enrolmentLock().isEmpty()) {
            tx.update(dialect.enrolmentLock());
          }
          boolean taken =
              !tx.query(
                      "SELECT 1 FROM agent_certificates WHERE agent_id = ? AND revoked_at IS NULL"
                          + " AND not_after > ? LIMIT 1",
                      rs -> 1,
                      c.agentId(),
                      now)
                  .isEmpty();
          if (taken) {
            return new TokenRedemption(Outcome.ID_TAKEN, Map.of(), null);
          }
          TokenRedemption r = redeemIn(tx, secretHash, now);
          if (r.outcome() == Outcome.REDEEMED) {
            tx.update(
                "INSERT INTO agent_certificates (serial, agent_id, issued_at, not_after, revoked_at)"
                    + " VALUES (?, ?, ?, ?, ?)",
                c.serial(),
                c.agentId(),
                c.issuedAt(),
                c.notAfter(),
                c.revokedAt());
            tx.update(
                "INSERT INTO enrolled_agents (agent_id, labels, enrolled_at) VALUES (?, ?, ?) ON CONFLICT (agent_id)"
                    + " DO UPDATE SET labels = excluded.labels, enrolled_at = excluded.enrolled_at",
                c.agentId(),
                json(r.labels()),
                now);
          }
          return r;
        });
  }

  @Override
  public void certificateIssued(IssuedCertificate c) {
    jdbc.update(
        "INSERT INTO agent_certificates (serial, agent_id, issued_at, not_after, revoked_at) VALUES (?, ?, ?, ?, ?)",
        c.serial(),
        c.agentId(),
        c.issuedAt(),
        c.notAfter(),
        c.revokedAt());
  }

  @Override
  public List<IssuedCertificate> certificates() {
    return jdbc.query(CERTIFICATE_COLUMNS, JdbcEnrolmentStore::certificate);
  }

  @Override
  public Optional<IssuedCertificate> certificate(String serial) {
    return jdbc.one(
        CERTIFICATE_COLUMNS + " WHERE serial = ?", JdbcEnrolmentStore::certificate, serial);
  }

  @Override
  public CertificateTally certificateTally() {
    return jdbc.one(
            "SELECT COUNT(*), COUNT(revoked_at) FROM agent_certificates",
            rs -> new CertificateTally(rs.getLong(1), rs.getLong(2)))
        .orElseThrow();
  }

  private static final String CERTIFICATE_COLUMNS =
      "SELECT serial, agent_id, issued_at, not_after, revoked_at FROM agent_certificates";

  private static IssuedCertificate certificate(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new IssuedCertificate(
        rs.getString(1),
        rs.getString(2),
        Jdbc.instant(rs, "issued_at"),
        Jdbc.instant(rs, "not_after"),
        Jdbc.instant(rs, "revoked_at"));
  }

  @Override
  public int revokeAgent(String agentId, Instant at) {
    return jdbc.update(
        "UPDATE agent_certificates SET revoked_at = ? WHERE agent_id = ? AND revoked_at IS NULL",
        at,
        agentId);
  }

  /**
   * The labels enrolment gave the agent. Asked at every Hello: a row that does not read counts as
   * no labels (with a warning), or the agent could never connect again.
   */
  @Override
  public Map<String, String> enrolledLabels(String agentId) {
    String text =
        jdbc.one(
                "SELECT labels FROM enrolled_agents WHERE agent_id = ?",
                rs -> rs.getString(1),
                agentId)
            .orElse(null);
    if (text == null) {
      return Map.of();
    }
    try {
      return labels(text);
    } catch (StoreException e) {
      log.warn(
          "agent {}: its enrolment labels are stored unreadable; taken as none: {}",
          agentId,
          e.getMessage());
      return Map.of();
    }
  }

  @Override
  public void enrolled(String agentId, Map<String, String> labels, Instant at) {
    jdbc.update(
        "INSERT INTO enrolled_agents (agent_id, labels, enrolled_at) VALUES (?, ?, ?) ON CONFLICT (agent_id)"
            + " DO UPDATE SET labels = excluded.labels, enrolled_at = excluded.enrolled_at",
        agentId,
        json(labels),
        at);
  }

  private static String json(Map<String, String> labels) {
    try {
      return Json.mapper().writeValueAsString(new TreeMap<>(labels));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("labels are plain strings", e);
    }
  }

  private static Map<String, String> labels(String text) {
    try {
      Map<String, String> read = Json.mapper().readValue(text, LABELS);
      return read == null ? Map.of() : read; // the JSON text "null"
    } catch (JsonProcessingException | RuntimeException e) {
      throw new StoreException("stored labels unreadable: " + e.getMessage(), e);
    }
  }
}
