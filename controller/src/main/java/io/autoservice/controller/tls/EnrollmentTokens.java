package io.autoservice.controller.tls;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.autoservice.common.json.Json;
import io.autoservice.controller.store.RunStore.StoreException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Enrolment tokens in the controller's database. A token's secret is 256 random bits, so its
 * SHA-256 is kept and looked up directly. Redeeming spends one use in the same transaction that
 * checks it, so two agents racing for the last use cannot both win.
 */
public final class EnrollmentTokens {
  public static final int MAX_USES = 10_000;
  public static final Duration MAX_TTL = Duration.ofDays(30);

  private final DataSource ds;
  private final Clock clock;

  /** A created token's terms (the secret is not kept). */
  public record Terms(Map<String, String> labels, int uses, Instant expiresAt) {}

  public EnrollmentTokens(DataSource ds, Clock clock) {
    this.ds = requireNonNull(ds, "ds");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Stores a token's secret hash and terms. */
  public Terms create(byte[] secret, Map<String, String> labels, int uses, Duration ttl, String createdBy) {
    if (uses < 1 || uses > MAX_USES) {
      throw new IllegalArgumentException("uses: " + uses + " (expected: 1 to " + MAX_USES + ")");
    }
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("ttl: " + ttl.toSeconds() + " s (expected: more than 0, at most 30 days)");
    }
    Instant now = clock.instant();
    Terms terms = new Terms(new TreeMap<>(labels), uses, now.plus(ttl));
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO enrollment_tokens (secret_hash, labels, uses_allowed, uses_left, expires_at, created_by,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setBytes(1, hash(secret));
      ps.setString(2, Json.mapper().writeValueAsString(terms.labels()));
      ps.setInt(3, uses);
      ps.setInt(4, uses);
      ps.setTimestamp(5, Timestamp.from(terms.expiresAt()));
      ps.setString(6, createdBy);
      ps.setTimestamp(7, Timestamp.from(now));
      ps.executeUpdate();
      return terms;
    } catch (SQLException | JsonProcessingException e) {
      throw new StoreException("cannot store an enrolment token", e);
    }
  }

  /** Spends one use of the token with this secret and returns its labels, or says why not. */
  public Map<String, String> redeem(byte[] secret) throws EnrollmentException {
    Instant now = clock.instant();
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT labels, uses_left, expires_at FROM enrollment_tokens WHERE secret_hash = ? FOR UPDATE")) {
        ps.setBytes(1, hash(secret));
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new EnrollmentException(EnrollmentException.Reason.UNKNOWN_TOKEN,
                "unknown enrolment token (create one with 'controller enroll create')");
          }
          Instant expires = rs.getTimestamp(3).toInstant();
          if (rs.getInt(2) <= 0) {
            throw new EnrollmentException(EnrollmentException.Reason.TOKEN_SPENT,
                "enrolment token already used up; create a new one");
          }
          if (!now.isBefore(expires)) {
            throw new EnrollmentException(EnrollmentException.Reason.TOKEN_EXPIRED,
                "enrolment token expired at " + expires + "; create a new one");
          }
          Map<String, String> labels = Json.mapper().readValue(rs.getString(1), new TypeReference<TreeMap<String, String>>() {});
          try (PreparedStatement spend = c.prepareStatement(
              "UPDATE enrollment_tokens SET uses_left = uses_left - 1 WHERE secret_hash = ?")) {
            spend.setBytes(1, hash(secret));
            spend.executeUpdate();
          }
          c.commit();
          return labels;
        }
      } finally {
        c.rollback(); // no-op after a commit; undoes nothing else
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new StoreException("cannot read enrolment tokens", e);
    }
  }

  private static byte[] hash(byte[] secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
