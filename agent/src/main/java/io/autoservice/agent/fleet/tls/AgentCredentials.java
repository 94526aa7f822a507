package io.autoservice.agent.fleet.tls;

import io.autoservice.common.tls.Pem;
import io.autoservice.common.tls.SecretFile;
import io.autoservice.common.tls.TlsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * The agent's certificate, key and pinned controller CA in {@code <data>/tls/}. Certificate and key
 * live together in {@code identity.pem} (owner-only), written in one atomic replace, so a crash
 * during a renewal leaves the old pair or the new one, never a mix.
 */
public final class AgentCredentials {
  private final Path dir;

  /** The agent's identity: its key, its certificate and the CA it trusts. */
  public record Identity(PrivateKey key, X509Certificate certificate, X509Certificate ca) {}

  public AgentCredentials(Path dataDir) {
    this.dir = dataDir.resolve("tls");
  }

  public Path dir() {
    return dir;
  }

  public boolean exists() {
    return Files.exists(identityFile()) && Files.exists(caFile());
  }

  public Identity load() throws IOException {
    try {
      String identity = Files.readString(identityFile());
      String key = keyBlock(identity);
      return new Identity(
          Pem.privateKey(key),
          Pem.certificate(identity.substring(0, identity.length() - key.length())),
          Pem.certificate(Files.readString(caFile())));
    } catch (TlsException e) {
      throw new IOException(dir + ": " + e.getMessage() + " (enrol again: agent enroll)", e);
    }
  }

  /** Saves a first enrolment: the CA, then the identity (whose presence means "enrolled"). */
  public void save(PrivateKey key, X509Certificate cert, X509Certificate ca) throws IOException {
    Files.createDirectories(dir);
    SecretFile.write(caFile(), Pem.of(ca));
    saveIdentity(key, cert);
  }

  /** Replaces the key and certificate (a renewal). */
  public void saveIdentity(PrivateKey key, X509Certificate cert) throws IOException {
    SecretFile.write(identityFile(), Pem.of(cert) + Pem.of(key));
  }

  private Path identityFile() {
    return dir.resolve("identity.pem");
  }

  private Path caFile() {
    return dir.resolve("ca.pem");
  }

  /** The private key block of identity.pem (the certificate comes first). */
  private static String keyBlock(String pem) throws TlsException {
    int i = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    if (i < 0) {
      throw new TlsException("identity.pem holds no private key");
    }
    return pem.substring(i);
  }
}
