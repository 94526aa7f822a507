package io.autoservice.controller.server;

import io.autoservice.common.net.HostPort;
import io.autoservice.controller.api.ConsoleGrpcService;
import io.autoservice.controller.api.ConsolePermissions;
import io.autoservice.controller.api.WatcherQuota;
import io.autoservice.controller.archive.ReportExporter;
import io.autoservice.controller.archive.Retention;
import io.autoservice.controller.auth.AdminBootstrap;
import io.autoservice.controller.auth.AuditLog;
import io.autoservice.controller.auth.AuthInterceptor;
import io.autoservice.controller.auth.BearerTokens;
import io.autoservice.controller.auth.PasswordHasher;
import io.autoservice.controller.auth.Passwords;
import io.autoservice.controller.auth.TokenStore;
import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.gateway.AgentGatewayService;
import io.autoservice.controller.gateway.ConnectGate;
import io.autoservice.controller.limits.UndecodableMessages;
import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.metrics.ControllerMeters;
import io.autoservice.controller.metrics.ExposedRegistry;
import io.autoservice.controller.metrics.FleetMeters;
import io.autoservice.controller.metrics.ManagementServer;
import io.autoservice.controller.metrics.StoreHealth;
import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.runs.Dispatcher;
import io.autoservice.controller.runs.LocalRunIntake;
import io.autoservice.controller.runs.RunDomain;
import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.StoreWriter;
import io.autoservice.controller.store.Stores;
import io.autoservice.controller.tls.AgentCertificates;
import io.autoservice.controller.tls.AgentEnrollment;
import io.autoservice.controller.tls.AgentIdentityInterceptor;
import io.autoservice.controller.tls.AgentTrustManager;
import io.autoservice.controller.tls.ControllerTls;
import io.autoservice.controller.tls.EnrollmentTokens;
import io.autoservice.controller.tls.ServerCredentialsFactory;
import io.autoservice.controller.web.WebServer;
import io.autoservice.controller.web.WebSessions;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's composition root: the database, the registry, the dispatcher, the event writer
 * and the gRPC server with the agent gateway, the console service (behind the bearer-token {@link
 * AuthInterceptor}; the first start creates the admin and its {@code admin.token}), health checking
 * and reflection (so {@code grpcurl} works).
 */
