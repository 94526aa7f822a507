package io.autoservice.controller.alerts;

import io.autoservice.common.json.Json;
import io.autoservice.controller.model.Alert;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs an alert as JSON to the shop's webhook, signed so the receiver can check it came from this
 * controller and is fresh: {@code X-AutoService-Timestamp} (epoch seconds) and {@code
 * X-AutoService-Signature: sha256=<hex HMAC-SHA256 over "<timestamp>.<body>">} with the shared
 * secret. A receiver refuses a timestamp more than a few minutes old, so a captured request cannot
 * be replayed later. Any answer but 2xx is a failure the notifier tries again.
 */
final class WebhookChannel implements Channel {
  static final String NAME = "webhook";
  static final String SIGNATURE = "X-AutoService-Signature";
  static final String TIMESTAMP = "X-AutoService-Timestamp";
  static final String EVENT = "X-AutoService-Event";

  private final URI url;
  private final byte[] secret;
  private final Clock clock;
  private final Duration requestTimeout;
  private final HttpClient http;

  WebhookChannel(URI url, byte[] secret, Clock clock, Duration connectTimeout, Duration timeout) {
    this.url = url;
    this.secret = secret.clone();
    this.clock = clock;
    this.requestTimeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void send(Alert alert, String event) throws IOException, InterruptedException {
    byte[] body = Json.compact(AlertJson.of(alert, event)).getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(clock.instant().getEpochSecond());
    HttpRequest req =
        HttpRequest.newBuilder(url)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header(EVENT, event)
            .header(TIMESTAMP, ts)
            .header(SIGNATURE, "sha256=" + sign(secret, ts, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<Void> res = http.send(req, HttpResponse.BodyHandlers.discarding());
    if (res.statusCode() / 100 != 2) {
      // The URL may carry a token: name only its host.
      throw new IOException("webhook at " + url.getHost() + " answered HTTP " + res.statusCode());
    }
  }

  /** Hex HMAC-SHA256 of {@code "<timestamp>.<body>"}: what a receiver recomputes to check. */
  static String sign(byte[] secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
