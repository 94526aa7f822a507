package io.autoservice.controller.api;

import io.autoservice.common.tls.Fingerprint;
import io.autoservice.controller.auth.Caller;
import io.autoservice.controller.fleet.AgentLink;
import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.tls.AgentEnrollment;
import io.autoservice.controller.tls.EnrollmentTokens;
import io.autoservice.proto.v1.CreateEnrollmentTokenRequest;
import io.autoservice.proto.v1.CreateEnrollmentTokenResponse;
import io.autoservice.proto.v1.RevokeAgentRequest;
import io.autoservice.proto.v1.RevokeAgentResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The console's agent-identity calls: enrolment tokens and revocation (admins only, checked by the
 * {@code AuthInterceptor}). Revoking closes the agent's open stream at once, so it stops before its
 * next event, and its certificates are refused from then on.
 */
final class AgentAdminCalls {
  static final Duration DEFAULT_TTL = Duration.ofHours(24);

  private final AgentEnrollment enrollment;
  private final FleetRegistry fleet;

  AgentAdminCalls(AgentEnrollment enrollment, FleetRegistry fleet) {
    this.enrollment = enrollment;
    this.fleet = fleet;
  }

  CreateEnrollmentTokenResponse createToken(CreateEnrollmentTokenRequest req) throws Refusal {
    AgentEnrollment e = required();
    int uses = req.getUses() == 0 ? 1 : req.getUses();
    Duration ttl = req.getTtlSeconds() == 0 ? DEFAULT_TTL : Duration.ofSeconds(req.getTtlSeconds());
    for (String key : req.getLabelsMap().keySet()) {
      if (!key.matches("[A-Za-z0-9._/-]{1,64}")) {
        throw new IllegalArgumentException(
            "labels: key \"" + key + "\" (expected 1-64 letters, digits, '.', '_', '/' or '-')");
      }
    }
    Caller who = Caller.current();
    AgentEnrollment.Created c =
        e.createToken(req.getLabelsMap(), uses, ttl, who.name(), who.remoteAddr());
    EnrollmentTokens.Terms t = c.terms();
    return CreateEnrollmentTokenResponse.newBuilder()
        .setToken(c.token())
        .setUses(t.uses())
        .setExpiresAt(
            com.google.protobuf.Timestamp.newBuilder().setSeconds(t.expiresAt().getEpochSecond()))
        .setCaFingerprint(Fingerprint.sha256Hex(e.caCertificate()))
        .build();
  }

  RevokeAgentResponse revoke(RevokeAgentRequest req) throws Refusal {
    AgentEnrollment e = required();
    String id = req.getAgentId();
    if (!AgentEnrollment.AGENT_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("agent_id: \"" + id + "\" is not an agent id");
    }
    Caller who = Caller.current();
    int n = e.revoke(id, who.name(), who.remoteAddr());
    Optional<AgentLink> link = fleet.link(id);
    link.ifPresent(
        l -> l.revoke("agent " + id + " was revoked by " + who.name() + "; it must enrol again"));
    if (n == 0 && link.isEmpty() && fleet.record(id).isEmpty()) {
      throw Refusal.notFound("agent " + id + ": unknown to this controller");
    }
    return RevokeAgentResponse.newBuilder()
        .setAgentId(id)
        .setCertificatesRevoked(n)
        .setDisconnected(link.isPresent())
        .build();
  }

  private AgentEnrollment required() throws Refusal {
    if (enrollment == null) {
      throw Refusal.failedPrecondition(
          "this controller runs with --insecure: agents have no certificates to enrol or revoke");
    }
    return enrollment;
  }
}
