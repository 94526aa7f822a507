package io.autoservice.controller.auth;

import static java.util.Objects.requireNonNull;

import io.autoservice.controller.model.AuditEntry;
import io.autoservice.controller.store.AuditStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The append-only audit log: who did what, when, from where, and for a dispatch the plan's hash.
 * This class only inserts and selects; nothing in the controller updates or deletes a row.
 */
public final class AuditLog {
  public static final String DISPATCH = "dispatch";
  public static final String CANCEL = "cancel";
  public static final String USER_ADD = "user_add";
  public static final String USER_REVOKE = "user_revoke";
  public static final String USER_PASSWORD = "user_password";

  /** A web console sign-in and sign-out. */
  public static final String LOGIN = "login";

  public static final String LOGOUT = "logout";

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

  private final AuditStore store;
  private final Clock clock;

  /**
   * What to list; {@code null} fields do not filter.
   *
   * @param limit 0 for {@link #DEFAULT_LIMIT}; at most {@link #MAX_LIMIT}
   */
  public record Query(String actor, String action, Instant since, int limit) {
    public Query {
      if (limit < 0 || limit > MAX_LIMIT) {
        throw new IllegalArgumentException(
            "limit: " + limit + " (expected: 0 to " + MAX_LIMIT + ")");
      }
      limit = limit == 0 ? DEFAULT_LIMIT : limit;
    }
  }

  public AuditLog(AuditStore store, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Appends what {@code who} did; returns the row's id. */
  public long append(Caller who, String action, String target, String detail, String planSha256) {
    return append(who.name(), who.remoteAddr(), action, target, detail, planSha256);
  }

  /** Appends an entry stamped now; returns its id. */
  public long append(
      String actor,
      String remoteAddr,
      String action,
      String target,
      String detail,
      String planSha256) {
    requireNonNull(actor, "actor");
    requireNonNull(action, "action");
    return store.append(
        new AuditEntry(0, clock.instant(), actor, action, target, detail, remoteAddr, planSha256));
  }

  /** Entries matching the query, newest first. */
  public List<AuditEntry> query(Query q) {
    return store.query(q.actor(), q.action(), q.since(), q.limit());
  }

  /** SHA-256 of the text's UTF-8 bytes, lower-case hex: how a plan is fingerprinted. */
  public static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
