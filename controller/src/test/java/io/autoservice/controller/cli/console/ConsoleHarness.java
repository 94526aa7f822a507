package io.autoservice.controller.cli.console;

import io.autoservice.common.auth.Role;
import io.autoservice.common.net.HostPort;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.client.UsageException;
import io.autoservice.controller.cli.ControllerMain;
import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * A real controller on a loopback port, fake agents connected to it, and the console verbs run
 * in-process through {@link ControllerMain#commandLine()} with their output captured. Verbs and
 * clients authenticate as user {@code tech} (role technician), which the harness creates with the
 * admin token the controller's first start wrote.
 */
final class ConsoleHarness implements AutoCloseable {
  final ControllerServer server;
  final String address;
  final Path adminTokenFile;
  final String adminToken;
  final String techToken;
  private final List<FakeAgent> agents = new ArrayList<>();

  /** What a console verb printed and returned. */
  record Result(int code, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }
  }

  ConsoleHarness(Path dataDir) throws Exception {
    this(dataDir, ControllerSettings.defaults().withManagementListen("", null));
  }

  /** As above, with these settings (their listen address and data folder are the harness's). */
  ConsoleHarness(Path dataDir, ControllerSettings settings) throws Exception {
    this(dataDir, settings, Clock.systemUTC());
  }

  /** As above, the controller reading this clock (a fake one moves schedules along). */
  ConsoleHarness(Path dataDir, ControllerSettings settings, Clock clock) throws Exception {
    server = ControllerServer.start(settings.with("127.0.0.1:0", dataDir), clock, true);
    address = "127.0.0.1:" + server.address().port();
    adminTokenFile = server.adminTokenFile().orElseThrow();
    adminToken = Files.readString(adminTokenFile).strip();
    techToken = addUser("tech", Role.TECHNICIAN);
  }

  /** Creates a user through the controller, as the admin; returns its token. */
  String addUser(String name, Role role) {
    try (ConsoleClient admin = client(adminToken)) {
      return admin.addUser(name, role).token();
    }
  }

  FakeAgent agent(String id, String hostname, Map<String, String> labels)
      throws InterruptedException {
    FakeAgent a = new FakeAgent(id, hostname, labels, server.address().port()).connect();
    agents.add(a);
    return a;
  }

  /** A client for arranging state directly, as {@code tech}. */
  ConsoleClient client() {
    return client(techToken);
  }

  /** A client with this token ({@code null}: none). */
  ConsoleClient client(String token) {
    try {
      return ConsoleClient.connect(HostPort.parse(address), token, null);
    } catch (UsageException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code controller console --controller <this> --insecure --token <tech's> <args>}. */
  Result console(String... args) {
    return consoleAs(techToken, args);
  }

  /** {@code controller console --controller <this> --insecure --token <token> <args>}. */
  Result consoleAs(String token, String... args) {
    return raw(
        Stream.concat(
                Stream.of("console", "--controller", address, "--insecure", "--token", token),
                Stream.of(args))
            .toArray(String[]::new));
  }

  /** Runs the controller's command line as given, capturing picocli's out and err. */
  static Result raw(String... args) {
    CommandLine cl = ControllerMain.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** As {@link #console}, with System.out/err/in replaced (for {@code run}, which prints bytes). */
  Result consoleWithStdio(String stdin, String... args) {
    return rawWithStdio(
        stdin,
        Stream.concat(
                Stream.of("console", "--controller", address, "--insecure", "--token", techToken),
                Stream.of(args))
            .toArray(String[]::new));
  }

  /** As {@link #raw}, with System.out/err/in replaced; picocli's writers are appended. */
  static synchronized Result rawWithStdio(String stdin, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    InputStream oldIn = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      Result r = raw(args);
      return new Result(
          r.code(),
          out.toString(StandardCharsets.UTF_8) + r.out(),
          err.toString(StandardCharsets.UTF_8) + r.err());
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
    }
  }

  @Override
  public void close() throws Exception {
    for (FakeAgent a : agents) {
      a.close();
    }
    server.close();
  }
}
