package io.autoservice.controller.tls;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;

/**
 * The controller's TLS server credentials: its certificate chain (server certificate, then the CA,
 * so an enrolling agent can pin the CA in it), and client certificates optional at the handshake
 * (consoles and enrolling agents have none) but checked by {@link AgentTrustManager} when sent. TLS
 * 1.2 and 1.3 only, as gRPC's defaults.
 */
public final class ServerCredentialsFactory {
  private ServerCredentialsFactory() {}

  public static ServerCredentials mtls(ControllerTls tls, AgentTrustManager trust)
      throws IOException {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = new char[0];
      ks.setKeyEntry(
          "server", tls.serverKey(), pw, tls.serverChain().toArray(X509Certificate[]::new));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      return TlsServerCredentials.newBuilder()
          .keyManager(kmf.getKeyManagers())
          .trustManager(trust)
          .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL)
          .build();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS: " + e.getMessage(), e);
    }
  }
}
