package io.autoservice.controller.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a browser does, from Java: HTTPS to the web console trusting only the controller's CA, the
 * sign-in endpoints, and gRPC-Web with JSON frames, holding the session cookie by hand so a test
 * can also replay one after sign-out.
 */
final class WebClient {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A unary gRPC-Web answer: its status and, when OK, its one message. */
  record GrpcAnswer(int status, String message, JsonNode body) {}

  private final HttpClient http;
  private final URI base;
  String cookie;
  String csrf;

  WebClient(URI base, Path caPem) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    this.http =
        HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    this.base = base;
  }

  HttpResponse<String> get(String path) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json");
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    headers.forEach(b::header);
    return http.send(
        b.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Signs in; keeps the cookie and CSRF token on success. */
  HttpResponse<String> login(String json) throws Exception {
    HttpResponse<String> r = post("/api/login", json, Map.of());
    if (r.statusCode() == 200) {
      cookie = r.headers().firstValue("set-cookie").orElseThrow().split(";", 2)[0];
      csrf = JSON.readTree(r.body()).get("csrf").asText();
    }
    return r;
  }

  GrpcAnswer call(String method, String requestJson) throws Exception {
    return call(method, requestJson, true);
  }

  /** The first message of a server stream, and its size as sent (bytes of JSON). */
  record FirstMessage(JsonNode body, int bytes) {}

  /** Opens a ConsoleService server stream as gRPC-Web+JSON, reads its first message, closes it. */
  FirstMessage firstMessage(String method, String requestJson) throws Exception {
    byte[] msg = requestJson.getBytes(StandardCharsets.UTF_8);
    ByteBuffer frame = ByteBuffer.allocate(5 + msg.length);
    frame.put((byte) 0).putInt(msg.length).put(msg);
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/autoservice.v1.ConsoleService/" + method))
            .header("Content-Type", "application/grpc-web+json")
            .header("X-Grpc-Web", "1")
            .header("Cookie", cookie)
            .header("X-CSRF-Token", csrf)
            .POST(HttpRequest.BodyPublishers.ofByteArray(frame.array()))
            .build();
    HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (DataInputStream in = new DataInputStream(r.body())) {
      byte flag = in.readByte();
      byte[] body = new byte[in.readInt()];
      in.readFully(body);
      if ((flag & 0x80) != 0) {
        throw new IllegalStateException(
            method + " ended at once: " + new String(body, StandardCharsets.UTF_8));
      }
      return new FirstMessage(JSON.readTree(body), body.length);
    }
  }

  /** One unary ConsoleService call as gRPC-Web+JSON; with or without the CSRF header. */
  GrpcAnswer call(String method, String requestJson, boolean withCsrf) throws Exception {
    byte[] msg = requestJson.getBytes(StandardCharsets.UTF_8);
    ByteBuffer frame = ByteBuffer.allocate(5 + msg.length);
    frame.put((byte) 0).putInt(msg.length).put(msg);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve("/autoservice.v1.ConsoleService/" + method))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/grpc-web+json")
            .header("X-Grpc-Web", "1");
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (withCsrf && csrf != null) {
      b.header("X-CSRF-Token", csrf);
    }
    HttpResponse<byte[]> r =
        http.send(
            b.POST(HttpRequest.BodyPublishers.ofByteArray(frame.array())).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    Map<String, String> trailers = new LinkedHashMap<>();
    r.headers().map().forEach((k, v) -> trailers.put(k.toLowerCase(), v.get(0)));
    List<JsonNode> messages = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(r.body());
    while (in.remaining() >= 5) {
      byte flag = in.get();
      int len = in.getInt();
      byte[] data = new byte[len];
      in.get(data);
      if ((flag & 0x80) != 0) {
        for (String line : new String(data, StandardCharsets.UTF_8).split("\r\n")) {
          int colon = line.indexOf(':');
          if (colon > 0) {
            trailers.put(
                line.substring(0, colon).strip().toLowerCase(), line.substring(colon + 1).strip());
          }
        }
      } else {
        messages.add(JSON.readTree(data));
      }
    }
    int status = Integer.parseInt(trailers.getOrDefault("grpc-status", "-1"));
    String message =
        java.net.URLDecoder.decode(
            trailers.getOrDefault("grpc-message", ""), StandardCharsets.UTF_8);
    return new GrpcAnswer(status, message, messages.isEmpty() ? null : messages.get(0));
  }
}
