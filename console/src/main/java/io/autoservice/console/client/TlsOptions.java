package io.autoservice.console.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * How the console verifies the controller: TLS against the controller's CA certificate ({@code
 * --ca}), or plaintext for a controller started with {@code --insecure}. Without {@code --ca} the
 * CA is looked for in {@code $AUTOSERVICE_CA_FILE}, beside the token file ({@code
 * <data>/tls/ca.pem} next to {@code <data>/admin.token}), then in {@code ./data/tls/ca.pem} (a
 * controller served from this folder).
 */
public final class TlsOptions {
  static final String ENV_CA_FILE = "AUTOSERVICE_CA_FILE";

  @Option(
      names = "--ca",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description =
          "The controller's CA certificate (<controller data>/tls/ca.pem) to verify it with. Default:"
              + " $AUTOSERVICE_CA_FILE, else tls/ca.pem beside the token file, else ./data/tls/ca.pem.")
  Path ca;

  @Option(
      names = "--insecure",
      scope = ScopeType.INHERIT,
      description = "Talk plaintext to a controller started with --insecure (loopback only).")
  boolean insecure;

  /** The CA file to trust, or {@code null} for plaintext. */
  public Path resolve(Path tokenFile, Map<String, String> env) throws UsageException {
    if (insecure) {
      if (ca != null) {
        throw new UsageException("--ca and --insecure: give one, not both");
      }
      return null;
    }
    if (ca != null) {
      if (!Files.isReadable(ca)) {
        throw new UsageException("--ca: cannot read " + ca);
      }
      return ca;
    }
    List<Path> candidates = new ArrayList<>();
    String fromEnv = env.get(ENV_CA_FILE);
    if (fromEnv != null && !fromEnv.isBlank()) {
      Path p = Path.of(fromEnv.strip());
      if (!Files.isReadable(p)) {
        throw new UsageException("$" + ENV_CA_FILE + ": cannot read " + p);
      }
      return p;
    }
    String envTokenFile = env.get(TokenSource.ENV_TOKEN_FILE);
    Path tf =
        tokenFile != null
            ? tokenFile
            : envTokenFile == null || envTokenFile.isBlank() ? null : Path.of(envTokenFile);
    if (tf != null && tf.toAbsolutePath().getParent() != null) {
      candidates.add(tf.toAbsolutePath().getParent().resolve("tls").resolve("ca.pem"));
    }
    candidates.add(Path.of("data", "tls", "ca.pem"));
    for (Path p : candidates) {
      if (Files.isReadable(p)) {
        return p;
      }
    }
    throw new UsageException(
        "no CA certificate to verify the controller with: pass --ca <controller"
            + " data>/tls/ca.pem (or set $"
            + ENV_CA_FILE
            + "), or --insecure for a controller started with --insecure");
  }
}
