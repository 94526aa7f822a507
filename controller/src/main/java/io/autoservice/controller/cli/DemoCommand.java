package io.autoservice.controller.cli;

import io.autoservice.common.net.HostPort;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.PlanException;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.protocol.MarkerDialect;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.run.RemoteRun;
import io.autoservice.console.view.AgentRow;
import io.autoservice.controller.auth.TokenStore;
import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code controller demo}: the whole system on one machine. A controller on a free loopback port
 * with a temporary data folder, one agent (the real agent jar, as a child process) enrolled with a
 * single-use token and connected to it over mutual TLS, one plan run through them with the classic
 * markers and the report printed, then both left running for the console until Ctrl-C.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a controller on a free loopback port and one agent connected to it, runs a plan on",
      "the agent (classic markers on stderr, report on stdout), then keeps both running for the",
      "console until Ctrl-C."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--plan",
      paramLabel = "FILE",
      defaultValue = "fixtures/plans/quick-check.json",
      description = "Plan to run. Default: ${DEFAULT-VALUE}.")
  Path plan;

  @Option(
      names = "--agent-jar",
      paramLabel = "JAR",
      description =
          "The agent jar. Default: agent/target/autoservice-agent.jar here or beside this jar's project.")
  Path agentJar;

  @Option(
      names = "--markers",
      paramLabel = "DIALECT",
      defaultValue = "seed",
      description = "Marker dialect: seed or autoservice. Default: ${DEFAULT-VALUE}.")
  String markers;

  @Option(
      names = "--web-listen",
      paramLabel = "HOST:PORT",
      defaultValue = ControllerSettings.DEFAULT_WEB_LISTEN,
      description =
          "Where the web console listens (a free port if taken; \"\" for none). Default: ${DEFAULT-VALUE}.")
  String webListen;

  @Option(
      names = "--once",
      description = "Stop after the plan's run instead of waiting for Ctrl-C.")
  boolean once;

  @Override
  public Integer call() throws Exception {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    MarkerDialect dialect;
    Plan parsed;
    Path jar;
    try {
      dialect = MarkerDialect.fromName(markers);
      parsed = PlanParser.parseFile(plan);
      jar = findAgentJar();
    } catch (PlanException e) {
      err.println("error: " + String.join("; ", e.problems()));
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    Path data = Files.createTempDirectory("autoservice-demo-");
    ControllerSettings settings =
        ControllerSettings.defaults()
            .with("127.0.0.1:0", data.resolve("controller"))
            .withWebListen(webListen);
    ControllerServer server = startController(settings, err);
    String webPassword = TokenStore.newToken().substring(0, 16);
    server.setPassword("admin", webPassword);
    HostPort at = server.address();
    // A fresh data folder, so this start created the admin; the demo works as that admin.
    Path tokenFile =
        server
            .adminTokenFile()
            .orElseThrow(
                () -> new IllegalStateException("the demo controller created no admin token"));
    String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
    // The demo enrols its agent the way an admin would, with a single-use token, so it runs mTLS.
    String enrollToken =
        server
            .enrollment()
            .orElseThrow()
            .createToken(
                Map.of("demo", "true"), 1, java.time.Duration.ofMinutes(10), "demo", "local")
            .token();
    Path ca = server.caFile().orElseThrow();
    Process agent = startAgent(jar, at, data, enrollToken);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.toHandle().destroy();
                  try {
                    agent.waitFor(15, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  server.close();
                  stop.countDown();
                },
                "demo-stop"));
    int code;
    try (ConsoleClient client = ConsoleClient.connect(at, token, ca)) {
      String agentId = awaitAgent(client, agent);
      err.println(
          "demo: controller on " + at + ", agent " + agentId + " connected; running " + plan);
      server
          .managementAddress()
          .ifPresent(m -> err.println("demo: metrics: http://" + m + "/metrics"));
      code = RemoteRun.run(client, parsed, agentId, dialect, out, err);
      if (!once) {
        printTry(err, at, tokenFile, ca, agentId, data, server.webAddress(), webPassword);
      }
    }
    if (once) {
      return code;
    }
    stop.await();
    return code;
  }

  private ControllerServer startController(ControllerSettings settings, PrintStream err)
      throws IOException {
    if (!webListen.isEmpty() && !free(HostPort.parse(webListen))) {
      // Another demo (or controller) holds the usual port: any free one will do for a demo.
      err.println("demo: " + webListen + " is taken; the web console takes a free port instead");
      settings = settings.withWebListen("127.0.0.1:0");
    }
    String management = settings.managementListen();
    if (!management.isEmpty() && !free(HostPort.parse(management))) {
      err.println("demo: " + management + " is taken; /metrics takes a free port instead");
      settings = settings.withManagementListen("127.0.0.1:0", null);
    }
    return ControllerServer.start(settings, Clock.systemUTC());
  }

  private static boolean free(HostPort at) {
    try (java.net.ServerSocket s = new java.net.ServerSocket()) {
      s.bind(new java.net.InetSocketAddress(at.host(), at.port()));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** What to try next, for the console signed in as the demo's admin. */
  private void printTry(
      PrintStream err,
      HostPort at,
      Path tokenFile,
      Path ca,
      String agentId,
      Path data,
      java.util.Optional<HostPort> web,
      String webPassword) {
    err.println();
    err.println("demo: the controller (" + at + ") and the agent keep running; data in " + data);
    String console =
        "java -jar controller/target/autoservice-controller.jar console --controller "
            + at
            + " --token-file "
            + tokenFile
            + " --ca "
            + ca;
    err.println("demo: try   " + console + " agents");
    err.println("demo:       " + console + " runs");
    err.println("demo:       " + console + " run --agent " + agentId + " " + plan);
    err.println("demo:       " + console + " audit");
    web.ifPresent(
        w -> {
          err.println(
              "demo: web console: https://"
                  + w
                  + "/  sign in as admin with password "
                  + webPassword);
          err.println(
              "demo:   (or with the admin token in "
                  + tokenFile
                  + "); the browser will not know the demo's own CA "
                  + ca
                  + ": accept its warning, or import that CA");
        });
    err.println("demo: Ctrl-C stops both.");
  }

  private Path findAgentJar() {
    List<Path> candidates = new ArrayList<>();
    if (agentJar != null) {
      candidates.add(agentJar);
    } else {
      candidates.add(Path.of("agent", "target", "autoservice-agent.jar"));
      try {
        Path self =
            Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        candidates.add(
            self.getParent().resolve("../../agent/target/autoservice-agent.jar").normalize());
      } catch (Exception e) {
        // Running from classes: the working-folder candidate is all there is.
      }
    }
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        return p.toAbsolutePath();
      }
    }
    throw new IllegalArgumentException(
        "agent jar not found (looked at "
            + candidates
            + "); build it with 'mvn -B -q -DskipTests package' or pass --agent-jar");
  }

  private static Process startAgent(Path jar, HostPort at, Path data, String enrollToken)
      throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
            java.toString(),
            "-jar",
            jar.toString(),
            "connect",
            "--controller",
            at.toString(),
            "--data",
            data.resolve("agent").toString(),
            "--enroll-token",
            enrollToken);
    pb.redirectOutput(data.resolve("agent.log").toFile());
    pb.redirectError(data.resolve("agent.log").toFile());
    pb.redirectInput(
        ProcessBuilder.Redirect.from(
            new java.io.File("/dev/null").exists()
                ? new java.io.File("/dev/null")
                : new java.io.File("NUL")));
    return pb.start();
  }

  private static String awaitAgent(ConsoleClient client, Process agent)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!agent.isAlive()) {
        throw new IllegalStateException("the demo agent exited with code " + agent.exitValue());
      }
      List<AgentRow> online = client.agents(Map.of(), Set.of(AgentRow.State.ONLINE));
      if (!online.isEmpty()) {
        return online.get(0).agentId();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the demo agent did not connect within 60 s");
  }
}
