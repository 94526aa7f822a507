package io.autoservice.bench.sim;

/**
 * One simulated agent's enrolled identity, as PEM text: what a real agent keeps in {@code
 * <data>/tls/}. Kept as text so the identity cache is a plain JSON-lines file.
 *
 * @param agentId the agent id (the certificate's CN)
 * @param certificatePem the client certificate the controller issued
 * @param privateKeyPem the key made by the simulator (PKCS#8)
 * @param caPem the controller's CA certificate
 */
public record Identity(String agentId, String certificatePem, String privateKeyPem, String caPem) {

  /** The hostname the simulated PC reports: derived from the id so it is stable across reruns. */
  public String hostname() {
    return "simpc-" + agentId;
  }
}
