package io.autoservice.agent.cli;

import io.autoservice.agent.config.AgentConfig;
import io.autoservice.agent.config.ToolPolicy;
import io.autoservice.agent.exec.MachineFacts;
import io.autoservice.agent.exec.PlanExecutor;
import io.autoservice.agent.exec.PlanValidator;
import io.autoservice.agent.exec.Secrets;
import io.autoservice.agent.fleet.AgentDataDir;
import io.autoservice.agent.fleet.AgentListener;
import io.autoservice.agent.fleet.AgentProfile;
import io.autoservice.agent.fleet.ControllerChannels;
import io.autoservice.agent.fleet.ControllerConnector;
import io.autoservice.agent.fleet.ControllerEndpoints;
import io.autoservice.agent.fleet.ExponentialBackoffPolicy;
import io.autoservice.agent.fleet.FileRunJournal;
import io.autoservice.agent.fleet.FleetClient;
import io.autoservice.agent.fleet.FleetRunner;
import io.autoservice.agent.fleet.LocalRunOutbox;
import io.autoservice.agent.fleet.RunRecovery;
import io.autoservice.agent.fleet.TakenRuns;
import io.autoservice.agent.fleet.tls.AgentCredentials;
import io.autoservice.agent.fleet.tls.CertificateRenewer;
import io.autoservice.agent.fleet.tls.PinnedCaTrustManager;
import io.autoservice.agent.fleet.tls.ReloadingKeyManager;
import io.autoservice.agent.local.AgentVersion;
import io.autoservice.agent.process.ProcessRunner;
import io.autoservice.agent.tasks.BuiltinTasks;
import io.autoservice.agent.tasks.TaskRegistry;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.logging.LogSetup;
import io.autoservice.common.net.ControllerAddresses;
import io.autoservice.common.tls.Certificates;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code agent connect}: fleet mode. The composition root of the fleet agent: reads the config and
 * the data folder, builds the executor, the runner, the channel and the {@link FleetClient}, and
 * stops them in order on a signal.
 */
@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    description = {
      "Joins a controller's fleet and runs the plans it assigns, one at a time.",
      "Runs until stopped; log lines go to stderr, stdout stays empty. Ctrl-C or",
      "SIGTERM cancels the running plan, delivers its report (up to 10 s), exits 0.",
      "Exit status: 0 stopped by a signal; 1 cannot start (bad config or data",
      "folder, not enrolled); 2 usage error; 3 the controller refused this agent",
      "(revoked, unauthenticated, not permitted, or an unsupported protocol).",
      "Connects with mutual TLS using the certificate from 'agent enroll' (or --enroll-token)."
    })
final class ConnectCommand implements Callable<Integer> {
  /** Exit status when the controller refuses this agent for good. */
  static final int EXIT_REFUSED = 3;

  /** How long a stop signal waits for the cancelled run's report to be delivered. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  /** Progress reaches the controller at most this often per task. */
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

