package io.autoservice.bench.agent;

import io.autoservice.bench.report.MachineFacts;
import io.autoservice.bench.report.RecordedCommand;
import io.autoservice.bench.report.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code agent}: the agent as installed, from its image (agent/target/image/linux/…): a local
 * plan's wall time against the original Python runner, a connected idle agent's RSS and CPU, the
 * idle heartbeat's size on the wire, and the image's size.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = {
      "Measures the packaged agent: 'agent run' of a three-task plan against the original Python runner",
      "(alternating, median of --runs), a connected idle agent's RSS and CPU (real controller, mTLS,",
      "127.0.0.1), the idle heartbeat's bytes on the wire, and the image's size. Prints one table on",
      "stdout and writes it as JSON. Exit status: 0 measured; 1 a step failed; 2 usage."
    })
public final class AgentCommand implements Callable<Integer> {
  @Option(
      names = "--image",
      defaultValue = "agent/target/image/linux/autoservice-agent",
      description = "The unpacked agent image (bin/autoservice-agent). Default: ${DEFAULT-VALUE}.")
  Path image;

  @Option(
      names = "--zip",
      defaultValue = "agent/target/autoservice-agent-linux-x64.zip",
      description = "The image's zip, for its size. Default: ${DEFAULT-VALUE}.")
  Path zip;

  @Option(
      names = "--python-runner",
      paramLabel = "PATH",
      description =
          "The original runner's service_runner.py (github.com/SonnyTaylor/AutoService, runner/);"
              + " without it the comparison column is skipped.")
  Path pythonRunner;

  @Option(
      names = "--python",
      defaultValue = "python3",
      description = "The Python that runs it. Default: ${DEFAULT-VALUE}.")
  String python;

  @Option(
      names = "--plan",
      defaultValue = "fixtures/plans/bench-agent-three-tasks.json",
      description = "The plan both run. Default: ${DEFAULT-VALUE}.")
  Path plan;

  @Option(
      names = "--runs",
      defaultValue = "7",
      description = "Measured runs of each (0 skips the comparison). Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(
      names = "--controller-jar",
      defaultValue = "controller/target/autoservice-controller.jar",
      description = "The controller's fat jar. Default: ${DEFAULT-VALUE}.")
  Path controllerJar;

