package io.autoservice.controller.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.logging.LogSettings;
import io.autoservice.common.net.HostPort;
import io.autoservice.common.settings.LayeredSettings;
import io.autoservice.common.settings.ResolvedSettings;
import io.autoservice.common.settings.SettingsException;
import io.autoservice.common.settings.SettingsTree;
import io.autoservice.controller.store.StoreLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The controller's settings, with every default in one place. A config file (JSON, snake_case keys,
 * durations in seconds) overrides defaults, {@code AUTOSERVICE_<KEY>} environment variables
 * override the file, command-line flags override both ({@link #resolve}).
 *
 * @param listen host:port to serve on
 * @param dataDir where the database and exported reports live
 * @param heartbeatSeconds how often agents send a heartbeat
 * @param offlineGraceSeconds silence after which an agent counts as offline
 * @param deliveryDeadlineSeconds how long a run may wait for its agent before it expires
 * @param runLostAfterSeconds how long a running run's agent may stay offline before the run ends
 * @param agentCertificateDays lifetime of the client certificates issued to agents
 * @param tlsServerNames DNS names and IPs agents and consoles dial (in the server certificate)
 * @param tlsCaCertFile an operator's CA certificate (PEM) to sign with instead of our own CA
 * @param tlsCaKeyFile that CA's private key (PEM, PKCS#8)
 * @param tlsServerCertFile an operator's server certificate (PEM, chain), instead of one we issue
 * @param tlsServerKeyFile its private key (PEM, PKCS#8)
 * @param maxEventsPerSecondPerAgent messages one agent stream may send per second (burst: as many);
 *     beyond it the stream is slowed by flow control
 * @param maxWatchersPerToken open WatchRuns/WatchFleet streams per console token
 * @param maxAgentConnectsPerSecond new agent streams admitted per second (burst: as many); the
 *     excess is refused with RESOURCE_EXHAUSTED and a retry pushback
 * @param eventRetentionDays days a finished run's events are kept (its report stays); 0: forever
 * @param runRetentionDays days a finished run (its row and report) is kept; 0: forever
 * @param reportFolderRetentionDays days an exported report folder is kept; 0: forever
 * @param webListen host:port of the web console (HTTPS); empty: no web console
 * @param shop the shop's name, contact and logo for customer reports
 * @param managementListen host:port of the management endpoints ({@code /metrics}, {@code
 *     /healthz}, {@code /readyz}; plain HTTP); empty: none
 * @param managementTokenFile a file holding the bearer token a scraper must send; required when
 *     {@code management_listen} is not a loopback address
 * @param logFormat {@code text} (key=value, the default) or {@code json} (one object per line)
 * @param logLevel the log level (default info)
 * @param logFile a log file besides stderr, rotated by size and day; none by default
 * @param logFileMaxMb the size at which the log file rolls over (default 10)
 * @param logTotalMaxMb the cap on the log file and its rolled-over copies (default 100)
 * @param logMaxHistoryDays days rolled-over log files are kept (default 14)
 * @param storeUrl empty (the default): the embedded store in {@code data_dir}; else the PostgreSQL
 *     database to use, {@code postgresql://host:port/database}
 * @param storeUser the PostgreSQL user
 * @param storePasswordFile a file holding that user's password (never the password itself here:
 *     settings are printed by {@code controller config})
 * @param storePoolSize connections the controller keeps to PostgreSQL (default 16)
 * @param replicaId this controller's name among replicas sharing a PostgreSQL store (default: one
 *     made at first start and kept in {@code <data>/replica-id})
 * @param replicaTtlSeconds a replica silent this long is dead and its agents are taken over
 *     (default 10; heartbeats every fifth of it)
 * @param alerts the alert rules, their thresholds and where notifications go (webhook, email)
 * @param alertRetentionDays days a resolved alert (and its notifications) is kept (default 365); 0:
 *     forever
 * @param scheduleRecordRetentionDays days what a schedule fired (occurrences, per-PC deliveries) is
 *     kept (default 90, at least 31); 0: forever
 * @param historyRetentionDays days each PC's history (figures read from finished reports) is kept
 *     (default 730); 0: forever
 */
public record ControllerSettings(
    String listen,
    @JsonProperty("data_dir") Path dataDir,
    @JsonProperty("heartbeat_seconds") Integer heartbeatSeconds,
    @JsonProperty("offline_grace_seconds") Long offlineGraceSeconds,
    @JsonProperty("delivery_deadline_seconds") Long deliveryDeadlineSeconds,
    @JsonProperty("run_lost_after_seconds") Long runLostAfterSeconds,
    @JsonProperty("agent_certificate_days") Integer agentCertificateDays,
    @JsonProperty("tls_server_names") java.util.List<String> tlsServerNames,
    @JsonProperty("tls_ca_cert_file") Path tlsCaCertFile,
    @JsonProperty("tls_ca_key_file") Path tlsCaKeyFile,
    @JsonProperty("tls_server_cert_file") Path tlsServerCertFile,
    @JsonProperty("tls_server_key_file") Path tlsServerKeyFile,
    @JsonProperty("max_events_per_second_per_agent") Integer maxEventsPerSecondPerAgent,
    @JsonProperty("max_watchers_per_token") Integer maxWatchersPerToken,
    @JsonProperty("max_agent_connects_per_second") Integer maxAgentConnectsPerSecond,
    @JsonProperty("event_retention_days") Integer eventRetentionDays,
    @JsonProperty("run_retention_days") Integer runRetentionDays,
    @JsonProperty("report_folder_retention_days") Integer reportFolderRetentionDays,
    @JsonProperty("web_listen") String webListen,
    @JsonProperty("shop") io.autoservice.controller.web.ShopSettings shop,
    @JsonProperty("management_listen") String managementListen,
    @JsonProperty("management_token_file") Path managementTokenFile,
    @JsonProperty("log_format") String logFormat,
    @JsonProperty("log_level") String logLevel,
    @JsonProperty("log_file") Path logFile,
    @JsonProperty("log_file_max_mb") Integer logFileMaxMb,
    @JsonProperty("log_total_max_mb") Integer logTotalMaxMb,
    @JsonProperty("log_max_history_days") Integer logMaxHistoryDays,
    @JsonProperty("store_url") String storeUrl,
    @JsonProperty("store_user") String storeUser,
    @JsonProperty("store_password_file") Path storePasswordFile,
    @JsonProperty("store_pool_size") Integer storePoolSize,
    @JsonProperty("replica_id") String replicaId,
    @JsonProperty("replica_ttl_seconds") Integer replicaTtlSeconds,
    @JsonProperty("alerts") io.autoservice.controller.alerts.AlertSettings alerts,
    @JsonProperty("history_retention_days") Integer historyRetentionDays,
    @JsonProperty("alert_retention_days") Integer alertRetentionDays,
    @JsonProperty("schedule_record_retention_days") Integer scheduleRecordRetentionDays) {

  public static final String DEFAULT_LISTEN = "127.0.0.1:7443";
  public static final String DEFAULT_WEB_LISTEN = "127.0.0.1:7444";
  public static final String DEFAULT_MANAGEMENT_LISTEN = "127.0.0.1:9464";

  /** Two years: a drive's or a battery's decline over its life, in a few MB per hundred PCs. */
  public static final int DEFAULT_HISTORY_RETENTION_DAYS = 730;

  /** Resolved alerts (and their notifications) are kept a year. */
  public static final int DEFAULT_ALERT_RETENTION_DAYS = 365;

  /** What schedules fired, per PC, is kept 90 days (the runs themselves stay as runs do). */
  public static final int DEFAULT_SCHEDULE_RECORD_RETENTION_DAYS = 90;

  public ControllerSettings {
    listen = listen == null ? DEFAULT_LISTEN : listen;
    dataDir = dataDir == null ? Path.of("data") : dataDir;
    heartbeatSeconds = heartbeatSeconds == null ? 30 : heartbeatSeconds;
    offlineGraceSeconds = offlineGraceSeconds == null ? 90L : offlineGraceSeconds;
    deliveryDeadlineSeconds =
        deliveryDeadlineSeconds == null ? 7 * 24 * 3600L : deliveryDeadlineSeconds;
    runLostAfterSeconds = runLostAfterSeconds == null ? 600L : runLostAfterSeconds;
    agentCertificateDays = agentCertificateDays == null ? 30 : agentCertificateDays;
    tlsServerNames =
        tlsServerNames == null ? java.util.List.of() : java.util.List.copyOf(tlsServerNames);
    positive("agent_certificate_days", agentCertificateDays);
    pair("tls_ca_cert_file", tlsCaCertFile, "tls_ca_key_file", tlsCaKeyFile);
    pair("tls_server_cert_file", tlsServerCertFile, "tls_server_key_file", tlsServerKeyFile);
    maxEventsPerSecondPerAgent =
        maxEventsPerSecondPerAgent == null ? 500 : maxEventsPerSecondPerAgent;
    maxWatchersPerToken = maxWatchersPerToken == null ? 16 : maxWatchersPerToken;
    maxAgentConnectsPerSecond =
        maxAgentConnectsPerSecond == null ? 1_000 : maxAgentConnectsPerSecond;
    eventRetentionDays = eventRetentionDays == null ? 90 : eventRetentionDays;
    runRetentionDays = runRetentionDays == null ? 0 : runRetentionDays;
    reportFolderRetentionDays = reportFolderRetentionDays == null ? 0 : reportFolderRetentionDays;
    notNegative("event_retention_days", eventRetentionDays);
    notNegative("run_retention_days", runRetentionDays);
    notNegative("report_folder_retention_days", reportFolderRetentionDays);
    historyRetentionDays =
        historyRetentionDays == null ? DEFAULT_HISTORY_RETENTION_DAYS : historyRetentionDays;
    notNegative("history_retention_days", historyRetentionDays);
    alertRetentionDays =
        alertRetentionDays == null ? DEFAULT_ALERT_RETENTION_DAYS : alertRetentionDays;
    notNegative("alert_retention_days", alertRetentionDays);
    scheduleRecordRetentionDays =
        scheduleRecordRetentionDays == null
            ? DEFAULT_SCHEDULE_RECORD_RETENTION_DAYS
            : scheduleRecordRetentionDays;
    if (scheduleRecordRetentionDays != 0 && scheduleRecordRetentionDays < 31) {
      // Longer than the longest catch-up limit (30 days), so nothing still to start is ever near
      // it.
      throw new IllegalArgumentException(
          "schedule_record_retention_days: "
              + scheduleRecordRetentionDays
              + " (expected: 0 for forever, or at least 31)");
    }
    if (runRetentionDays > 0
        && (reportFolderRetentionDays == 0 || reportFolderRetentionDays > runRetentionDays)) {
      // A folder is found through its run's row: once the row is gone, the folder could never be
      // pruned.
      throw new IllegalArgumentException(
          "report_folder_retention_days: "
              + reportFolderRetentionDays
              + " (expected: 1 to run_retention_days, "
              + runRetentionDays
              + ", when run_retention_days is set)");
    }
    HostPort.parse(listen); // validates
    webListen = webListen == null ? DEFAULT_WEB_LISTEN : webListen.strip();
    if (!webListen.isEmpty()) {
      try {
        HostPort.parse(webListen);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("web_listen: " + e.getMessage(), e);
      }
    }
    shop = shop == null ? io.autoservice.controller.web.ShopSettings.NONE : shop;
    alerts = alerts == null ? io.autoservice.controller.alerts.AlertSettings.DEFAULTS : alerts;
    managementListen =
        managementListen == null ? DEFAULT_MANAGEMENT_LISTEN : managementListen.strip();
    if (!managementListen.isEmpty()) {
      HostPort m;
      try {
        m = HostPort.parse(managementListen);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("management_listen: " + e.getMessage(), e);
      }
      if (managementTokenFile == null && !isLoopback(m.host())) {
        // Metrics name every agent and run count: beyond this machine they need a scrape token.
        throw new IllegalArgumentException(
            "management_token_file: missing (expected: a file holding the scrape token when"
                + " management_listen, "
                + managementListen
                + ", is not a loopback address)");
      }
    }
    logFileMaxMb = logFileMaxMb == null ? 10 : logFileMaxMb;
    logTotalMaxMb = logTotalMaxMb == null ? 100 : logTotalMaxMb;
    logMaxHistoryDays = logMaxHistoryDays == null ? 14 : logMaxHistoryDays;
    LogSettings log =
        new LogSettings(
            logFormat, logLevel, logFile, logFileMaxMb, logTotalMaxMb, logMaxHistoryDays);
    logFormat = log.format();
    logLevel = log.level();
    storeUrl = storeUrl == null ? "" : storeUrl.strip();
    storePoolSize = storePoolSize == null ? StoreLocation.DEFAULT_POOL_SIZE : storePoolSize;
    StoreLocation.of(storeUrl, storeUser, null, storePoolSize); // validates, naming the key
    replicaTtlSeconds = replicaTtlSeconds == null ? 10 : replicaTtlSeconds;
    if (replicaTtlSeconds < 2 || replicaTtlSeconds > 300) {
      throw new IllegalArgumentException(
          "replica_ttl_seconds: " + replicaTtlSeconds + " (expected: 2 to 300)");
    }
    if (replicaId != null && !replicaId.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException(
          "replica_id: '" + replicaId + "' (expected: 1 to 64 letters, digits, '.', '_' or '-')");
    }
    positive("heartbeat_seconds", heartbeatSeconds);
    positive("offline_grace_seconds", offlineGraceSeconds);
    positive("delivery_deadline_seconds", deliveryDeadlineSeconds);
    positive("run_lost_after_seconds", runLostAfterSeconds);
    positive("max_events_per_second_per_agent", maxEventsPerSecondPerAgent);
    positive("max_watchers_per_token", maxWatchersPerToken);
    positive("max_agent_connects_per_second", maxAgentConnectsPerSecond);
    if (offlineGraceSeconds <= heartbeatSeconds) {
      throw new IllegalArgumentException(
          "offline_grace_seconds: "
              + offlineGraceSeconds
              + " (expected: more than heartbeat_seconds, "
              + heartbeatSeconds
              + ")");
    }
  }

  public static ControllerSettings defaults() {
    return fromTree(Json.object());
  }

  /**
   * The effective settings: defaults &lt; {@code file} (if given) &lt; {@code AUTOSERVICE_<KEY>}
   * variables of {@code env} &lt; the flags given ({@code null}: not given), each key's source
   * kept.
   */
  public static ResolvedSettings<ControllerSettings> resolve(
      Path file, Map<String, String> env, String listenFlag, Path dataFlag)
      throws SettingsException {
    LayeredSettings<ControllerSettings> layers = LayeredSettings.of(ControllerSettings.class);
    if (file != null) {
      layers.file(file);
    }
    return layers
        .env(env)
        .flag("listen", "--listen", listenFlag)
        .flag("data_dir", "--data", dataFlag)
        .resolve();
  }

  /** The settings file alone over the defaults (no environment, no flags). */
  public static ControllerSettings load(Path file) throws IOException {
    requireNonNull(file, "file");
    try {
      return LayeredSettings.of(ControllerSettings.class).file(file).resolve().settings();
    } catch (SettingsException e) {
      throw new IOException(e.getMessage());
    }
  }

  public ControllerSettings with(String listen, Path dataDir) {
    Map<String, Object> changes = new HashMap<>();
    if (listen != null) {
      changes.put("listen", listen);
    }
    if (dataDir != null) {
      changes.put("data_dir", dataDir);
    }
    return copy(changes);
  }

  /** With the web console on another address ({@code ""}: off). */
  public ControllerSettings withWebListen(String webListen) {
    return copy(nullable("web_listen", webListen));
  }

  /** With the management endpoints on another address ({@code ""}: none). */
  public ControllerSettings withManagementListen(String managementListen, Path tokenFile) {
    Map<String, Object> changes = nullable("management_listen", managementListen);
    changes.put("management_token_file", tokenFile);
    return copy(changes);
  }

  public ControllerSettings withTimings(int heartbeat, long offlineGrace, long runLostAfter) {
    return copy(
        Map.of(
            "heartbeat_seconds", heartbeat,
            "offline_grace_seconds", offlineGrace,
            "run_lost_after_seconds", runLostAfter));
  }

  public ControllerSettings withLimits(
      int eventsPerSecondPerAgent, int watchersPerToken, int agentConnectsPerSecond) {
    return copy(
        Map.of(
            "max_events_per_second_per_agent", eventsPerSecondPerAgent,
            "max_watchers_per_token", watchersPerToken,
            "max_agent_connects_per_second", agentConnectsPerSecond));
  }

  /** With the store in PostgreSQL at {@code url} ({@code null}: the embedded store). */
  public ControllerSettings withStore(String url, String user, Path passwordFile) {
    Map<String, Object> changes = nullable("store_url", url);
    changes.put("store_user", user);
    changes.put("store_password_file", passwordFile);
    return copy(changes);
  }

  /** With replicas noticing a dead one after {@code ttlSeconds} (tests shorten it). */
  public ControllerSettings withReplicaTtl(int ttlSeconds) {
    return copy(Map.of("replica_ttl_seconds", ttlSeconds));
  }

  /** How the controller logs. */
  public LogSettings log() {
    return new LogSettings(
        logFormat, logLevel, logFile, logFileMaxMb, logTotalMaxMb, logMaxHistoryDays);
  }

  private static Map<String, Object> nullable(String key, Object value) {
    Map<String, Object> m = new HashMap<>();
    m.put(key, value);
    return m;
  }

  /** This with some keys changed (a {@code null} value: back to the default), re-validated. */
  private ControllerSettings copy(Map<String, Object> changes) {
    ObjectNode tree = SettingsTree.of(this);
    changes.forEach((key, value) -> tree.set(key, SettingsTree.render(value)));
    return fromTree(tree);
  }

  private static ControllerSettings fromTree(ObjectNode tree) {
    try {
      return Json.mapper().treeToValue(tree, ControllerSettings.class);
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof IllegalArgumentException bad) {
        throw bad;
      }
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  public Duration agentCertificateLifetime() {
    return Duration.ofDays(agentCertificateDays);
  }

  public Duration offlineGrace() {
    return Duration.ofSeconds(offlineGraceSeconds);
  }

  public Duration deliveryDeadline() {
    return Duration.ofSeconds(deliveryDeadlineSeconds);
  }

  /** What the controller's TLS material depends on. */
  public io.autoservice.controller.tls.TlsSettings tls() {
    return new io.autoservice.controller.tls.TlsSettings(
        dataDir,
        HostPort.parse(listen).host(),
        tlsServerNames,
        tlsCaCertFile,
        tlsCaKeyFile,
        tlsServerCertFile,
        tlsServerKeyFile);
  }

  /** How long finished runs' events, runs and exported folders are kept (zero: forever). */
  public io.autoservice.controller.archive.Retention.Policy retention() {
    return new io.autoservice.controller.archive.Retention.Policy(
        Duration.ofDays(eventRetentionDays),
        Duration.ofDays(runRetentionDays),
        Duration.ofDays(reportFolderRetentionDays),
        Duration.ofDays(historyRetentionDays),
        Duration.ofDays(alertRetentionDays),
        Duration.ofDays(scheduleRecordRetentionDays));
  }

  /**
   * Where the store is, with the password read from {@code store_password_file} (the password is
   * only ever in the returned location, which does not print it).
   */
  public StoreLocation storeLocation() throws IOException {
    String password = null;
    if (storePasswordFile != null) {
      password = java.nio.file.Files.readString(storePasswordFile).strip();
    }
    return StoreLocation.of(storeUrl, storeUser, password, storePoolSize);
  }

  public Duration runLostAfter() {
    return Duration.ofSeconds(runLostAfterSeconds);
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost")
        || host.startsWith("127.")
        || host.equals("::1")
        || host.equals("[::1]");
  }

  private static void pair(String key, Path value, String otherKey, Path other) {
    if ((value == null) != (other == null)) {
      throw new IllegalArgumentException(
          (value == null ? key : otherKey)
              + ": missing (expected both "
              + key
              + " and "
              + otherKey
              + ", or neither)");
    }
  }

  private static void notNegative(String key, long v) {
    if (v < 0) {
      throw new IllegalArgumentException(
          key + ": " + v + " (expected: 0 for forever, or a number of days)");
    }
  }

  private static void positive(String key, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException(key + ": " + v + " (expected: > 0)");
    }
  }
}
