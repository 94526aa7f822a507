package io.autoservice.controller.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.autoservice.common.json.Json;
import io.autoservice.controller.model.Alert;
import io.autoservice.controller.model.AlertFinding;
import io.autoservice.controller.store.AlertStore;
import io.autoservice.controller.store.Database;
import io.autoservice.testsupport.FakeClock;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications to real local servers: a webhook (the JDK's HTTP server on loopback) that checks
 * the HMAC and answers 500 once, one that hangs, and an in-process SMTP server (GreenMail).
 */
class NotificationsTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final byte[] SECRET =
      "s3cret-shared-with-the-receiver".getBytes(StandardCharsets.UTF_8);

  @TempDir Path data;
  private final FakeClock clock = new FakeClock(T0);
  private Database db;
  private AlertStore store;
  private HttpServer http;
  private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final CountDownLatch hangUntil = new CountDownLatch(1);
  private GreenMail mail;

  @BeforeEach
  void open() throws Exception {
    db = Database.open(data, clock);
    store = db.stores().alerts();
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    http.createContext(
        "/hook",
        ex -> {
          Map<String, String> r = new ConcurrentHashMap<>();
          r.put("body", new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          r.put("ts", String.valueOf(ex.getRequestHeaders().getFirst(WebhookChannel.TIMESTAMP)));
          r.put("sig", String.valueOf(ex.getRequestHeaders().getFirst(WebhookChannel.SIGNATURE)));
          received.add(r);
          int code = failuresLeft.getAndDecrement() > 0 ? 500 : 204;
          ex.sendResponseHeaders(code, -1);
          ex.close();
        });
    http.createContext(
        "/hang",
        ex -> {
          try {
            hangUntil.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    http.start();
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
  }

  @AfterEach
  void close() {
    hangUntil.countDown();
    http.stop(0);
    mail.stop();
    db.close();
  }

  private Alert raise(List<String> channels) {
    return store
        .apply(
            "r1",
            clock.instant(),
            List.of(
                new AlertFinding(
                    "smart_health_failed",
                    "pc-1",
                    "/dev/nvme0",
                    "FRONT-DESK",
                    "critical",
                    "drive /dev/nvme0 (Crucial P2 1TB) FAILED its SMART health check",
                    "r1")),
            List.of(),
            channels,
            false)
        .raised()
        .get(0);
  }

  private WebhookChannel webhook(String path, Duration timeout) {
    return new WebhookChannel(
        URI.create("http://127.0.0.1:" + http.getAddress().getPort() + path),
        SECRET,
        clock,
        Duration.ofSeconds(2),
        timeout);
  }

  private Notifier notifier(Channel... channels) {
    return new Notifier(
        store, List.of(channels), 5, Duration.ofSeconds(5), Duration.ofMinutes(2), clock);
  }

  @Test
  void shouldPostASignedAlertAndRetryAfterA500UntilItIsTaken() throws Exception {
    // given a receiver that fails the first delivery
    failuresLeft.set(1);
    Alert a = raise(List.of(WebhookChannel.NAME));
    WebhookChannel hook = webhook("/hook", Duration.ofSeconds(5));

    // when the notifier sends, gets a 500, and a restarted one (a new instance) tries again later
    assertThat(notifier(hook).drain(hook)).isZero();
    assertThat(store.deliveryStates(a.id())).containsExactly("webhook/raised=pending(1)");
    assertThat(notifier(hook).drain(hook)).as("not due before the backoff").isZero();
    clock.advance(Duration.ofSeconds(5));
    assertThat(notifier(hook).drain(hook)).isEqualTo(1);

    // then the receiver got it twice, the second time taken, and each request verifies
    assertThat(received).hasSize(2);
    assertThat(store.deliveryStates(a.id())).containsExactly("webhook/raised=sent(2)");
    for (Map<String, String> r : received) {
      byte[] body = r.get("body").getBytes(StandardCharsets.UTF_8);
      assertThat(r.get("sig"))
          .isEqualTo("sha256=" + WebhookChannel.sign(SECRET, r.get("ts"), body));
      assertThat(r.get("sig"))
          .as("a replay with another timestamp does not verify")
          .isNotEqualTo("sha256=" + WebhookChannel.sign(SECRET, "1", body));
    }
    assertThat(received.get(1).get("ts"))
        .isEqualTo(String.valueOf(T0.plusSeconds(5).getEpochSecond()));
    JsonNode json = Json.parse(received.get(1).get("body"));
    assertThat(json.path("event").asText()).isEqualTo("raised");
    assertThat(json.path("rule").asText()).isEqualTo("smart_health_failed");
    assertThat(json.path("hostname").asText()).isEqualTo("FRONT-DESK");
    assertThat(json.path("subject").asText()).isEqualTo("/dev/nvme0");
  }

  @Test
  void shouldGiveUpAfterTheAttemptsAllowed() {
    failuresLeft.set(100);
    Alert a = raise(List.of(WebhookChannel.NAME));
    WebhookChannel hook = webhook("/hook", Duration.ofSeconds(5));
    Notifier n = notifier(hook);
    for (int i = 0; i < 10; i++) {
      n.drain(hook);
      clock.advance(Duration.ofHours(1));
    }
    assertThat(received).hasSize(5);
    assertThat(store.deliveryStates(a.id())).containsExactly("webhook/raised=failed(5)");
    assertThat(n.backoff(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(n.backoff(3)).isEqualTo(Duration.ofSeconds(20));
    assertThat(n.backoff(30)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void shouldEmailAPlainTextAlertATechnicianReads() throws Exception {
    Path password = data.resolve("smtp.password");
    Files.writeString(password, "mail-pass\n");
    mail.setUser("fleet@shop.example", "alerts", "mail-pass"); // a wrong password is refused
    AlertSettings s =
        Json.mapper()
            .readValue(
                "{\"smtp_host\":\"127.0.0.1\",\"smtp_port\":"
                    + mail.getSmtp().getPort()
                    + ",\"smtp_security\":\"none\",\"smtp_user\":\"alerts\",\"smtp_password_file\":\""
                    + password.toString().replace("\\", "\\\\")
                    + "\",\"smtp_from\":\"fleet@shop.example\","
                    + "\"smtp_to\":[\"tech@shop.example\",\"boss@shop.example\"]}",
                AlertSettings.class);
    EmailChannel email = new EmailChannel(s, s.smtpPassword(), Duration.ofSeconds(5));
    Alert a = raise(List.of(EmailChannel.NAME));

    assertThat(notifier(email).drain(email)).isEqualTo(1);

    assertThat(mail.waitForIncomingEmail(5_000, 2)).isTrue();
    MimeMessage m = mail.getReceivedMessages()[0];
    assertThat(m.getAllRecipients())
        .extracting(Object::toString)
        .containsExactly("tech@shop.example", "boss@shop.example");
    assertThat(m.getFrom()[0].toString()).isEqualTo("fleet@shop.example");
    assertThat(m.getSubject())
        .isEqualTo(
            "[AutoService] CRITICAL smart_health_failed on FRONT-DESK: drive /dev/nvme0 (Crucial P2"
                + " 1TB) FAILED its SMART health check");
    String body = String.valueOf(m.getContent());
    assertThat(body)
        .contains("What: drive /dev/nvme0 (Crucial P2 1TB) FAILED its SMART health check")
        .contains("PC: FRONT-DESK (agent pc-1)")
        .contains("Run: r1")
        .contains("console alerts ack " + a.id());
    assertThat(m.getRecipients(Message.RecipientType.TO)).hasSize(2);
    assertThat(store.deliveryStates(a.id())).containsExactly("email/raised=sent(1)");
  }

  @Test
  void shouldNotLetAHangingWebhookHoldUpTheEmail() throws Exception {
    // given a webhook receiver that never answers, and email working
    AlertSettings s =
        Json.mapper()
            .readValue(
                "{\"smtp_host\":\"127.0.0.1\",\"smtp_port\":"
                    + mail.getSmtp().getPort()
                    + ",\"smtp_security\":\"none\",\"smtp_from\":\"fleet@shop.example\","
                    + "\"smtp_to\":[\"tech@shop.example\"]}",
                AlertSettings.class);
    WebhookChannel hook = webhook("/hang", Duration.ofSeconds(2));
    EmailChannel email = new EmailChannel(s, null, Duration.ofSeconds(5));
    Alert a = raise(List.of(WebhookChannel.NAME, EmailChannel.NAME));

    // when both channels run on their own threads
    long t0 = System.nanoTime();
    try (Notifier n = notifier(hook, email)) {
      n.start();
      // then the email arrives while the webhook is still waiting
      assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
      assertThat(received).isEmpty();
      // and the webhook gives up on that attempt at its request timeout, to try again later
      io.autoservice.testsupport.Eventually.until(
          Duration.ofSeconds(10),
          () ->
              store
                  .deliveryStates(a.id())
                  .equals(List.of("webhook/raised=pending(1)", "email/raised=sent(1)")),
          () -> "deliveries: " + store.deliveryStates(a.id()));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
  }
}
