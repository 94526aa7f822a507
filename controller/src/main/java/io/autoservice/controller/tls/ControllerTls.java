package io.autoservice.controller.tls;

import io.autoservice.common.tls.CertificateRequests;
import io.autoservice.common.tls.Fingerprint;
import io.autoservice.common.tls.Pem;
import io.autoservice.common.tls.SecretFile;
import io.autoservice.common.tls.TlsException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's TLS material: its CA (which signs agents) and its server certificate, kept in
 * {@code <data>/tls/}. The first start creates both; private keys are written owner-only. An
 * operator may bring a CA (to sign with) and/or a server certificate from config instead.
 *
 * @param ca signs agent certificates
 * @param serverKey the server certificate's key
 * @param serverChain the server certificate followed by the CA certificate (agents pin the CA in
 *     it)
 */
public record ControllerTls(
    CertificateAuthority ca, PrivateKey serverKey, List<X509Certificate> serverChain) {
  private static final Logger log = LoggerFactory.getLogger(ControllerTls.class);
  static final Duration CA_LIFETIME = Duration.ofDays(3650);
  static final Duration SERVER_LIFETIME = Duration.ofDays(397);

  /** A server certificate closer than this to its end is replaced at start. */
  static final Duration SERVER_RENEW_BEFORE = Duration.ofDays(30);

  public static Path dir(Path dataDir) {
    return dataDir.resolve("tls");
  }

  public static Path caFile(Path dataDir) {
    return dir(dataDir).resolve("ca.pem");
  }

  /** Loads the material, creating what is missing. */
  public static ControllerTls loadOrCreate(TlsSettings settings, Clock clock, SecureRandom random)
      throws IOException {
    Path dir = dir(settings.dataDir());
    io.autoservice.controller.store.OwnerOnly.directory(dir); // keys live here
    Instant now = clock.instant();
    CertificateAuthority ca = loadCa(settings, dir, now, random);
    if (settings.tlsServerCertFile() != null) {
      List<X509Certificate> chain = new ArrayList<>(certs(settings.tlsServerCertFile()));
      if (chain.size() == 1) {
        chain.add(ca.certificate());
      }
      return new ControllerTls(ca, key(settings.tlsServerKeyFile()), List.copyOf(chain));
    }
    List<String> names = serverNames(settings);
    Path certFile = dir.resolve("server.pem");
    Path keyFile = dir.resolve("server.key");
    if (Files.exists(certFile) && Files.exists(keyFile)) {
      X509Certificate existing = certs(certFile).get(0);
      boolean fresh = existing.getNotAfter().toInstant().isAfter(now.plus(SERVER_RENEW_BEFORE));
      boolean sameCa =
          existing.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal());
      if (fresh && sameCa && coversNames(existing, names)) {
        return new ControllerTls(ca, key(keyFile), List.of(existing, ca.certificate()));
      }
      log.info("replacing the server certificate (expiring, or the names or CA changed)");
    }
    KeyPair keys = CertificateRequests.newKeyPair();
    X509Certificate server = ca.issueServer(keys.getPublic(), names, now, SERVER_LIFETIME);
    SecretFile.write(keyFile, Pem.of(keys.getPrivate()));
    Files.writeString(certFile, Pem.of(server) + Pem.of(ca.certificate()));
    log.info("issued the server certificate for {} in {}", names, certFile);
    return new ControllerTls(ca, keys.getPrivate(), List.of(server, ca.certificate()));
  }

  public X509Certificate caCertificate() {
    return ca.certificate();
  }

  public String caFingerprint() {
    return Fingerprint.sha256Hex(ca.certificate());
  }

  private static CertificateAuthority loadCa(
      TlsSettings settings, Path dir, Instant now, SecureRandom random) throws IOException {
    if (settings.tlsCaCertFile() != null) {
      X509Certificate cert = certs(settings.tlsCaCertFile()).get(0);
      Files.writeString(
          dir.resolve("ca.pem"), Pem.of(cert)); // what consoles and agents are pointed at
      requireOwnerOnly(settings.tlsCaKeyFile());
      return new CertificateAuthority(cert, key(settings.tlsCaKeyFile()), random);
    }
    Path certFile = dir.resolve("ca.pem");
    Path keyFile = dir.resolve("ca.key");
    if (Files.exists(certFile) && Files.exists(keyFile)) {
      return new CertificateAuthority(certs(certFile).get(0), key(keyFile), random);
    }
    if (Files.exists(certFile) != Files.exists(keyFile)) {
      throw new IOException(
          dir
              + ": has only one of ca.pem and ca.key; restore the other, or move both away to"
              + " create a new CA (every agent must then enrol again)");
    }
    CertificateAuthority ca =
        CertificateAuthority.create("AutoService Fleet CA", now, CA_LIFETIME, random);
    SecretFile.write(keyFile, Pem.of(ca.privateKey()));
    Files.writeString(certFile, Pem.of(ca.certificate()));
    log.info(
        "created the controller CA in {} (fingerprint sha256 {})",
        dir,
        Fingerprint.sha256Hex(ca.certificate()));
    return ca;
  }

  /**
   * Refuses an operator's CA key that other users may read, as the key the controller makes is
   * never readable by them: it signs every agent, and all replicas keep a copy. Checked where the
   * file system has POSIX modes; on Windows its ACL is the operator's to keep.
   */
  static void requireOwnerOnly(Path keyFile) throws IOException {
    if (!Files.getFileStore(keyFile).supportsFileAttributeView(PosixFileAttributeView.class)) {
      return;
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(keyFile);
    if (!OWNER_ONLY.containsAll(mode)) {
      throw new IOException(
          keyFile
              + ": the CA's private key (tls_ca_key_file) can be read by other users than its owner"
              + " (mode "
              + PosixFilePermissions.toString(mode)
              + "); make it owner-only (chmod 600) on every controller");
    }
  }

  private static final Set<PosixFilePermission> OWNER_ONLY =
      Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  /** Loopback names, this machine's name, the listen host, and what the operator configured. */
  static List<String> serverNames(TlsSettings settings) {
    Set<String> names = new LinkedHashSet<>(settings.tlsServerNames());
    names.add("localhost");
    names.add("127.0.0.1");
    names.add("::1");
    String host = settings.listenHost();
    if (!host.equals("0.0.0.0") && !host.equals("::") && !host.isEmpty()) {
      names.add(host);
    }
    try {
      names.add(InetAddress.getLocalHost().getHostName());
    } catch (IOException e) {
      // No name for this machine: loopback and configured names still work.
    }
    return List.copyOf(names);
  }

  private static boolean coversNames(X509Certificate cert, List<String> names) {
    try {
      var sans = cert.getSubjectAlternativeNames();
      if (sans == null) {
        return false;
      }
      Set<String> have = new LinkedHashSet<>();
      for (List<?> san : sans) {
        have.add(String.valueOf(san.get(1)));
      }
      return names.stream().allMatch(n -> have.contains(n) || have.contains(normaliseIp(n)));
    } catch (java.security.cert.CertificateParsingException e) {
      return false;
    }
  }

  private static String normaliseIp(String n) {
    return n.equals("::1") ? "0:0:0:0:0:0:0:1" : n;
  }

  private static List<X509Certificate> certs(Path file) throws IOException {
    try {
      return Pem.certificates(Files.readString(file));
    } catch (TlsException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private static PrivateKey key(Path file) throws IOException {
    try {
      return Pem.privateKey(Files.readString(file));
    } catch (TlsException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }
}
