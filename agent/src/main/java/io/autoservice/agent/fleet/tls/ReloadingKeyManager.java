package io.autoservice.agent.fleet.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the agent's current certificate at every handshake. A renewal swaps it in, and the next
 * connection uses it without rebuilding the channel.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private static final String ALIAS = "agent";
  private final AtomicReference<AgentCredentials.Identity> current;

  public ReloadingKeyManager(AgentCredentials.Identity initial) {
    this.current = new AtomicReference<>(initial);
  }

  public AgentCredentials.Identity current() {
    return current.get();
  }

  public void swap(AgentCredentials.Identity next) {
    current.set(next);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return ALIAS;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return ALIAS;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return new String[] {ALIAS};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return new X509Certificate[] {current.get().certificate()};
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return current.get().key();
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
