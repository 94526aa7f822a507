package io.autoservice.controller.tls;

import static java.util.Objects.requireNonNull;

import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.model.TokenRedemption;
import io.autoservice.controller.store.EnrolmentStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Enrolment tokens in the controller's database. A token's secret is 256 random bits, so its
 * SHA-256 is kept and looked up directly. Redeeming spends one use in the same transaction that
 * checks it, so two agents racing for the last use cannot both win.
 */
public final class EnrollmentTokens {
  public static final int MAX_USES = 10_000;
  public static final Duration MAX_TTL = Duration.ofDays(30);

  private final EnrolmentStore store;
  private final Clock clock;

  /** A created token's terms (the secret is not kept). */
  public record Terms(Map<String, String> labels, int uses, Instant expiresAt) {}

  public EnrollmentTokens(EnrolmentStore store, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Stores a token's secret hash and terms. */
  public Terms create(
      byte[] secret, Map<String, String> labels, int uses, Duration ttl, String createdBy) {
    if (uses < 1 || uses > MAX_USES) {
      throw new IllegalArgumentException("uses: " + uses + " (expected: 1 to " + MAX_USES + ")");
    }
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException(
          "ttl: " + ttl.toSeconds() + " s (expected: more than 0, at most 30 days)");
    }
    Instant now = clock.instant();
    Terms terms = new Terms(new TreeMap<>(labels), uses, now.plus(ttl));
    store.createToken(hash(secret), terms.labels(), uses, terms.expiresAt(), createdBy, now);
    return terms;
  }

  /** Spends one use of the token with this secret and returns its labels, or says why not. */
  public Map<String, String> redeem(byte[] secret) throws Refusal {
    return labels(store.redeem(hash(secret), clock.instant()));
  }

  /**
   * Spends one use and records {@code certificate} in one transaction, unless its agent already
   * holds a valid certificate; returns the token's labels (now the agent's), or says why not.
   */
  public Map<String, String> redeemFor(
      byte[] secret, io.autoservice.controller.model.IssuedCertificate certificate) throws Refusal {
    return labels(store.enrol(hash(secret), certificate, clock.instant()));
  }

  private static Map<String, String> labels(TokenRedemption r) throws Refusal {
    return switch (r.outcome()) {
      case REDEEMED -> r.labels();
      case UNKNOWN ->
          throw Refusal.unauthenticated(
              "unknown enrolment token (create one with 'controller enroll create')");
      case SPENT ->
          throw Refusal.permissionDenied("enrolment token already used up; create a new one");
      case EXPIRED ->
          throw Refusal.permissionDenied(
              "enrolment token expired at " + r.expiresAt() + "; create a new one");
      case ID_TAKEN ->
          throw Refusal.alreadyExists(
              "agent id is already enrolled with a valid certificate; revoke it first ('controller agents revoke')");
    };
  }

  private static byte[] hash(byte[] secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
