package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux zip as a technician gets it: unpacked with {@code unzip} (which keeps the zip's file
 * modes), every command through {@code bin/autoservice-agent}, on the image's own runtime.
 */
class AgentImageIT {
  static final Path ZIP =
      Path.of(System.getProperty("agent.linux.zip", "target/autoservice-agent-linux-x64.zip"));
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path unpacked;
  static Path home;

  record Outcome(int exitCode, String stdout, String stderr) {}

  @BeforeAll
  static void unzip() throws Exception {
    assertThat(ZIP).as("the Linux zip (mvn package -pl agent)").isRegularFile();
    Outcome unzip =
        exec(List.of("unzip", "-q", ZIP.toString(), "-d", unpacked.toString()), Map.of());
    assertThat(unzip.exitCode()).as(unzip.stderr()).isZero();
    try (Stream<Path> top = Files.list(unpacked)) {
      assertThat(top.map(p -> p.getFileName().toString())).containsExactly("autoservice-agent");
    }
    home = unpacked.resolve("autoservice-agent");
  }

  @Test
  void shouldPrintTheVersionThroughTheLauncherOnTheImagesRuntime() throws Exception {
    Outcome version =
        launcher(Map.of("AUTOSERVICE_AGENT_JAVA_OPTS", "-XshowSettings:properties"), "--version");

    assertThat(version.exitCode()).as(version.stderr()).isZero();
    assertThat(version.stdout()).startsWith("autoservice-agent ");
    assertThat(version.stderr()).contains("java.home = " + home.resolve("runtime").toRealPath());
  }

  @Test
  void shouldRunALocalPlanAndReportItOnStdout() throws Exception {
    Path plan = unpacked.resolve("plan.json");
    Files.writeString(
        plan,
        """
        {"tasks": [
          {"id": "greet", "type": "hello_service", "params": {"name": "image"}},
          {"type": "disk_space_report"},
          {"type": "ping_test", "host": "127.0.0.1", "count": 1, "timeout_ms": 1000}
        ]}
        """);

    Outcome run = launcher(Map.of(), "run", plan.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode report = JSON.readTree(run.stdout());
    assertThat(report.path("status").asText()).isEqualTo("ok");
    assertThat(report.path("tasks")).hasSize(3);
    for (JsonNode task : report.path("tasks")) {
      assertThat(task.path("status").asText()).isEqualTo("success");
    }
    assertThat(report.at("/tasks/0/summary/human_readable/message").asText())
        .isEqualTo("Hello, image!");
    assertThat(report.at("/tasks/2/summary/results/packets/received").asInt()).isEqualTo(1);
    assertThat(run.stderr().lines())
        .contains("TASK_START: greet", "TASK_OK: greet | success", "TASK_START: ping_test")
        .anyMatch(l -> l.startsWith("PROGRESS_JSON_FINAL: {"));
  }

  @Test
  void shouldPassTheAgentsExitStatusThrough() throws Exception {
    Outcome usage = launcher(Map.of(), "run", "--no-such-option");

    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.stderr()).contains("error: ");
  }

  @Test
  void shouldFindItsRuntimeWhenStartedThroughASymbolicLink() throws Exception {
    Path link = unpacked.resolve("link-dir").resolve("autoservice-agent");
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, home.resolve("bin").resolve("autoservice-agent"));

    Outcome version = exec(List.of(link.toString(), "--version"), Map.of());

    assertThat(version.exitCode()).as(version.stderr()).isZero();
    assertThat(version.stdout()).startsWith("autoservice-agent ");
  }

  @Test
  void shouldCarryExactlyTheModulesThePomLists() throws Exception {
    String expected = System.getProperty("agent.image.modules");
    assertThat(expected).as("agent.image.modules (set by the pom)").isNotBlank();

    Outcome modules =
        exec(List.of(home.resolve("runtime/bin/java").toString(), "--list-modules"), Map.of());

    assertThat(modules.exitCode()).isZero();
    assertThat(modules.stdout().lines().map(l -> l.replaceFirst("@.*", "")).sorted())
        .containsExactlyElementsOf(
            Arrays.stream(expected.split(",")).map(String::trim).sorted().toList())
        .doesNotContain("jdk.compiler", "java.desktop");
  }

  @Test
  void shouldLoadTheAgentsClassesFromTheClassDataArchiveItMadeAtTheFirstStart() throws Exception {
    launcher(Map.of(), "--version");
    try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
      assertThat(lib.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.matches("agent-\\d+\\.jsa"));
    }

    Outcome run =
        launcher(Map.of("AUTOSERVICE_AGENT_JAVA_OPTS", "-Xlog:class+load=info"), "--version");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout().lines())
        .anyMatch(
            l -> l.contains(" io.autoservice.agent.cli.AgentMain source: shared objects file"))
        .anyMatch(l -> l.contains(" picocli.CommandLine source: shared objects file"));
  }

  @Test
  void shouldRunWhenTheArchiveIsStale() throws Exception {
    Path copy = unpacked.resolve("stale").resolve("autoservice-agent");
    Files.createDirectories(copy.getParent());
    Outcome cp = exec(List.of("cp", "-a", home.toString(), copy.getParent().toString()), Map.of());
    assertThat(cp.exitCode()).as(cp.stderr()).isZero();
    launcher(copy, Map.of(), "--version");
    try (Stream<Path> lib = Files.list(copy.resolve("lib"))) {
      for (Path jsa : lib.filter(p -> p.toString().endsWith(".jsa")).toList()) {
        jsa.toFile().setWritable(true);
        Files.write(jsa, new byte[] {1, 2, 3});
      }
    }

    Outcome version = launcher(copy, Map.of(), "--version");

    assertThat(version.exitCode()).as(version.stderr()).isZero();
    assertThat(version.stdout()).startsWith("autoservice-agent ");
  }

  @Test
  void shouldShipTheToolFolderAndTheDeployFiles() {
    assertThat(home.resolve("bin/autoservice-agent")).isExecutable();
    assertThat(home.resolve("runtime/lib/jspawnhelper")).isExecutable();
    assertThat(home.resolve("bin/autoservice-agent.cmd")).isRegularFile();
    assertThat(home.resolve("data/programs")).isDirectory();
    assertThat(home.resolve("deploy/systemd/autoservice-agent.service")).isRegularFile();
    assertThat(home.resolve("deploy/windows/install-agent.ps1")).isRegularFile();
    assertThat(home.resolve("deploy/linux/install-agent.sh")).isExecutable();
  }

  private static Outcome launcher(Map<String, String> env, String... args) {
    return launcher(home, env, args);
  }

  private static Outcome launcher(Path image, Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(image.resolve("bin").resolve("autoservice-agent").toString());
    cmd.addAll(List.of(args));
    return exec(cmd, env);
  }

  private static Outcome exec(List<String> cmd, Map<String, String> env) {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(unpacked.toFile());
    pb.environment().remove("JAVA_HOME");
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<byte[]> out = drain(p.getInputStream());
      CompletableFuture<byte[]> err = drain(p.getErrorStream());
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(cmd + " did not exit within 120 s");
      }
      return new Outcome(
          p.exitValue(),
          new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8),
          new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static CompletableFuture<byte[]> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          ByteArrayOutputStream buf = new ByteArrayOutputStream();
          try {
            in.transferTo(buf);
          } catch (IOException e) {
            // the child died; what we have is what there is
          }
          return buf.toByteArray();
        });
  }
}
