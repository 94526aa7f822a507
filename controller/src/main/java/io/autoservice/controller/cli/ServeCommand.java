package io.autoservice.controller.cli;

import io.autoservice.common.settings.ResolvedSettings;
import io.autoservice.common.settings.SettingsException;
import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code controller serve}: the fleet's server. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the agent gateway and the console API (plus gRPC health and reflection).",
      "On first start (no users yet) it creates user admin and writes its token to <data>/admin.token,",
      "and its CA and server certificate in <data>/tls/ (agents connect with client certificates",
      "from 'controller enroll create' + 'agent enroll').",
      "Stops cleanly on Ctrl-C or SIGTERM."
    })
final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description =
          "Address to serve on. Default: 127.0.0.1:7443 (use 0.0.0.0:7443 to serve a shop).")
  String listen;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data folder (database, exported reports). Default: ./data.")
  Path data;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Settings file (JSON); AUTOSERVICE_<KEY> environment variables override it, flags"
              + " override both ('controller config' shows the result).")
  Path config;

  @Option(
      names = "--insecure",
      description =
          "Serve plaintext without TLS or agent certificates: loopback addresses only, for development"
              + " and tests. Logs a warning at every start.")
  boolean insecure;

  @Override
  public Integer call() throws Exception {
    ControllerSettings settings;
    try {
      ResolvedSettings<ControllerSettings> resolved =
          ControllerSettings.resolve(config, System.getenv(), listen, data);
      settings = resolved.settings();
      ServeLog.apply(settings, resolved.warnings());
    } catch (SettingsException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
    ControllerServer server;
    try {
      server = ControllerServer.start(settings, Clock.systemUTC(), insecure);
    } catch (IOException e) {
      System.err.println("error: cannot serve on " + settings.listen() + ": " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  ServeLog.stopping();
                  server.close();
                  stopped.countDown();
                },
                "controller-stop"));
    server
        .adminTokenFile()
        .ifPresent(
            f ->
                ServeLog.note(
                    "controller: first start: admin token written to "
                        + f
                        + " (readable by you only; pass it to the console with --token-file)"));
    server
        .caFile()
        .ifPresent(
            ca ->
                ServeLog.note(
                    "controller: TLS with agent certificates; CA "
                        + ca
                        + " (consoles verify the controller with it: --ca); enrol agents with 'controller enroll create'"));
    ServeLog.serving(server.address().toString(), insecure, settings.dataDir().toAbsolutePath());
    server
        .webAddress()
        .ifPresent(
            w ->
                ServeLog.note(
                    "controller: web console on https://"
                        + w
                        + "/ (sign in with a console token, or a password an admin set)"));
    server
        .managementAddress()
        .ifPresent(m -> ServeLog.note("controller: metrics on http://" + m + "/metrics"));
    server.webError().ifPresent(e -> ServeLog.error("controller: web console NOT served: " + e));
    server.awaitTermination();
    stopped.await();
    return 0;
  }
}
