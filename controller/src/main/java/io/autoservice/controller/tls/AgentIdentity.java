package io.autoservice.controller.tls;

import io.grpc.Context;
import java.security.cert.X509Certificate;

/**
 * Who an agent stream is, proven by its client certificate: the agent id is the certificate's CN.
 * Absent on a controller started with {@code --insecure}.
 */
public record AgentIdentity(String agentId, X509Certificate certificate) {
  static final Context.Key<AgentIdentity> KEY = Context.key("autoservice-agent-identity");

  /** The identity of the call being served, or {@code null} when the transport proves none. */
  public static AgentIdentity current() {
    return KEY.get();
  }
}
