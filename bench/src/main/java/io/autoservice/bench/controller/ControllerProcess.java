package io.autoservice.bench.controller;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real controller as a child process ({@code java -Xmx… -jar autoservice-controller.jar
 * serve}), with mTLS, on 127.0.0.1 only. Its output goes to {@code controller.log} in the work
 * folder, which is also how readiness is seen: the "serving on" line it prints once it listens.
 * Killed (with its descendants) on {@link #close()} and by a shutdown hook, so no controller
 * outlives the bench.
 */
public final class ControllerProcess implements AutoCloseable {
  private static final String READY = "controller: serving on";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path jar;
  private final Path dataDir;
  private final Path settingsFile;
  private final Path log;
  private final String heap;
  private final int port;
  private final List<String> extraJvmArgs;
  private Process process;
  private final Thread hook = new Thread(this::killQuietly, "bench-kill-controller");

  public ControllerProcess(
      Path jar, Path workDir, Path settingsFile, String heap, List<String> extraJvmArgs)
      throws IOException {
    this(jar, workDir, "controller", settingsFile, heap, extraJvmArgs);
  }

  /**
   * A controller named {@code name} in the work folder: data in {@code <name>-data}, output in
   * {@code <name>.log}.
   */
  public ControllerProcess(
      Path jar,
      Path workDir,
      String name,
      Path settingsFile,
      String heap,
      List<String> extraJvmArgs)
      throws IOException {
    this.jar = jar;
    this.dataDir = workDir.resolve(name + "-data");
    this.settingsFile = settingsFile;
    this.log = workDir.resolve(name + ".log");
    this.heap = heap;
    this.extraJvmArgs = List.copyOf(extraJvmArgs);
    this.port = freePort();
    Runtime.getRuntime().addShutdownHook(hook);
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  public long pid() {
    return process.pid();
  }

  /** The command line, for the result's options. */
  public List<String> command() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.addAll(extraJvmArgs);
    cmd.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "serve",
            "--listen",
            host() + ":" + port,
            "--data",
            dataDir.toString(),
            "--config",
            settingsFile.toString()));
    return cmd;
  }

  /** Starts it and waits until it serves; returns the time that took. */
  public Duration start() throws IOException, InterruptedException {
    long before = readyLines();
    long t0 = System.nanoTime();
    Files.createDirectories(dataDir);
    process =
        new ProcessBuilder(command())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = t0 + START_TIMEOUT.toNanos();
    while (readyLines() <= before) {
      if (!process.isAlive()) {
        throw new IOException(
            "the controller exited with status "
                + process.exitValue()
                + " before serving; see "
                + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "the controller did not serve within " + START_TIMEOUT.toSeconds() + " s; see " + log);
      }
      Thread.sleep(50);
    }
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  /** {@code kill -9}: no shutdown hook runs in the controller, nothing is flushed. */
  public void kill9() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  public Path adminTokenFile() {
    return dataDir.resolve("admin.token");
  }

  public Path caFile() {
    return dataDir.resolve("tls").resolve("ca.pem");
  }

  /** The CA's private key the controller made in its data folder on first start. */
  public Path caKeyFile() {
    return dataDir.resolve("tls").resolve("ca.key");
  }

  public Path logFile() {
    return log;
  }

  private long readyLines() throws IOException {
    if (!Files.exists(log)) {
      return 0;
    }
    // The log is small during start-up checks; counting lines keeps restarts (same file, appended)
    // apart.
    String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    long n = 0;
    for (int i = text.indexOf(READY); i >= 0; i = text.indexOf(READY, i + 1)) {
      n++;
    }
    return n;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private void killQuietly() {
    if (process != null && process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    killQuietly();
    if (process != null) {
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs anyway
    }
  }
}
