package io.autoservice.controller.store;

import io.autoservice.controller.model.IssuedCertificate;
import io.autoservice.controller.model.TokenRedemption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Enrolment tokens, the certificates issued to agents, and the labels enrolment gave them. */
public interface EnrolmentStore {
  /**
   * How many certificates were ever issued and how many of those are revoked. Certificates are
   * never deleted and a revocation is never undone, so any change to the table changes this pair:
   * replicas compare it to learn cheaply whether their copy is stale.
   */
  record CertificateTally(long issued, long revoked) {}

  void createToken(
      byte[] secretHash,
      Map<String, String> labels,
      int uses,
      Instant expiresAt,
      String createdBy,
      Instant createdAt);

  /** Spends one use of the token if it is known, not spent and not expired at {@code now}. */
  TokenRedemption redeem(byte[] secretHash, Instant now);

  /**
   * Enrols an agent in one transaction: refused ({@code ID_TAKEN}) while the agent holds a valid
   * certificate, else one use of the token is spent, the certificate recorded and the token's
   * labels given to the agent. Concurrent enrolments of one agent id cannot both win.
   */
  TokenRedemption enrol(byte[] secretHash, IssuedCertificate certificate, Instant now);

  void certificateIssued(IssuedCertificate certificate);

  List<IssuedCertificate> certificates();

  /** The certificate with this serial, if one was recorded (by any controller on the store). */
  Optional<IssuedCertificate> certificate(String serial);

  CertificateTally certificateTally();

  /** Revokes every certificate of the agent; returns how many were not revoked before. */
  int revokeAgent(String agentId, Instant at);

  Map<String, String> enrolledLabels(String agentId);

  void enrolled(String agentId, Map<String, String> labels, Instant at);
}
