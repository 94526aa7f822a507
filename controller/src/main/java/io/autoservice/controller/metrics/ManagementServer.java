package io.autoservice.controller.metrics;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.autoservice.common.net.HostPort;
import io.autoservice.controller.http.PromptStop;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The management port: {@code /metrics} (Prometheus text, behind a bearer token when one is set),
 * {@code /healthz} (the process answers) and {@code /readyz} (the store can commit). Plain HTTP on
 * an address of its own, loopback by default; the settings insist on a token off loopback.
 */
public final class ManagementServer implements AutoCloseable {
  private static final MediaType PROMETHEUS_TEXT =
      MediaType.parse("text/plain; version=0.0.4; charset=utf-8");

  private final Server server;

  private ManagementServer(Server server) {
    this.server = server;
  }

  /**
   * Binds {@code listen} (port 0: any free port) and serves.
   *
   * @param token the scrape token {@code /metrics} requires; empty: none
   * @param notReady why the controller is not ready; empty when it is
   */
  public static ManagementServer start(
      String listen,
      PrometheusMeterRegistry registry,
      Optional<String> token,
      Supplier<Optional<String>> notReady) {
    HostPort hp = HostPort.parse(listen);
    byte[] expected = token.map(ManagementServer::digest).orElse(null);
    Server server =
        Server.builder()
            .http(new InetSocketAddress(hp.host(), hp.port()))
            .maxNumConnections(64)
            .maxRequestLength(8 * 1024)
            .gracefulShutdownTimeout(Duration.ZERO, Duration.ofSeconds(1))
            .bossGroupFactory(PromptStop.bossGroups())
            .route()
            .methods(HttpMethod.GET)
            .path("/metrics")
            .build((ctx, req) -> metrics(ctx, req, registry, expected))
            .route()
            .methods(HttpMethod.GET)
            .path("/healthz")
            .build((ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "ok\n"))
            .route()
            .methods(HttpMethod.GET)
            .path("/readyz")
            .build(
                (ctx, req) ->
                    HttpResponse.of(
                        CompletableFuture.supplyAsync(
                            () -> ready(notReady.get()), ctx.blockingTaskExecutor())))
            .build();
    server.start().join();
    return new ManagementServer(server);
  }

  private static HttpResponse metrics(
      ServiceRequestContext ctx, HttpRequest req, PrometheusMeterRegistry registry, byte[] token) {
    if (token != null && !authorized(req.headers().get(HttpHeaderNames.AUTHORIZATION), token)) {
      return HttpResponse.builder()
          .status(HttpStatus.UNAUTHORIZED)
          .header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer")
          .content(MediaType.PLAIN_TEXT_UTF_8, "a valid scrape token is required\n")
          .build();
    }
    // Gauges read the fleet's counters; still not work for an event loop.
    return HttpResponse.of(
        CompletableFuture.supplyAsync(
            () -> HttpResponse.of(HttpStatus.OK, PROMETHEUS_TEXT, registry.scrape()),
            ctx.blockingTaskExecutor()));
  }

  private static HttpResponse ready(Optional<String> problem) {
    return problem
        .map(
            why ->
                HttpResponse.of(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    MediaType.PLAIN_TEXT_UTF_8,
                    "not ready: " + why + "\n"))
        .orElseGet(() -> HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "ready\n"));
  }

  /** Compared as digests, so the time taken says nothing about the token, not even its length. */
  static boolean authorized(String header, byte[] expectedDigest) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(digest(header.substring(7).strip()), expectedDigest);
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The address actually bound. */
  public InetSocketAddress address() {
    return new InetSocketAddress(
        server.config().ports().get(0).localAddress().getAddress(), server.activeLocalPort());
  }

  @Override
  public void close() {
    server.stop().join();
  }
}
