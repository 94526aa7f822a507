package io.autoservice.controller.web;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.autoservice.common.tls.CertificateRequests;
import io.autoservice.controller.tls.CertificateAuthority;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A few fixed files served over HTTPS on 127.0.0.1 by the JDK's own server (tests only), with a
 * certificate issued by a fresh CA the way the controller issues its own, and the web console's
 * Content-Security-Policy: what the browser toolchain is proven against before a controller is.
 */
final class StaticHttpsServer implements AutoCloseable {
  /** The policy the web console's server sends (the web contract). */
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  /** A file's media type and content. */
  record File(String contentType, String body) {}

  private final HttpsServer server;
  private final X509Certificate certificate;

  private StaticHttpsServer(HttpsServer server, X509Certificate certificate) {
    this.server = server;
    this.certificate = certificate;
  }

  /** Serves {@code files} (path to file) on a free loopback port; anything else is a 404. */
  static StaticHttpsServer start(Map<String, File> files) throws IOException {
    KeyPair keys = CertificateRequests.newKeyPair();
    Instant now = Instant.now();
    CertificateAuthority ca =
        CertificateAuthority.create("web test CA", now, Duration.ofDays(1), new SecureRandom());
    X509Certificate cert =
        ca.issueServer(
            keys.getPublic(), List.of("127.0.0.1", "localhost"), now, Duration.ofDays(1));
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(sslContext(keys, cert, ca.certificate())));
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            File f = files.get(exchange.getRequestURI().getPath());
            byte[] body = (f == null ? "not found" : f.body()).getBytes(StandardCharsets.UTF_8);
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", f == null ? "text/plain" : f.contentType());
            headers.set("Content-Security-Policy", CSP);
            headers.set("X-Content-Type-Options", "nosniff");
            exchange.sendResponseHeaders(f == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    server.start();
    return new StaticHttpsServer(server, cert);
  }

  private static SSLContext sslContext(KeyPair keys, X509Certificate cert, X509Certificate ca)
      throws IOException {
    try {
      char[] pass = "test".toCharArray();
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", keys.getPrivate(), pass, new Certificate[] {cert, ca});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, pass);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up the test server's TLS", e);
    }
  }

  /** The certificate the server presents (what a browser is told to trust). */
  X509Certificate certificate() {
    return certificate;
  }

  String url(String path) {
    return "https://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
