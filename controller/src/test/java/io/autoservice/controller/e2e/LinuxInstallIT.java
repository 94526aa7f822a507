package io.autoservice.controller.e2e;

import static io.autoservice.controller.e2e.FleetProcesses.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.autoservice.testsupport.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/linux/install-agent.sh} run for real against a real controller: installs under a
 * scratch root ({@code --root}, no systemctl), enrols with a real token, writes the unit whose
 * command connects the agent, and {@code --uninstall} takes it all away again. The units are
 * checked with {@code systemd-analyze verify} where it exists.
 */
class LinuxInstallIT {
  private static final Path REPO = FleetProcesses.FIXTURES.getParent();
  private static final Path SCRIPT = REPO.resolve("deploy/linux/install-agent.sh");
  private static final String UNIT = "etc/systemd/system/autoservice-agent.service";
  private static FleetProcesses fleet;

  @BeforeAll
  static void start() throws Exception {
    fleet = FleetProcesses.start("linux-install");
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private record Ran(int exit, String output) {}

  private static Ran run(List<String> command, Path log) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(FleetProcesses.nullFile())
            .start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.toHandle().destroyForcibly();
      throw new AssertionError(command + " did not exit within 90 s:\n" + Files.readString(log));
    }
    return new Ran(p.exitValue(), Files.readString(log));
  }

  private static Ran script(Path root, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("sh", SCRIPT.toString(), "--root", root.toString()));
    cmd.add("--no-systemctl");
    cmd.addAll(List.of(args));
    return run(cmd, Files.createTempFile(root.getParent(), "install-agent", ".log"));
  }

  private static Path newRoot(String name) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "e2e").toAbsolutePath());
    return Files.createTempDirectory(dir, name);
  }

  private static Ran install(Path root) throws Exception {
    return script(
        root,
        "--jar",
        FleetProcesses.AGENT_JAR.toString(),
        "--controller",
        fleet.address(),
        "--token",
        fleet.enrollToken());
  }

  @Test
  void installEnrolsWritesAUnitThatConnectsAndUninstallRemovesWhatItWrote() throws Exception {
    Path root = newRoot("install-root");

    Ran installed = install(root);

    assertThat(installed.exit()).as(installed.output()).isZero();
    Path data = root.resolve("var/lib/autoservice-agent");
    assertThat(Files.readString(data.resolve("tls/identity.pem")))
        .contains("BEGIN CERTIFICATE")
        .contains("BEGIN PRIVATE KEY");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
        .isEqualTo("rwx------");
    String execStart =
        "/opt/autoservice-agent/bin/autoservice-agent connect --controller "
            + fleet.address()
            + " --data /var/lib/autoservice-agent";
    assertThat(Files.readAllLines(root.resolve(UNIT)))
        .contains("ExecStart=" + execStart, "WorkingDirectory=/var/lib/autoservice-agent");

    // The unit's command, relocated into the scratch root, joins the fleet.
    Path log = root.getParent().resolve(root.getFileName() + "-agent.log");
    Process agent =
        new ProcessBuilder(relocated(root, execStart).split(" "))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(FleetProcesses.nullFile())
            .start();
    try {
      Eventually.until(
          "the installed agent connected (log " + log + ")",
          WAIT,
          () -> {
            assertThat(agent.isAlive()).as(FleetProcesses.read(log)).isTrue();
            return FleetProcesses.CONNECTED.matcher(FleetProcesses.read(log)).find();
          });
      agent.toHandle().destroy(); // SIGTERM, as systemctl stop
      assertThat(agent.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(agent.exitValue()).isZero();
    } finally {
      agent.toHandle().destroyForcibly();
    }

    Ran removed = script(root, "--uninstall");

    assertThat(removed.exit()).as(removed.output()).isZero();
    assertThat(root.resolve(UNIT)).doesNotExist();
    assertThat(root.resolve("opt/autoservice-agent")).doesNotExist();
    assertThat(data.resolve("tls/identity.pem")).as("data kept without --purge").exists();
    assertThat(removed.output()).contains("kept " + data);

    Ran purged = script(root, "--uninstall", "--purge");

    assertThat(purged.exit()).as(purged.output()).isZero();
    try (Stream<Path> left = Files.walk(root)) {
      assertThat(left.filter(Files::isRegularFile)).as("files left under " + root).isEmpty();
    }
  }

  @Test
  void anImageZipIsUnpackedAndItsLauncherEnrolsTheAgent() throws Exception {
    assumeTrue(onPath("unzip"), "unzip is not installed here (.ci/run installs it)");
    Path root = newRoot("zip-root");
    Path zip = root.getParent().resolve(root.getFileName() + "-autoservice-agent-linux-x64.zip");
    // The image's layout (autoservice-agent/bin/autoservice-agent beside the jar), with a
    // launcher on this JVM instead of the image's own runtime; stored without Unix modes.
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("autoservice-agent/bin/autoservice-agent"));
      out.write(
          ("#!/bin/sh\nhome=$(cd \"$(dirname \"$0\")/..\" && pwd -P)\n"
                  + "exec "
                  + java
                  + " -jar \"$home/autoservice-agent.jar\" \"$@\"\n")
              .getBytes(StandardCharsets.UTF_8));
      out.putNextEntry(new ZipEntry("autoservice-agent/autoservice-agent.jar"));
      Files.copy(FleetProcesses.AGENT_JAR, out);
    }

    Ran r =
        script(
            root,
            "--zip",
            zip.toString(),
            "--controller",
            fleet.address(),
            "--token",
            fleet.enrollToken());

    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(root.resolve("opt/autoservice-agent/bin/autoservice-agent")).isExecutable();
    assertThat(root.resolve("opt/autoservice-agent/autoservice-agent.jar")).isRegularFile();
    assertThat(root.resolve("var/lib/autoservice-agent/tls/identity.pem")).isRegularFile();
    assertThat(Files.readString(root.resolve(UNIT)))
        .contains("ExecStart=/opt/autoservice-agent/bin/autoservice-agent connect");
  }

  @Test
  void aRefusedTokenStopsTheInstallBeforeAnyUnitIsWritten() throws Exception {
    Path root = newRoot("refused-root");

    Ran r =
        script(
            root,
            "--jar",
            FleetProcesses.AGENT_JAR.toString(),
            "--controller",
            fleet.address(),
            "--token",
            "AS1.nope");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.output()).contains("enrolment failed").contains("controller enroll create");
    assertThat(root.resolve(UNIT)).doesNotExist();
  }

  @Test
  void theWrittenUnitAndTheShippedUnitsPassSystemdAnalyzeVerify() throws Exception {
    assumeTrue(
        onPath("systemd-analyze"),
        "systemd-analyze is not installed here (Debian package systemd; .ci/run installs it)");
    Path root = newRoot("verify-root");
    assertThat(install(root).exit()).isZero();
    Path launcher = root.resolve("opt/autoservice-agent/bin/autoservice-agent");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path checked = Files.createDirectories(root.resolve("checked"));

    // systemd-analyze checks that ExecStart's program exists: point it at the installed copy.
    List<Path> units =
        List.of(
            copy(root.resolve(UNIT), checked.resolve("written/autoservice-agent.service"), root),
            copy(
                REPO.resolve("deploy/systemd/autoservice-agent.service"),
                checked.resolve("shipped/autoservice-agent.service"),
                root),
            copy(
                REPO.resolve("deploy/systemd/autoservice-controller.service"),
                checked.resolve("shipped/autoservice-controller.service"),
                root));
    assertThat(launcher).isExecutable();
    assertThat(Files.readString(units.get(2))).doesNotContain("/usr/bin/java");
    assertThat(Files.readString(units.get(2))).contains(java);

    for (Path unit : units) {
      Ran r =
          run(
              List.of("systemd-analyze", "verify", unit.toString()),
              root.resolve(unit.getParent().getFileName() + "-" + unit.getFileName() + ".log"));
      assertThat(r.exit()).as("systemd-analyze verify %s:%n%s", unit, r.output()).isZero();
      assertThat(r.output())
          .as("warnings about %s", unit)
          .doesNotContain(unit.getFileName().toString());
    }
  }

  /** The unit with its program paths moved into the scratch root (and the controller's java). */
  private static Path copy(Path unit, Path to, Path root) throws IOException {
    Files.createDirectories(to.getParent());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(
        to, relocated(root, Files.readString(unit)).replace("/usr/bin/java ", java + " "));
    return to;
  }

  private static String relocated(Path root, String text) {
    return text.replace("/opt/autoservice-agent/", root + "/opt/autoservice-agent/")
        .replace("/var/lib/autoservice-agent", root + "/var/lib/autoservice-agent");
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
