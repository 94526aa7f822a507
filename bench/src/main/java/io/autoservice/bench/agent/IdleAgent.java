package io.autoservice.bench.agent;

import io.autoservice.bench.console.BenchConsole;
import io.autoservice.bench.controller.ControllerProcess;
import io.autoservice.bench.controller.ProcStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A connected agent doing nothing, as a shop's PCs are most of the day: the real controller (mTLS,
 * 127.0.0.1, a short heartbeat so that the window spans several), the image's launcher running
 * {@code connect --enroll-token}, then RSS and CPU of the agent's JVM sampled from /proc.
 */
final class IdleAgent {
  /** What the window saw. CPU is percent of one core over the whole window. */
  record Idle(
      double warmupSeconds,
      double windowSeconds,
      long rssKbMedian,
      long rssKbMax,
      int threads,
      double cpuPercent,
      List<String> agentCommand) {}

  private static final String CONNECTED = "Connected to";

  private IdleAgent() {}

  static Idle measure(
      Path controllerJar,
      Path launcher,
      Path work,
      int heartbeatSeconds,
      Duration warmup,
      Duration window,
      List<String> agentJavaOpts)
      throws IOException, InterruptedException {
    Path settings = work.resolve("controller-settings.json");
    // No web console nor management endpoint: their fixed default ports may be taken by another
    // controller on this machine.
    Files.writeString(
        settings,
        ("{\"heartbeat_seconds\": %d, \"offline_grace_seconds\": %d, \"web_listen\": \"\","
                + " \"management_listen\": \"\"}")
            .formatted(heartbeatSeconds, heartbeatSeconds * 3L));
    try (ControllerProcess controller =
        new ControllerProcess(controllerJar, work, settings, "256m", List.of())) {
      controller.start();
      String token;
      try (BenchConsole console =
          new BenchConsole(
              controller.host(),
              controller.port(),
              controller.caFile(),
              controller.adminTokenFile())) {
        token = console.enrollmentToken(1);
      }
      List<String> cmd =
          List.of(
              launcher.toString(),
              "connect",
              "--controller",
              controller.host() + ":" + controller.port(),
              "--data",
              work.resolve("agent-data").toString(),
              "--enroll-token",
              token);
      Path log = work.resolve("agent.log");
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().put("AUTOSERVICE_AGENT_JAVA_OPTS", String.join(" ", agentJavaOpts));
      pb.environment().put("AUTOSERVICE_LOG", "info");
      Process agent = pb.start();
      try {
        long t0 = System.nanoTime();
        waitConnected(agent, log);
        double connectedAfter = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(warmup.toMillis());
        long pid = agentJvmPid(agent);
        List<ProcStats.Sample> samples = new ArrayList<>();
        long end = System.nanoTime() + window.toNanos();
        samples.add(ProcStats.sample(pid));
        while (System.nanoTime() < end) {
          Thread.sleep(1000);
          samples.add(ProcStats.sample(pid));
        }
        if (!agent.isAlive()) {
          throw new IOException(
              "the agent exited during the idle window; its output:\n" + tail(log));
        }
        ProcStats.Sample first = samples.get(0);
        ProcStats.Sample last = samples.get(samples.size() - 1);
        List<Double> rss = samples.stream().map(s -> (double) s.rssKb()).toList();
        return new Idle(
            connectedAfter + warmup.toSeconds(),
            (last.nanoTime() - first.nanoTime()) / 1e9,
            Math.round(Medians.of(rss)),
            samples.stream().mapToLong(ProcStats.Sample::rssKb).max().orElse(0),
            last.threads(),
            ProcStats.cpuPercent(first, last),
            cmd.subList(0, 5));
      } finally {
        agent.descendants().forEach(ProcessHandle::destroy);
        agent.destroy();
        if (!agent.waitFor(20, TimeUnit.SECONDS)) {
          agent.destroyForcibly();
        }
      }
    }
  }

  private static void waitConnected(Process agent, Path log)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(log) || !Files.readString(log).contains(CONNECTED)) {
      if (!agent.isAlive()) {
        throw new IOException(
            "the agent exited with status " + agent.exitValue() + "; its output:\n" + tail(log));
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("the agent did not connect within 60 s; its output:\n" + tail(log));
      }
      Thread.sleep(100);
    }
  }

  /** The end of the agent's output (the work folder is deleted afterwards). */
  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(none)";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  /** The launcher execs the JVM, so its pid is the JVM's; a launcher that forks has one child. */
  private static long agentJvmPid(Process agent) {
    return agent.children().findFirst().map(ProcessHandle::pid).orElse(agent.pid());
  }
}
