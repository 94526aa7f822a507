package io.autoservice.controller.crash;

import io.autoservice.testsupport.Eventually;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real controller ({@code serve --insecure} on loopback) the crash test starts and kills. */
final class ControllerProcess implements AutoCloseable {
  static final Path JAR =
      Path.of(System.getProperty("controller.jar", "target/autoservice-controller.jar"))
          .toAbsolutePath();
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private final Path root;
  private final Path data;
  private final int port;
  private Process process;
  private int starts;

  ControllerProcess(Path root) throws IOException {
    this.root = Files.createDirectories(root);
    this.data = root.resolve("data");
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      this.port = s.getLocalPort();
    }
    // Quick reconnects; no agent is dropped for silence during a round.
    Files.writeString(
        root.resolve("controller.json"),
        "{\"management_listen\": \"\", \"heartbeat_seconds\": 5, \"offline_grace_seconds\": 60,"
            + " \"max_agent_connects_per_second\": 10000, \"max_events_per_second_per_agent\": 100000}\n");
  }

  int port() {
    return port;
  }

  Path data() {
    return data;
  }

  /** Starts it and waits until it serves; returns how long that took. */
  Duration start() throws Exception {
    long t0 = System.nanoTime();
    Path log = root.resolve("controller-" + (++starts) + ".log");
    process =
        new ProcessBuilder(
                List.of(
                    JAVA,
                    "-Xmx512m",
                    "-XX:+UseSerialGC",
                    "-jar",
                    JAR.toString(),
                    "serve",
                    "--insecure",
                    "--listen",
                    "127.0.0.1:" + port,
                    "--data",
                    data.toString(),
                    "--config",
                    root.resolve("controller.json").toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Eventually.until(
        "the controller serving (log " + log + ")",
        Duration.ofSeconds(60),
        () -> {
          String text = Files.readString(log, StandardCharsets.UTF_8);
          if (!process.isAlive()) {
            throw new AssertionError(
                "the controller exited with " + process.exitValue() + ":\n" + text);
          }
          return text.contains("controller: serving on");
        });
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  /** SIGKILL: nothing flushed, no shutdown hook. */
  void kill() throws Exception {
    process.toHandle().destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the controller did not die of SIGKILL");
    }
  }

  String adminToken() throws IOException {
    return Files.readString(data.resolve("admin.token")).strip();
  }

  @Override
  public void close() {
    if (process != null) {
      process.toHandle().destroyForcibly();
    }
  }
}