  @Option(
      names = "--heartbeat-seconds",
      defaultValue = "5",
      description =
          "The controller's heartbeat_seconds for the idle phase (the product default is 30):"
              + " short, so the window spans several. Default: ${DEFAULT-VALUE}.")
  int heartbeatSeconds;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "20",
      description = "Idle time after connecting before sampling. Default: ${DEFAULT-VALUE}.")
  int warmupSeconds;

  @Option(
      names = "--idle-seconds",
      defaultValue = "60",
      description = "The idle sampling window (0 skips the idle phase). Default: ${DEFAULT-VALUE}.")
  int idleSeconds;

  @Option(
      names = "--agent-java-opts",
      paramLabel = "OPTIONS",
      defaultValue = "",
      description =
          "AUTOSERVICE_AGENT_JAVA_OPTS for every agent start (to try JVM flags on top of the"
              + " launcher's).")
  String agentJavaOpts;

  @Option(
      names = "--out",
      defaultValue = "bench-agent-result.json",
      description = "JSON result file. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path cwd = Path.of("").toAbsolutePath();
    Path launcher = image.toAbsolutePath().resolve("bin").resolve("autoservice-agent");
    if (!Files.isExecutable(launcher)) {
      System.err.println("bench: no launcher at " + launcher + " (mvn package -pl agent -am)");
      return 2;
    }
    Results results = new Results();
    results.option("image", RecordedCommand.of(List.of(image.toAbsolutePath().toString()), cwd));
    results.option("runs", runs);
    results.option("agent_java_opts", agentJavaOpts);
    List<String> opts = agentJavaOpts.isBlank() ? List.of() : List.of(agentJavaOpts.split("\\s+"));

    if (runs > 0) {
      planRuns(results, launcher, cwd, opts);
    }
    if (idleSeconds > 0) {
      idle(results, launcher, opts);
    }
    heartbeat(results);
    sizes(results);

    results.print(System.out);
    results.write(out, MachineFacts.machine(), MachineFacts.build(cwd));
    System.err.println("bench: wrote " + out.toAbsolutePath());
    return 0;
  }

  private void planRuns(Results results, Path launcher, Path cwd, List<String> opts)
      throws IOException, InterruptedException {
    Path planFile = plan.toAbsolutePath();
    List<String> agentCmd = new ArrayList<>();
    if (!opts.isEmpty()) {
      agentCmd.addAll(List.of("env", "AUTOSERVICE_AGENT_JAVA_OPTS=" + String.join(" ", opts)));
    }
    agentCmd.addAll(List.of(launcher.toString(), "run", planFile.toString()));
    List<String> runnerCmd = null;
    if (pythonRunner != null) {
      Path script = pythonRunner.toAbsolutePath();
      runnerCmd = List.of(python, script.toString(), planFile.toString());
      results.option("python_runner", python + " " + script);
    }
    results.option("agent_run_command", RecordedCommand.of(agentCmd, cwd));
    System.err.printf("bench: %d alternating runs of %s%n", runs, planFile);
    PlanRuns.Comparison c = PlanRuns.compare(agentCmd, runnerCmd, cwd, runs);
    results.add("agent run (3 tasks)", "agent median wall time", round(c.agent().median(), 3), "s");
    results.add("agent run (3 tasks)", "agent exit status", c.agent().lastExit(), "");
    if (c.runner() != null) {
      results.add(
          "agent run (3 tasks)",
          "python runner median wall time",
          round(c.runner().median(), 3),
          "s");
      results.add("agent run (3 tasks)", "python runner exit status", c.runner().lastExit(), "");
      results.add("agent run (3 tasks)", "agent / python runner", round(c.ratio(), 2), "x");
    } else {
      results.note("no --python-runner: the original runner's column is skipped");
    }
    results.option("agent_run_seconds", c.agent().seconds());
    if (c.runner() != null) {
      results.option("python_runner_seconds", c.runner().seconds());
    }
  }

  private void idle(Results results, Path launcher, List<String> opts)
      throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("bench-agent-idle");
    try {
      System.err.printf(
          "bench: idle agent, heartbeat %d s, warm-up %d s, window %d s%n",
          heartbeatSeconds, warmupSeconds, idleSeconds);
      IdleAgent.Idle idle =
          IdleAgent.measure(
              controllerJar.toAbsolutePath(),
              launcher,
              work,
              heartbeatSeconds,
              Duration.ofSeconds(warmupSeconds),
              Duration.ofSeconds(idleSeconds),
              opts);
      String s = "idle connected agent";
      results.add(s, "heartbeat interval (bench setting)", heartbeatSeconds, "s");
      results.add(s, "sampled after connect + warm-up", round(idle.warmupSeconds(), 1), "s");
      results.add(s, "window", round(idle.windowSeconds(), 1), "s");
      results.add(s, "RSS median", round(idle.rssKbMedian() / 1024.0, 1), "MiB");
      results.add(s, "RSS max", round(idle.rssKbMax() / 1024.0, 1), "MiB");
      results.add(s, "threads", idle.threads(), "");
      results.add(s, "CPU", round(idle.cpuPercent(), 2), "% of one core");
    } finally {
      deleteTree(work);
    }
  }

  private static void heartbeat(Results results) {
    WireSizes.Heartbeat h = WireSizes.idleHeartbeat(Instant.now());
    String s = "idle heartbeat on the wire";
    results.add(s, "AgentMessage{heartbeat}", h.message(), "B");
    results.add(s, "+ gRPC prefix (5 B)", h.grpcFramed(), "B");
    results.add(s, "+ HTTP/2 DATA frame header (9 B)", h.http2Framed(), "B");
    results.add(s, "+ TLS 1.3 record (22 B)", h.tlsRecord(), "B");
    results.note(
        "heartbeat: the agent's idle message (sent_at, no run); TLS 1.3 record = 5 B header +"
            + " 1 B content type + 16 B AEAD tag, when the frame goes in a record of its own;"
            + " TCP/IP headers not counted");
  }

  private void sizes(Results results) throws IOException {
    // The launcher adds lib/agent-*.jsa at the first start in a folder: not part of what ships.
    long archive = 0;
    Path lib = image.resolve("lib");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> files = Files.list(lib)) {
        for (Path p :
            files.filter(f -> f.getFileName().toString().matches("agent-.*\\.jsa")).toList()) {
          archive += Files.size(p);
        }
      }
    }
    results.add(
        "image",
        "unpacked, as shipped",
        round((ImageSize.bytes(image) - archive) / 1048576.0, 1),
        "MiB");
    results.add(
        "image", "class-data archive made at first start", round(archive / 1048576.0, 1), "MiB");
    Path runtime = image.resolve("runtime");
    if (Files.isDirectory(runtime)) {
      results.add("image", "runtime/", round(ImageSize.bytes(runtime) / 1048576.0, 1), "MiB");
    }
    Path jar = image.resolve("autoservice-agent.jar");
    if (Files.isRegularFile(jar)) {
      results.add("image", "autoservice-agent.jar", round(Files.size(jar) / 1048576.0, 1), "MiB");
    }
    if (Files.isRegularFile(zip)) {
      results.add("image", "zip", round(Files.size(zip) / 1048576.0, 1), "MiB");
    }
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