public final class ControllerServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControllerServer.class);

  /** Agents ping every 30 s; the server must permit at least that often. */
  private static final long PERMIT_KEEPALIVE_SECONDS = 20;

  private static final long MAX_MESSAGE_BYTES = 8L * 1024 * 1024;

  /**
   * Protobuf's default: an agent's own messages are far shallower (plans stop at 16 JSON levels).
   */
  private static final int AGENT_RECURSION_LIMIT = 100;

  private static final int FLOW_CONTROL_WINDOW = 64 * 1024;

  /** How often the controller pings an agent's connection (a TCP connection that died silently). */
  private static final long KEEPALIVE_SECONDS = 60;

  /** Changes one commit may carry: large enough to amortise the fsync, small enough to ack soon. */
  private static final int WRITE_BATCH = 4_096;

  /** How often retention prunes (the first pass a minute after start). */
  private static final long RETENTION_MINUTES = 10;

  /**
   * How often the store's health is probed when nothing says otherwise, and how long a probe waits.
   */
  private static final long STORE_PROBE_SECONDS = 5;

  private static final java.time.Duration STORE_PROBE_TIMEOUT = java.time.Duration.ofSeconds(1);

  /** How often the scheduler looks for occurrences and deliveries that came due. */
  private static final java.time.Duration SCHEDULE_TICK = java.time.Duration.ofSeconds(5);

  private static final int GRPC_THREADS =
      Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  private final ControllerSettings settings;
  private final Database db;
  private final StoreWriter writer;
  private final ExecutorService grpcPool;
  private final ScheduledExecutorService retentionTimer;

  /** Keeps this replica's view of the fleet's identity current (store reads, never heartbeats). */
  private final ScheduledExecutorService identityTimer =
      Executors.newSingleThreadScheduledExecutor(daemon("identity"));

  private final Retention retention;
  private final ReportExporter exporter;
  private final io.autoservice.controller.alerts.AlertEngine alerts;
  private final io.autoservice.controller.history.HistoryRecorder history;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService watchPool;
  private final HealthStatusManager health = new HealthStatusManager();
  private final ExposedRegistry exposed = new ExposedRegistry();
  private final StoreHealth storeHealth;
  private volatile ManagementServer management;
  private final Server server;
  private final FleetRegistry fleet;
  private final io.autoservice.controller.cluster.ReplicaCluster cluster;
  private final io.autoservice.controller.cluster.InboxWakeup wakeup;
  private final Dispatcher dispatcher;

  /** Schedules fire from their own thread: a slow store never delays a heartbeat or a sweep. */
  private final ScheduledExecutorService scheduleTimer =
      Executors.newSingleThreadScheduledExecutor(daemon("schedules"));

  private final io.autoservice.controller.schedules.ScheduleLoop schedules;
  private final io.autoservice.controller.schedules.MissedOccurrences missed;
  private final LocalRunIntake localRuns;
  private final TokenStore tokens;
  private final AuditLog audit;
  private final AgentEnrollment enrollment;
  private final ControllerTls tls;
  private final Passwords passwords;
  private final WebServer.Parts webParts;
  private volatile WebServer web;
  private volatile String webError;
  private volatile Path adminTokenFile;

  private ControllerServer(ControllerSettings settings, Clock clock, boolean insecure)
      throws IOException {
    this.settings = settings;
    this.db = Database.open(settings.storeLocation(), settings.dataDir(), clock);
    Stores stores = db.stores();
    ControllerMeters meters = new ControllerMeters(exposed.registry());
    this.storeHealth =
        new StoreHealth(
            health,
            List.of(AgentGatewayGrpc.SERVICE_NAME, ConsoleServiceGrpc.SERVICE_NAME),
            meters,
            () -> db.probe(STORE_PROBE_TIMEOUT));
    this.writer = new StoreWriter(stores.writeTarget(), WRITE_BATCH, storeHealth);
    String replicaName =
        stores.cluster() == null
            ? null
            : io.autoservice.controller.cluster.ReplicaName.resolve(
                settings.replicaId(), settings.dataDir());
    this.exporter =
        new ReportExporter(
            settings.dataDir().resolve("reports"),
            stores.runs(),
            stores.events(),
            writer,
            writer::busy,
            clock,
            replicaName == null ? ReportExporter.SOLO : replicaName);
    exporter.exportMissing(clock.instant().minus(java.time.Duration.ofDays(30)));
    exporter.keepExportingMissing(java.time.Duration.ofMinutes(5), java.time.Duration.ofDays(30));
    this.retention =
        new Retention(
            settings.retention(),
            stores.runs(),
            stores.history(),
            new Retention.Automation(stores.alerts(), stores.schedules()),
            settings.dataDir().resolve("reports"),
            clock);
    this.history =
        new io.autoservice.controller.history.HistoryRecorder(
            stores.runs(), stores.history(), clock, settings.retention().history(), writer::busy);
    this.retentionTimer = Executors.newSingleThreadScheduledExecutor(daemon("retention"));
    WatchHub hub = new WatchHub();
    this.fleet = new FleetRegistry(stores.agents(), writer, hub, clock, settings.offlineGrace());
    FleetMeters.bind(meters, fleet);
    this.missed =
        new io.autoservice.controller.schedules.StoredMissedOccurrences(stores.schedules());
    this.alerts =
        io.autoservice.controller.alerts.AlertEngine.create(
            settings.alerts(),
            stores.alerts(),
            stores.runs(),
            () -> fleet.list(java.util.Map.of(), java.util.Set.of()),
            new io.autoservice.controller.schedules.MissedForAlerts(missed),
            clock);
    // Every finished run goes to each of these; none of them blocks the path that finished it.
    java.util.function.Consumer<io.autoservice.controller.model.RunRecord> onFinished =
        new io.autoservice.controller.runs.FinishedRuns(
            exporter::export, history, alerts::onFinished);
    this.cluster =
        stores.cluster() == null
            ? null
            : new io.autoservice.controller.cluster.ReplicaCluster(
                stores.cluster(),
                stores.agents(),
                replicaName,
                settings.listen(),
                clock,
                io.autoservice.controller.cluster.ReplicaTiming.withTtl(
                    java.time.Duration.ofSeconds(settings.replicaTtlSeconds())));
    RunDomain runs =
        new RunDomain(
            stores.runs(),
            stores.events(),
            writer,
            fleet,
            hub,
            clock,
            settings.runLostAfter(),
            onFinished,
            meters,
            cluster == null ? io.autoservice.controller.runs.AgentOwnership.solo() : cluster);
    this.dispatcher = runs.dispatcher();
    if (cluster != null) {
      cluster.start(dispatcher, fleet, hub, stores.runs(), stores.events());
      this.wakeup =
          new io.autoservice.controller.cluster.InboxWakeup(
              db::dedicatedConnection, cluster.replicaId(), cluster::wake);
      wakeup.start();
    } else {
      this.wakeup = null;
    }
    this.schedules =
        new io.autoservice.controller.schedules.ScheduleLoop(
            stores.schedules(),
            new io.autoservice.controller.schedules.FleetScheduleBridge(
                fleet, dispatcher, stores.runs(), settings.deliveryDeadline()),
            clock,
            scheduleTimer,
            SCHEDULE_TICK);
    this.localRuns = new LocalRunIntake(stores.runs(), dispatcher, hub, onFinished);
    this.tokens = new TokenStore(stores.users(), clock);
    this.audit = new AuditLog(stores.audit(), clock);
    this.grpcPool = Executors.newFixedThreadPool(GRPC_THREADS, daemon("grpc-handler"));
    this.scheduler = Executors.newScheduledThreadPool(1, daemon("controller-timer"));
    this.watchPool = Executors.newFixedThreadPool(2, daemon("console-watch"));
    HostPort hp = HostPort.parse(settings.listen());
    InetSocketAddress bind = new InetSocketAddress(hp.host(), hp.port());
    ServerServiceDefinition gateway;
    NettyServerBuilder builder;
    if (insecure) {
      if (!bind.getAddress().isLoopbackAddress()) {
        throw new IOException(
            "--insecure serves plaintext on loopback only, but listen is "
                + settings.listen()
                + " (use 127.0.0.1 or [::1], or drop --insecure)");
      }
      this.tls = null;
      this.enrollment = null;
      gateway =
          new AgentGatewayService(
                  fleet,
                  dispatcher,
                  runs.ingest(),
                  localRuns,
                  scheduler,
                  settings.heartbeatSeconds(),
                  settings.maxEventsPerSecondPerAgent(),
                  null,
                  meters)
              .bindService();
      builder = NettyServerBuilder.forAddress(bind);
    } else {
      SecureRandom random = new SecureRandom();
      this.tls = ControllerTls.loadOrCreate(settings.tls(), clock, random);
      AgentCertificates certificates =
          new AgentCertificates(
              stores.enrolment(),
              clock,
              agentId ->
                  fleet
                      .link(agentId)
                      .ifPresent(
                          l ->
                              l.revoke(
                                  "agent "
                                      + agentId
                                      + " was revoked on another controller; it must enrol again")));
      // Revocations and certificates of the other replicas sharing the store.
      identityTimer.scheduleWithFixedDelay(
          certificates::refresh,
          AgentCertificates.REFRESH_EVERY.toMillis(),
          AgentCertificates.REFRESH_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);
      this.enrollment =
          new AgentEnrollment(
              tls,
              new EnrollmentTokens(stores.enrolment(), clock),
              certificates,
              audit,
              clock,
              settings.agentCertificateLifetime(),
              random);
      AgentTrustManager trust = new AgentTrustManager(tls.caCertificate(), certificates, clock);
      gateway =
          ServerInterceptors.intercept(
              new AgentGatewayService(
                  fleet,
                  dispatcher,
                  runs.ingest(),
                  localRuns,
                  scheduler,
                  settings.heartbeatSeconds(),
                  settings.maxEventsPerSecondPerAgent(),
                  enrollment,
                  meters),
              new AgentIdentityInterceptor(trust));
      builder = NettyServerBuilder.forAddress(bind, ServerCredentialsFactory.mtls(tls, trust));
    }
    this.passwords = new Passwords(stores.users(), new PasswordHasher());
    ServerServiceDefinition console =
        ConsoleGrpcService.definition(
            new ConsoleGrpcService(
                    fleet,
                    dispatcher,
                    stores.runs(),
                    stores.events(),
                    hub,
                    watchPool,
                    settings.deliveryDeadline(),
                    tokens,
                    passwords,
                    audit,
                    enrollment,
                    stores.schedules(),
                    schedules,
                    clock)
                .withAlerts(stores.alerts(), clock)
                .withHistory(
                    new io.autoservice.controller.api.HistoryCalls(
                        fleet, stores.history(), clock)));
    // One quota for both doors: a user's watches count the same from the CLI and the browser.
    WatcherQuota watcherQuota = new WatcherQuota(settings.maxWatchersPerToken(), meters);
    meters.gauge(
        "autoservice.watches.open", "Open WatchRuns/WatchFleet streams", watcherQuota::open);
    this.webParts =
        new WebServer.Parts(
            console,
            watcherQuota,
            ConsolePermissions.byMethod(),
            tokens,
            passwords,
            audit,
            new WebSessions(stores.webSessions(), clock),
            settings.shop(),
            () -> address().toString(),
            clock);
    this.server =
        builder
            // Handlers never wait on the database or a lock another stream holds, so a few threads
            // serve any fleet: the thread count does not grow with it.
            .executor(grpcPool)
            // Liveness of the transport itself, apart from messages: an HTTP/2 PING is answered
            // even
            // while an agent's events wait for credit, and a dead peer is cut after the timeout.
            .keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
            .keepAliveTimeout(20, TimeUnit.SECONDS)
            .permitKeepAliveTime(PERMIT_KEEPALIVE_SECONDS, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(false)
            .maxConnectionAge(2, TimeUnit.HOURS)
            .maxConnectionAgeGrace(1, TimeUnit.MINUTES)
            .maxInboundMessageSize((int) MAX_MESSAGE_BYTES)
            // What an agent may have sent but the controller not yet read is held in (direct)
            // transport buffers: 64 KiB a stream keeps 10,000 agents under 640 MiB at worst, and a
            // run's events (a few KiB each) never wait on it.
            .flowControlWindow(FLOW_CONTROL_WINDOW)
            .addService(
                ServerInterceptors.intercept(
                    // An agent message too deep to decode is refused by the session, naming why,
                    // not
                    // dropped by the transport as UNKNOWN.
                    UndecodableMessages.apply(
                        gateway,
                        AgentGatewayGrpc.getConnectMethod().getFullMethodName(),
                        AGENT_RECURSION_LIMIT,
                        "message",
                        "the wire allows (protobuf recursion limit " + AGENT_RECURSION_LIMIT + ")"),
                    new ConnectGate(settings.maxAgentConnectsPerSecond(), meters)))
            .addService(
                ServerInterceptors.intercept(
                    console,
                    watcherQuota, // runs after the AuthInterceptor
                    new AuthInterceptor(
                        new BearerTokens(tokens), audit, ConsolePermissions.byMethod(), meters)))
            .addService(health.getHealthService())
            .addService(ProtoReflectionServiceV1.newInstance())
            .build();
  }

  /** Opens the store and starts serving over TLS, agents with client certificates (mTLS). */
  public static ControllerServer start(ControllerSettings settings, Clock clock)
      throws IOException {
    return start(settings, clock, false);
  }

  /**
   * As {@link #start(ControllerSettings, Clock)}, or, with {@code insecure}, plaintext on a
   * loopback address only, without enrolment or agent identities (development and tests).
   */
  public static ControllerServer start(ControllerSettings settings, Clock clock, boolean insecure)
      throws IOException {
    if (insecure) {
      log.warn(
          "INSECURE: serving plaintext without TLS or agent certificates (--insecure); loopback only,"
              + " never use this for a real fleet");
    }
    ControllerServer s = new ControllerServer(settings, clock, insecure);
    s.server.start();
    s.startWeb();
    s.startManagement();
    try {
      // After the bind, so a start that cannot serve leaves no admin whose token nobody was shown.
      s.adminTokenFile =
          AdminBootstrap.ensureAdmin(s.tokens, s.audit, settings.dataDir()).orElse(null);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    s.health.setStatus(AgentGatewayGrpc.SERVICE_NAME, ServingStatus.SERVING);
    s.health.setStatus(ConsoleServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    s.health.setStatus("", ServingStatus.SERVING);
    s.storeHealth.start();
    s.history.start();
    s.scheduler.scheduleWithFixedDelay(
        s.storeHealth::probe, STORE_PROBE_SECONDS, STORE_PROBE_SECONDS, TimeUnit.SECONDS);
    s.scheduler.scheduleWithFixedDelay(s::sweep, 1, 1, TimeUnit.SECONDS);
    s.schedules.start();
    s.identityTimer.scheduleWithFixedDelay(
        s::pruneWebSessions,
        WebSessions.PRUNE_EVERY.toSeconds(),
        WebSessions.PRUNE_EVERY.toSeconds(),
        TimeUnit.SECONDS);
    if (!s.retention.policy().keepsEverything()) {
      s.retentionTimer.scheduleWithFixedDelay(
          s.retention::prune, 1, RETENTION_MINUTES, TimeUnit.MINUTES);
    }
    log.info(
        "controller listening on {} (data in {})",
        s.address(),
        settings.dataDir().toAbsolutePath());
    return s;
  }

  private void pruneWebSessions() {
    try {
      webParts.sessions().prune();
    } catch (RuntimeException e) {
      log.warn("deleting ended web sessions failed: {}", e.toString());
    }
  }

  private void sweep() {
    try {
      fleet.sweep();
      dispatcher.sweep();
    } catch (RuntimeException e) {
      log.warn("sweep failed: {}", e.toString());
    }
  }

  /** The address actually bound (the port is resolved when 0 was asked for). */
  public HostPort address() {
    HostPort asked = HostPort.parse(settings.listen());
    return new HostPort(asked.host(), server.getPort());
  }

  /**
   * The token file of the admin this start created ({@code <data>/admin.token}); empty when the
   * database already had users.
   */
  public Optional<Path> adminTokenFile() {
    return Optional.ofNullable(adminTokenFile);
  }

  /** Enrolment and revocation; empty on an insecure controller. */
  public Optional<AgentEnrollment> enrollment() {
    return Optional.ofNullable(enrollment);
  }

  /**
   * The CA certificate file consoles and agents verify this controller with; empty when insecure.
   */
  public Optional<Path> caFile() {
    return tls == null ? Optional.empty() : Optional.of(ControllerTls.caFile(settings.dataDir()));
  }

  /**
   * Serves the web console, unless it is off. A web console that cannot start (its port taken, say)
   * is reported loudly but does not stop the controller: agents and the CLI console keep working.
   */
  private void startWeb() {
    if (settings.webListen().isEmpty()) {
      return;
    }
    if (tls == null) {
      log.warn("no web console: it is served over TLS only, and --insecure has none");
      return;
    }
    try {
      web = WebServer.start(settings.webListen(), tls.serverKey(), tls.serverChain(), webParts);
      log.info("web console on https://{}/", webAddress().orElseThrow());
    } catch (RuntimeException e) {
      webError = "web_listen " + settings.webListen() + ": " + rootMessage(e);
      log.error("web console NOT served: {}", webError);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  /**
   * Serves {@code /metrics}, {@code /healthz} and {@code /readyz}, unless management_listen is off.
   * Like the web console, a management port that cannot start is reported but stops nothing.
   */
  private void startManagement() {
    if (settings.managementListen().isEmpty()) {
      return;
    }
    try {
      Optional<String> token = Optional.empty();
      if (settings.managementTokenFile() != null) {
        token = Optional.of(Files.readString(settings.managementTokenFile()).strip());
        if (token.get().isEmpty()) {
          throw new IOException(
              "management_token_file " + settings.managementTokenFile() + " is empty");
        }
      }
      management =
          ManagementServer.start(
              settings.managementListen(), exposed.registry(), token, storeHealth::problem);
      log.info("metrics on http://{}/metrics", managementAddress().orElseThrow());
    } catch (IOException | RuntimeException e) {
      log.error(
          "management endpoints NOT served: management_listen {}: {}",
          settings.managementListen(),
          rootMessage(e));
    }
  }

  /** Where {@code /metrics}, {@code /healthz} and {@code /readyz} are served; empty when not. */
  public Optional<HostPort> managementAddress() {
    ManagementServer m = management;
    if (m == null) {
      return Optional.empty();
    }
    HostPort asked = HostPort.parse(settings.managementListen());
    return Optional.of(new HostPort(asked.host(), m.address().getPort()));
  }

  /** Why the web console is not served although web_listen asks for it; empty when it is. */
  public Optional<String> webError() {
    return Optional.ofNullable(webError);
  }

  /** Where the web console is served; empty when it is off. */
  public Optional<HostPort> webAddress() {
    WebServer w = web;
    if (w == null) {
      return Optional.empty();
    }
    HostPort asked = HostPort.parse(settings.webListen());
    return Optional.of(new HostPort(asked.host(), w.address().getPort()));
  }

  /** Sets a user's web console password (the demo's admin). */
  public void setPassword(String user, String password) throws Refusal {
    passwords.set(user, password);
  }

  /** Scheduled runs recorded missed, for alerting. */
  public io.autoservice.controller.schedules.MissedOccurrences missedOccurrences() {
    return missed;
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    health.enterTerminalState();
    WebServer w = web;
    if (w != null) {
      w.close();
    }
    ManagementServer m = management;
    if (m != null) {
      m.close();
    }
    server.shutdown();
    try {
      // Agent streams never end on their own: a short grace for in-flight unary calls, then close.
      if (!server.awaitTermination(1, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    schedules.close();
    scheduleTimer.shutdownNow();
    scheduler.shutdownNow();
    watchPool.shutdownNow();
    grpcPool.shutdownNow();
    retentionTimer.shutdownNow();
    identityTimer.shutdownNow();
    if (wakeup != null) {
      wakeup.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    writer.close();
    localRuns.close();
    alerts.close();
    exporter.close();
    history.close();
    db.close();
    exposed.close();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
