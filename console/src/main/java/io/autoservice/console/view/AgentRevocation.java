package io.autoservice.console.view;

import io.autoservice.proto.v1.RevokeAgentResponse;

/** What {@code agents revoke} did. */
public record AgentRevocation(String agentId, int certificatesRevoked, boolean disconnected) {
  public static AgentRevocation from(RevokeAgentResponse r) {
    return new AgentRevocation(r.getAgentId(), r.getCertificatesRevoked(), r.getDisconnected());
  }
}
