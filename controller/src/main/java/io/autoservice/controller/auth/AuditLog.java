package io.autoservice.controller.auth;
import io.autoservice.controller.model.AuditEntry;

import static java.util.Objects.requireNonNull;

import io.autoservice.controller.store.RunStore.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/**
 * The append-only audit log: who did what, when, from where, and for a dispatch the plan's hash.
 * This class only inserts and selects; nothing in the controller updates or deletes a row.
 */
public final class AuditLog {
  public static final String DISPATCH = "dispatch";
  public static final String CANCEL = "cancel";
  public static final String USER_ADD = "user_add";
  public static final String USER_REVOKE = "user_revoke";
  /** A console call without a token, or with a wrong or revoked one. */
  public static final String LOGIN_FAILURE = "login_failure";
  /** A valid user calling beyond its role. */
  public static final String DENIED = "denied";
  /** Reserved for agent enrolment and revocation (mutual TLS). */
  public static final String AGENT_ENROL = "agent_enrol";
  public static final String AGENT_REVOKE = "agent_revoke";

  /** The actor of a call that did not authenticate. */
  public static final String ANONYMOUS = "anonymous";

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1_000;

  private final DataSource ds;
  private final Clock clock;

  /**
   * What to list; {@code null} fields do not filter.
   *
   * @param limit 0 for {@link #DEFAULT_LIMIT}; at most {@link #MAX_LIMIT}
   */
  public record Query(String actor, String action, Instant since, int limit) {
    public Query {
      if (limit < 0 || limit > MAX_LIMIT) {
        throw new IllegalArgumentException("limit: " + limit + " (expected: 0 to " + MAX_LIMIT + ")");
      }
      limit = limit == 0 ? DEFAULT_LIMIT : limit;
    }
  }

  public AuditLog(DataSource ds, Clock clock) {
    this.ds = requireNonNull(ds, "ds");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Appends what {@code who} did; returns the row's id. */
  public long append(Caller who, String action, String target, String detail, String planSha256) {
    return append(who.name(), who.remoteAddr(), action, target, detail, planSha256);
  }

  /** Appends an entry stamped now; returns its id. */
  public long append(
      String actor, String remoteAddr, String action, String target, String detail, String planSha256) {
    requireNonNull(actor, "actor");
    requireNonNull(action, "action");
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO audit (at, actor, action, target, detail, remote_addr, plan_sha256)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setTimestamp(1, Timestamp.from(clock.instant()));
      ps.setString(2, actor);
      ps.setString(3, action);
      ps.setString(4, target);
      ps.setString(5, detail);
      ps.setString(6, remoteAddr);
      ps.setString(7, planSha256);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        return keys.next() ? keys.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw new StoreException(e.getMessage(), e);
    }
  }

  /** Entries matching the query, newest first. */
  public List<AuditEntry> query(Query q) {
    StringBuilder sql = new StringBuilder(
        "SELECT id, at, actor, action, target, detail, remote_addr, plan_sha256 FROM audit WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (q.actor() != null) {
      sql.append(" AND actor = ?");
      args.add(q.actor());
    }
    if (q.action() != null) {
      sql.append(" AND action = ?");
      args.add(q.action());
    }
    if (q.since() != null) {
      sql.append(" AND at >= ?");
      args.add(Timestamp.from(q.since()));
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.add(q.limit());
    List<AuditEntry> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new AuditEntry(rs.getLong("id"), rs.getTimestamp("at").toInstant(),
              rs.getString("actor"), rs.getString("action"), rs.getString("target"),
              rs.getString("detail"), rs.getString("remote_addr"), rs.getString("plan_sha256")));
        }
      }
    } catch (SQLException e) {
      throw new StoreException(e.getMessage(), e);
    }
    return out;
  }

  /** SHA-256 of the text's UTF-8 bytes, lower-case hex: how a plan is fingerprinted. */
  public static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
