package io.autoservice.agent.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the built agent jar as a child process, the way a technician or the desktop host does. */
final class AgentProcess {
  static final Path JAR = Path.of(System.getProperty("agent.jar", "target/autoservice-agent.jar"));
  static final Path FIXTURES = Path.of(System.getProperty("fixtures.dir", "../fixtures"));

  /**
   * JVM options for every child. The ITs start the agent a hundred-odd times and each start spent
   * about half a second loading classes and warming the JIT for a run that lasts milliseconds; a
   * class-data archive of the agent's own classes (made once per test JVM, by one training run) and
   * the C1 compiler alone halve that. They change start-up cost only, never what the agent does;
   * {@code -Dagent.fastStart=false} runs the children with the JVM's defaults.
   */
  private static final List<String> JVM_OPTIONS = jvmOptions();

  /** What the run left behind. */
  record Outcome(int exitCode, String stdout, String stderr) {
    List<String> stderrLines() {
      return stderr.lines().toList();
    }

    List<String> markerLines() {
      return stderr
          .lines()
          .filter(l -> l.startsWith("TASK_") || l.startsWith("PROGRESS_JSON"))
          .toList();
    }
  }

  private final Process process;
  private final CompletableFuture<byte[]> out;
  private final CompletableFuture<byte[]> err;

  /**
   * Filled as the agent writes (ByteArrayOutputStream is synchronized), so a test can wait on a
   * line.
   */
  private final ByteArrayOutputStream errSoFar = new ByteArrayOutputStream();

  private AgentProcess(Process process) {
    this.process = process;
    this.out = drain(process.getInputStream(), new ByteArrayOutputStream());
    this.err = drain(process.getErrorStream(), errSoFar);
  }

  static AgentProcess start(List<String> args, Map<String, String> env, String stdin) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException("agent jar not built: " + JAR.toAbsolutePath());
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    cmd.addAll(JVM_OPTIONS);
    cmd.add("-jar");
    cmd.add(JAR.toAbsolutePath().toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      return new AgentProcess(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Outcome run(String... args) {
    return start(List.of(args), Map.of(), null).await();
  }

  static Outcome run(Map<String, String> env, String... args) {
    return start(List.of(args), env, null).await();
  }

  Process process() {
    return process;
  }

  /** What the agent has written to stderr (its log) up to now, while it runs. */
  String stderrSoFar() {
    return errSoFar.toString(StandardCharsets.UTF_8);
  }

  /** Waits for the agent to exit; what it wrote after a SIGKILL is what reached the pipe before. */
  Outcome await() {
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("agent did not exit within 120 s");
      }
      return new Outcome(
          process.exitValue(),
          new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8),
          new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static List<String> jvmOptions() {
    if (!Boolean.parseBoolean(System.getProperty("agent.fastStart", "true"))
        || !Files.isRegularFile(JAR)) {
      return List.of();
    }
    // cds logging off: a dumping run lists every class it skips, and a stale archive warns on
    // stdout, which the tests read as the agent's own output.
    List<String> base =
        List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xlog:cds=off,cds+dynamic=off");
    try {
      Path dir = Files.createTempDirectory("agent-cds");
      dir.toFile().deleteOnExit();
      Path archive = dir.resolve("agent.jsa");
      archive.toFile().deleteOnExit();
      List<String> training = new ArrayList<>(List.of(javaExecutable()));
      training.addAll(base);
      training.add("-XX:ArchiveClassesAtExit=" + archive);
      training.addAll(
          List.of(
              "-jar",
              JAR.toAbsolutePath().toString(),
              "{\"type\":\"hello_service\",\"name\":\"archive\"}"));
      Process p =
          new ProcessBuilder(training)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isRegularFile(archive)) {
        List<String> withArchive = new ArrayList<>(base);
        withArchive.add("-XX:SharedArchiveFile=" + archive);
        return List.copyOf(withArchive);
      }
      p.destroyForcibly();
    } catch (IOException e) {
      // No archive: the children start a little slower, nothing else changes.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return base;
  }

  private static CompletableFuture<byte[]> drain(InputStream in, ByteArrayOutputStream buf) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            in.transferTo(buf);
          } catch (IOException e) {
            // The child died; what we have is what there is.
          }
          return buf.toByteArray();
        });
  }
}
