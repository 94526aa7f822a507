package io.autoservice.controller.tls;

import io.autoservice.controller.model.IssuedCertificate;
import io.autoservice.controller.model.TokenRedemption;
import io.autoservice.controller.store.EnrolmentStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A real store that counts the reads a replica's certificate copy makes of it. */
final class CountingEnrolmentStore implements EnrolmentStore {
  private final EnrolmentStore store;
  volatile int fullReads;
  volatile int serialReads;

  CountingEnrolmentStore(EnrolmentStore store) {
    this.store = store;
  }

  @Override
  public List<IssuedCertificate> certificates() {
    fullReads++;
    return store.certificates();
  }

  @Override
  public Optional<IssuedCertificate> certificate(String serial) {
    serialReads++;
    return store.certificate(serial);
  }

  @Override
  public CertificateTally certificateTally() {
    return store.certificateTally();
  }

  @Override
  public void createToken(
      byte[] secretHash,
      Map<String, String> labels,
      int uses,
      Instant expiresAt,
      String createdBy,
      Instant createdAt) {
    store.createToken(secretHash, labels, uses, expiresAt, createdBy, createdAt);
  }

  @Override
  public TokenRedemption redeem(byte[] secretHash, Instant now) {
    return store.redeem(secretHash, now);
  }

  @Override
  public TokenRedemption enrol(byte[] secretHash, IssuedCertificate certificate, Instant now) {
    return store.enrol(secretHash, certificate, now);
  }

  @Override
  public void certificateIssued(IssuedCertificate certificate) {
    store.certificateIssued(certificate);
  }

  @Override
  public int revokeAgent(String agentId, Instant at) {
    return store.revokeAgent(agentId, at);
  }

  @Override
  public Map<String, String> enrolledLabels(String agentId) {
    return store.enrolledLabels(agentId);
  }

  @Override
  public void enrolled(String agentId, Map<String, String> labels, Instant at) {
    store.enrolled(agentId, labels, at);
  }
}
