package io.autoservice.agent.config;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a request goes, as the HTTP client will dial it: scheme, host and port (the default port
 * filled in). Secrets are bound to origins, never to paths, because the host is what receives the
 * {@code Authorization} header. Names are compared as written (lower-cased): {@code
 * api.openai.com.} or {@code 127.1} are other origins than {@code api.openai.com} or {@code
 * 127.0.0.1}, so a trick spelling can only fail closed.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the host as {@link URI#getHost()} gives it, lower-cased ({@code [::1]} keeps its
 *     brackets)
 * @param port the port, the scheme's default when the URL has none
 */
public record SecretOrigin(String scheme, String host, int port) {
  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile(
          "127\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){2}");

  /**
   * The origin of an http(s) URL with a host and neither a user name nor a password; empty for
   * anything else (which no secret can then be sent to).
   */
  public static Optional<SecretOrigin> of(URI uri) {
    if (uri == null
        || uri.getRawUserInfo() != null
        || uri.getHost() == null
        || uri.getScheme() == null) {
      return Optional.empty();
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.empty();
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return Optional.of(new SecretOrigin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port));
  }

  /**
   * Whether the host is this PC: {@code localhost}, {@code 127.x.x.x} or {@code [::1]} as written.
   */
  public boolean isLoopback() {
    return host.equals("localhost")
        || host.equals("[::1]")
        || IPV4_LOOPBACK.matcher(host).matches();
  }

  /** Whether a secret may travel here at all: https anywhere, plain http only to this PC. */
  public boolean isSafeForSecrets() {
    return scheme.equals("https") || isLoopback();
  }

  @Override
  public String toString() {
    return scheme + "://" + host + ":" + port;
  }
}