  @Option(
      names = "--controller",
      required = true,
      paramLabel = "HOST:PORT",
      description =
          "The controller's agent gateway address, e.g. controller.local:7443; several replicas"
              + " separated by commas (a:7443,b:7443), or a name with several addresses: the agent"
              + " connects to one and moves to the next when it fails.")
  String controller;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Agent config file (tools, tool folders, labels, secrets). Default:"
              + " $AUTOSERVICE_AGENT_CONFIG.")
  Path configFile;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "agent-data",
      description =
          "Data folder: the agent's id, the runs it took and the journal of events not yet"
              + " delivered (created). Default: ./${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(
      names = "--insecure",
      description =
          "Connect over plaintext, without TLS or a certificate, to a controller started with"
              + " --insecure (development only; logs a warning at every start).")
  boolean insecure;

  @Option(
      names = "--enroll-token",
      paramLabel = "TOKEN",
      description =
          "Enrol first with this token (from 'controller enroll create') when the data folder"
              + " holds no certificate yet; ignored once enrolled.")
  String enrollToken;

  /**
   * Set when the Windows service runs the agent ({@code agent service run}): handed the graceful
   * stop once the agent is up, in place of the JVM shutdown hook that serves Ctrl-C and SIGTERM.
   */
  Consumer<Runnable> stopControl;

  @Override
  public Integer call() throws Exception {
    showLifecycleLogs(AgentConfig.empty()); // cannot fail: no log file
    Logger log = LoggerFactory.getLogger(ConnectCommand.class);
    ControllerEndpoints controllers;
    try {
      controllers = ControllerOption.endpoints(controller);
    } catch (IllegalArgumentException e) {
      log.error("{}", e.getMessage());
      return 2;
    }
    AgentConfig config;
    AgentDataDir data;
    String agentId;
    try {
      var resolved = AgentConfig.resolveWithSources(configFile, System.getenv());
      config = resolved.settings();
      showLifecycleLogs(config);
      resolved.warnings().forEach(w -> log.warn("settings: {}", w));
      data = AgentDataDir.open(dataDir);
      agentId = data.agentId();
    } catch (AgentConfig.ConfigException | IOException e) {
      log.error("Cannot start: {}", e.getMessage());
      return 1;
    }
    ControllerConnector connector;
    CertificateRenewer renewer = null;
    String userAgent = "autoservice-agent/" + AgentVersion.get();
    if (insecure) {
      log.warn(
          "INSECURE: connecting over plaintext without a certificate (--insecure); development only");
      connector =
          ControllerConnector.rotating(
              controllers, to -> ControllerChannels.plaintext(to, userAgent));
    } else {
      AgentCredentials credentials = new AgentCredentials(data.path());
      if (!credentials.exists()) {
        if (enrollToken == null) {
          log.error(
              "This agent is not enrolled: run 'agent enroll --controller {} --token TOKEN --data {}' first"
                  + " (or pass --enroll-token TOKEN), with a token from 'controller enroll create'",
              controller,
              dataDir);
          return 1;
        }
        int enrolled = AgentEnrolment.enrol(controllers, enrollToken, agentId, credentials, log);
        if (enrolled != 0) {
          return enrolled;
        }
      }
      ReloadingKeyManager keys;
      try {
        AgentCredentials.Identity identity = credentials.load();
        String certId = Certificates.commonName(identity.certificate());
        if (!certId.equals(agentId)) {
          log.error(
              "The certificate in {} is for agent {} but this data folder is agent {}; enrol again (agent"
                  + " enroll --force)",
              credentials.dir(),
              certId,
              agentId);
          return 1;
        }
        keys = new ReloadingKeyManager(identity);
        ReloadingKeyManager tlsKeys = keys;
        // Fails here, not at every connect, when the pinned CA is unusable.
        PinnedCaTrustManager.anchoredAt(keys.current().ca());
        connector =
            ControllerConnector.rotating(
                controllers, to -> ControllerChannels.mtls(to, userAgent, tlsKeys));
      } catch (IOException | java.security.cert.CertificateException e) {
        log.error("Cannot start: {}", e.getMessage());
        return 1;
      }
      renewer = new CertificateRenewer(credentials, keys, Clock.systemUTC());
    }
    ToolLocator tools = ToolPolicy.fleet(config);
    TaskRegistry registry = BuiltinTasks.registry(tools.isWindows());
    MachineFacts machine = MachineFacts.current(AgentVersion.get());
    AgentListener listener = AgentListener.NONE;
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "fleet-timer");
              t.setDaemon(true);
              return t;
            });
    try (PlanExecutor executor =
            new PlanExecutor(
                registry,
                new ProcessRunner(),
                tools,
                machine,
                Clock.systemUTC(),
                PROGRESS_INTERVAL,
                new Secrets(config.secrets(), System.getenv()));
        TakenRuns taken = TakenRuns.open(data.takenRunsFile());
        FileRunJournal journal =
            FileRunJournal.open(data.journalDir(), config.journalMaxBytes(), Clock.systemUTC());
        FleetRunner runs =
            new FleetRunner(
                executor,
                new PlanValidator(registry),
                taken,
                journal,
                machine,
                Clock.systemUTC(),
                listener)) {
      // Close what a crash or reboot interrupted before Hello lists the journal's runs.
      List<RunRecovery.Resumable> resumable =
          new RunRecovery(journal, taken, machine, Clock.systemUTC()).recover();
      FleetClient client =
          new FleetClient(
              connector,
              AgentProfile.of(agentId, machine, registry, config.labels()),
              runs,
              journal,
              ExponentialBackoffPolicy.provider(
                  ExponentialBackoffPolicy.DEFAULT_INITIAL, config.reconnectMax()),
              timer,
              Clock.systemUTC(),
              listener,
              LocalRunOutbox.open(data.outboxDir()));
      if (renewer != null) {
        client.renewCertificates(renewer);
      }
      Thread hook = null;
      if (stopControl == null) {
        hook = new Thread(() -> stopOnSignal(client, connector, log), "stop-signal");
        Runtime.getRuntime().addShutdownHook(hook);
      }
      log.info(
          "Agent {} connecting to {} (data: {})",
          agentId,
          ControllerAddresses.format(controllers.addresses()),
          data.path());
      client.start();
      resumable.forEach(client::resume);
      if (stopControl != null) {
        stopControl.accept(() -> stopGracefully(client, connector, log));
      }
      Status end = client.terminated().join();
      if (end.isOk()) {
        return 0; // stopped: by a signal (the hook finishes the exit) or by the service manager
      }
      // A refusal: leave with its status, not the hook's 0.
      if (hook != null) {
        removeHook(hook);
      }
      log.error("Agent stopped: the controller refused it ({})", end.getCode());
      return EXIT_REFUSED;
    } catch (IOException e) {
      log.error("Cannot start: {} (data folder: {})", e.toString(), data.path());
      return 1;
    } finally {
      connector.close();
      timer.shutdownNow();
    }
  }

  /** Ctrl-C or SIGTERM: cancel the run, deliver its report if we can, close the stream, exit 0. */
  private static void stopOnSignal(FleetClient client, ControllerConnector connector, Logger log) {
    log.info("Stop signal received: cancelling the running plan and closing the connection");
    stopGracefully(client, connector, log);
    System.err.flush();
    // The JVM is already shutting down; halting is how it ends with status 0 rather than 143.
    Runtime.getRuntime().halt(0);
  }

  /** Cancels the running plan, delivers its report (up to {@link #STOP_GRACE}), closes. */
  private static void stopGracefully(
      FleetClient client, ControllerConnector connector, Logger log) {
    try {
      if (!client.shutdown(STOP_GRACE)) {
        log.warn("Stopping without delivering everything within {} s", STOP_GRACE.toSeconds());
      }
      connector.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Shutdown already under way: the hook decides the exit.
    }
  }

  /**
   * The agent logs at WARN by default; fleet mode is a service whose connects, disconnects and runs
   * belong in its log, so the fleet package logs INFO unless the config's {@code log_level} chose a
   * level.
   */
  private static void showLifecycleLogs(AgentConfig config) throws AgentConfig.ConfigException {
    Map<String, String> levels =
        config.logLevel() != null
            ? Map.of()
            : Map.of("io.autoservice.agent.fleet", "info", ConnectCommand.class.getName(), "info");
    try {
      LogSetup.apply(config.log(), levels);
    } catch (IllegalArgumentException e) {
      throw new AgentConfig.ConfigException(e.getMessage());
    }
  }
}
