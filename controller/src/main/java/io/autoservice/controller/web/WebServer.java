package io.autoservice.controller.web;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.file.FileService;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.autoservice.common.auth.Permission;
import io.autoservice.common.net.HostPort;
import io.autoservice.controller.auth.AuditLog;
import io.autoservice.controller.auth.AuthInterceptor;
import io.autoservice.controller.auth.Passwords;
import io.autoservice.controller.auth.TokenStore;
import io.autoservice.controller.http.PromptStop;
import io.grpc.Metadata;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The web console: an Armeria HTTPS server (with the controller's own TLS key and certificate) that
 * serves the browser's pages, the sign-in endpoints and, as gRPC-Web, the very ConsoleService the
 * CLI uses, behind the same {@link AuthInterceptor} (same roles, same audit) and the same watcher
 * quota, with a session cookie and a CSRF token instead of a bearer token. No second API: a page
 * can do exactly what the CLI can, and no more.
 */
public final class WebServer implements AutoCloseable {
  /** As the gRPC server's: a plan of many tasks fits, a flood does not. */
  private static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

  private static final int MAX_CONNECTIONS = 1_000;

  private final Server server;
  private final WebSessions sessions;

  /** Everything the web console is built from. */
  public record Parts(
      ServerServiceDefinition console,
      ServerInterceptor watcherQuota,
      Map<String, Permission> permissions,
      TokenStore tokens,
      Passwords passwords,
      AuditLog audit,
      WebSessions sessions,
      ShopSettings shop,
      java.util.function.Supplier<String> agentAddress,
      Clock clock) {}

  private WebServer(Server server, WebSessions sessions) {
    this.server = server;
    this.sessions = sessions;
  }

  /** Binds and starts serving on {@code listen} (port 0: any free port). */
  public static WebServer start(
      String listen, PrivateKey key, List<X509Certificate> chain, Parts parts) {
    requireNonNull(parts, "parts");
    HostPort hp = HostPort.parse(listen);
    SessionApi sessionApi =
        new SessionApi(
            parts.sessions(),
            parts.tokens(),
            parts.passwords(),
            parts.audit(),
            new LoginThrottle(parts.clock()));
    ShopApi shopApi = new ShopApi(sessionApi, parts.shop(), parts.agentAddress());
    GrpcService console =
        GrpcService.builder()
            .addService(
                ServerInterceptors.intercept(
                    parts.console(),
                    parts.watcherQuota(),
                    new AuthInterceptor(
                        new WebCalls(parts.sessions(), parts.tokens()),
                        parts.audit(),
                        parts.permissions())))
            .supportedSerializationFormats(
                GrpcSerializationFormats.JSON_WEB, GrpcSerializationFormats.PROTO_WEB)
            // The service and the interceptors read the database: never on an event loop.
            .useBlockingTaskExecutor(true)
            .maxRequestMessageLength(MAX_MESSAGE_BYTES)
            .exceptionHandler(WebServer::describeUnreadable)
            .build();
    ServerBuilder sb =
        Server.builder()
            .https(new InetSocketAddress(hp.host(), hp.port()))
            .tls(key, chain)
            .maxNumConnections(MAX_CONNECTIONS)
            .maxRequestLength(MAX_MESSAGE_BYTES + 1024)
            .gracefulShutdownTimeout(Duration.ZERO, Duration.ofSeconds(1))
            .bossGroupFactory(PromptStop.bossGroups())
            .decorator(SecurityHeaders::new)
            .service(
                console,
                // Watches live as long as the page: no request timeout on the console service.
                delegate ->
                    (HttpService)
                        (ctx, req) -> {
                          ctx.clearRequestTimeout();
                          return delegate.serve(ctx, req);
                        })
            .route()
            .methods(HttpMethod.POST)
            .path("/api/login")
            .build(sessionApi::login)
            .route()
            .methods(HttpMethod.POST)
            .path("/api/logout")
            .build(Blocking.of(sessionApi::logout))
            .route()
            .methods(HttpMethod.GET)
            .path("/api/session")
            .build(Blocking.of(sessionApi::session))
            .route()
            .methods(HttpMethod.GET)
            .path("/api/shop")
            .build(Blocking.of(shopApi::shop))
            .route()
            .methods(HttpMethod.GET)
            .path("/api/shop/logo")
            .build(Blocking.of(shopApi::logo))
            .route()
            .methods(HttpMethod.GET)
            .path("/api/presets")
            .build(Blocking.of(shopApi::presets))
            .serviceUnder(
                "/",
                FileService.builder(WebServer.class.getClassLoader(), "web")
                    .cacheControl("no-cache")
                    .build());
    Server server = sb.build();
    server.start().join();
    return new WebServer(server, parts.sessions());
  }

  /**
   * A browser's JSON request that does not decode (malformed, a field of the wrong kind, nested
   * past the parser's limit) is INVALID_ARGUMENT with no text from Armeria; say what it is.
   */
  private static Status describeUnreadable(
      RequestContext ctx, Status status, Throwable cause, Metadata metadata) {
    Status s = GrpcExceptionHandlerFunction.of().apply(ctx, status, cause, metadata);
    if (s != null
        && s.getCode() == Status.Code.INVALID_ARGUMENT
        && (s.getDescription() == null || s.getDescription().isBlank())) {
      return s.withDescription(
          "request: not a readable message (malformed JSON, a field of the wrong kind, or nested"
              + " deeper than the wire allows)");
    }
    return s;
  }

  /** The address actually bound. */
  public InetSocketAddress address() {
    return server.activeLocalPort() > 0
        ? new InetSocketAddress(
            server.config().ports().get(0).localAddress().getAddress(), server.activeLocalPort())
        : server.config().ports().get(0).localAddress();
  }

  public WebSessions sessions() {
    return sessions;
  }

  @Override
  public void close() {
    server.stop().join();
  }
}
