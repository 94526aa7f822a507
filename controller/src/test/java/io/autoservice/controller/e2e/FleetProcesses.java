package io.autoservice.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A real fleet on loopback, from the built jars: one {@code controller serve}, any number of
 * {@code agent connect}, and console verbs run as child processes the way a technician types
 * them. Every process writes to files under {@code target/e2e/<label>-<time>/}, which stay behind
 * for a failed test to be read; {@link #close()} kills whatever is still running.
 *
 * <p>Timings are shortened through the controller's config file (heartbeat 1 s, offline grace
 * 3 s, run lost after 5 s) so offline agents and lost runs show within seconds.
 */
final class FleetProcesses implements AutoCloseable {
  static final Path CONTROLLER_JAR =
      Path.of(System.getProperty("controller.jar", "target/autoservice-controller.jar")).toAbsolutePath();
  static final Path AGENT_JAR =
      Path.of(System.getProperty("agent.jar", "../agent/target/autoservice-agent.jar")).toAbsolutePath().normalize();
  static final Path FIXTURES = Path.of(System.getProperty("fixtures.dir", "../fixtures")).toAbsolutePath().normalize();
  static final Path PLANS = FIXTURES.resolve("plans");

  /** How long a condition may take before the test fails. */
  static final Duration WAIT = Duration.ofSeconds(30);

  static final ObjectMapper JSON = new ObjectMapper();
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  /** The controller's run_lost_after_seconds unless a test asks for another. */
  static final int RUN_LOST_AFTER_SECONDS = 5;

  private final Path root;
  private final int port;
  private final Path controllerData;
  private final Path controllerConfig;
  private final Map<String, Agent> agents = new LinkedHashMap<>();
  private final List<Process> started = new ArrayList<>();
  private final List<Process> liveConsoles = new ArrayList<>();
  private final AtomicInteger seq = new AtomicInteger();
  private Process controller;
  private int controllerStarts;

  private FleetProcesses(Path root, int runLostAfterSeconds) throws IOException {
    this.root = root;
    this.port = freePort();
    this.controllerData = root.resolve("controller-data");
    this.controllerConfig = root.resolve("controller.json");
    Files.writeString(controllerConfig, "{\"heartbeat_seconds\": 1, \"offline_grace_seconds\": 3,"
        + " \"run_lost_after_seconds\": " + runLostAfterSeconds + "}\n");
  }

  /** A fleet folder under {@code target/e2e}, with the controller started and serving. */
  static FleetProcesses start(String label) throws Exception {
    return start(label, RUN_LOST_AFTER_SECONDS);
  }

  /** As {@link #start(String)}, with the controller's {@code run_lost_after_seconds} chosen. */
  static FleetProcesses start(String label, int runLostAfterSeconds) throws Exception {
    for (Path jar : List.of(CONTROLLER_JAR, AGENT_JAR)) {
      assertThat(jar).as("built jar (run 'mvn package' first)").isRegularFile();
    }
    Path root = Files.createDirectories(Path.of("target", "e2e").toAbsolutePath())
        .resolve(label + "-" + System.currentTimeMillis());
    Files.createDirectories(root);
    FleetProcesses fleet = new FleetProcesses(root, runLostAfterSeconds);
    try {
      fleet.startController();
    } catch (Exception | AssertionError e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }

  Path root() {
    return root;
  }

  /** {@code 127.0.0.1:<port>}: what agents and consoles dial. */
  String address() {
    return "127.0.0.1:" + port;
  }

  // ---- the controller

  /** Starts {@code controller serve} on this fleet's port and data folder; waits until it serves. */
  void startController() throws Exception {
    assertThat(controller == null || !controller.isAlive()).as("controller already running").isTrue();
    Path log = root.resolve("controller-" + (++controllerStarts) + ".log");
    controller = spawn(log, List.of("-XX:+UseSerialGC"), CONTROLLER_JAR,
        "serve", "--listen", address(), "--data", controllerData.toString(), "--config", controllerConfig.toString());
    Process p = controller;
    Poll.until("the controller serving on " + address() + " (log " + log + ")", WAIT,
        () -> {
          if (!p.isAlive()) {
            throw new AssertionError("the controller exited with " + p.exitValue() + ":\n" + read(log));
          }
          return read(log).contains("controller: serving on");
        });
  }

  /** SIGTERM, as systemd or Ctrl-C stops it; returns its exit code. */
  int stopController() throws Exception {
    controller.toHandle().destroy();
    assertThat(controller.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("the controller exits within %s of SIGTERM", WAIT).isTrue();
    return controller.exitValue();
  }

  // ---- agents

  /** One agent's data folder, config and current process. */
  static final class Agent {
    final String name;
    final Path data;
    final Path config;
    Process process;
    Path log;
    int starts;
    String id;

    Agent(String name, Path data, Path config) {
      this.name = name;
      this.data = data;
      this.config = config;
    }

    String id() {
      return id;
    }

    @Override
    public String toString() {
      return name + " (" + id + ")";
    }
  }

  /** A new agent with these labels in its config file; returns once it is connected. */
  Agent startAgent(String name, Map<String, String> labels) throws Exception {
    return startAgents(Map.of(name, labels)).get(0);
  }

  /** New agents (name to labels), started together; returns once all are connected. */
  List<Agent> startAgents(Map<String, Map<String, String>> labelsByName) throws Exception {
    List<Agent> list = new ArrayList<>();
    for (var e : new java.util.TreeMap<>(labelsByName).entrySet()) {
      String name = e.getKey();
      Path config = root.resolve("agent-" + name + ".json");
      Files.writeString(config, JSON.writeValueAsString(Map.of("labels", e.getValue())));
      Agent a = new Agent(name, root.resolve("agent-" + name + "-data"), config);
      agents.put(name, a);
      launch(a);
      list.add(a);
    }
    for (Agent a : list) {
      awaitConnected(a);
    }
    return list;
  }

  /** Starts the agent's process again on the same data folder (same id); does not wait. */
  void launch(Agent a) throws IOException {
    assertThat(a.process == null || !a.process.isAlive()).as("%s already running", a).isTrue();
    a.log = root.resolve("agent-" + a.name + "-" + (++a.starts) + ".log");
    a.process = spawn(a.log, List.of("-XX:+UseSerialGC"), AGENT_JAR,
        "connect", "--insecure", "--controller", address(), "--data", a.data.toString(), "--config", a.config.toString());
  }

  /** Waits for the agent's log to say it got its Welcome; reads its id from its data folder. */
  void awaitConnected(Agent a) throws Exception {
    Process p = a.process;
    Path log = a.log;
    Poll.until(a.name + " connected (log " + log + ")", WAIT,
        () -> {
          if (!p.isAlive()) {
            throw new AssertionError(a.name + " exited with " + p.exitValue() + ":\n" + read(log));
          }
          return read(log).contains("Connected to the controller as agent");
        });
    a.id = Files.readString(a.data.resolve("agent-id")).strip();
  }

  /** SIGTERM: the agent cancels its run, says goodbye and exits; returns its exit code. */
  int stopAgent(Agent a) throws Exception {
    a.process.toHandle().destroy();
    assertThat(a.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("%s exits after SIGTERM", a).isTrue();
    return a.process.exitValue();
  }

  /** SIGKILL: the agent vanishes mid-whatever, as a pulled power cord does. */
  void killAgent(Agent a) throws Exception {
    a.process.toHandle().destroyForcibly();
    assertThat(a.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("%s dies after SIGKILL", a).isTrue();
  }

  // ---- console verbs and agent run

  /** What a finished child process left. */
  record Result(String command, int exitCode, String stdout, String stderr, Instant exitedAt) {
    /** Asserts exit 0 (showing the command's stderr otherwise) and returns this. */
    Result ok() {
      assertThat(exitCode).as("exit code of %s; stderr:%n%s", command, stderr).isZero();
      return this;
    }

    JsonNode json() {
      try {
        return JSON.readTree(stdout);
      } catch (IOException e) {
        throw new AssertionError("stdout of " + command + " is not JSON:\n" + stdout + "\nstderr:\n" + stderr, e);
      }
    }

    /** The classic protocol's marker lines on stderr, in order. */
    List<String> markerLines() {
      return stderr.lines().filter(l -> l.startsWith("TASK_") || l.startsWith("PROGRESS_JSON")).toList();
    }
  }

  /** {@code controller console --controller <this fleet> args…}; waits for it to exit. */
  Result console(String... args) throws Exception {
    List<String> full = new ArrayList<>(List.of("console", "--controller", address()));
    full.addAll(Arrays.asList(args));
    return runJar(CONTROLLER_JAR, ConsoleJvm.flags(this), full, "console-" + args[0]);
  }

  /** A console verb that must succeed and print JSON ({@code --json} is the caller's). */
  JsonNode consoleJson(String... args) throws Exception {
    return console(args).ok().json();
  }

  /** {@code agent run args…}: the local mode, from the agent jar. */
  Result agentRun(String... args) throws Exception {
    List<String> full = new ArrayList<>(List.of("run"));
    full.addAll(Arrays.asList(args));
    return runJar(AGENT_JAR, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), full, "agent-run");
  }

  Result runJar(Path jar, List<String> jvm, List<String> args, String name) throws Exception {
    int n = seq.incrementAndGet();
    Path out = root.resolve(String.format("%03d-%s.out", n, name));
    Path err = root.resolve(String.format("%03d-%s.err", n, name));
    List<String> cmd = command(jvm, jar, args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
    Process p = track(pb.start());
    String shown = jar.getFileName() + " " + String.join(" ", args);
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.toHandle().destroyForcibly();
      throw new AssertionError(shown + " did not exit within 90 s; stderr:\n" + read(err));
    }
    Instant exited = Instant.now();
    untrack(p);
    return new Result(shown, p.exitValue(), read(out), read(err), exited);
  }

  /** A line a live process printed, with when the test read it. */
  record TimedLine(Instant at, String line) {}

  /** A console verb left running, its stdout read line by line as it comes (for follow). */
  final class LiveConsole {
    private final Process process;
    private final List<TimedLine> lines = new ArrayList<>();
    private final Thread reader;
    private final Path err;

    LiveConsole(Process process, Path err) {
      this.process = process;
      this.err = err;
      this.reader = new Thread(this::read, "e2e-console-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          Instant at = Instant.now();
          synchronized (lines) {
            lines.add(new TimedLine(at, line));
          }
        }
      } catch (IOException e) {
        // The process died: what was read is what there is.
      }
    }

    /** Waits for exit (and for its stdout to be read to the end); returns the exit code. */
    int await(Duration max) throws Exception {
      if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("console did not exit within " + max + "; stdout so far:\n" + text()
            + "\nstderr:\n" + FleetProcesses.read(err));
      }
      reader.join(10_000);
      untrack(process);
      return process.exitValue();
    }

    List<TimedLine> lines() {
      synchronized (lines) {
        return List.copyOf(lines);
      }
    }

    String text() {
      return lines().stream().map(TimedLine::line).collect(Collectors.joining("\n"));
    }

    String stderr() {
      return FleetProcesses.read(err);
    }
  }

  /** Starts a console verb and returns at once; its stdout is read as it comes. */
  LiveConsole startConsole(String... args) throws Exception {
    List<String> full = new ArrayList<>(List.of("console", "--controller", address()));
    full.addAll(Arrays.asList(args));
    int n = seq.incrementAndGet();
    Path err = root.resolve(String.format("%03d-live-console-%s.err", n, args[0]));
    ProcessBuilder pb = new ProcessBuilder(command(ConsoleJvm.flags(this), CONTROLLER_JAR, full))
        .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()));
    Process p = track(pb.start());
    synchronized (this) {
      liveConsoles.add(p);
    }
    return new LiveConsole(p, err);
  }

  /** Kills live consoles a test left running (a fleet shared by a class outlives its tests). */
  synchronized void closeConsoles() {
    for (Process p : liveConsoles) {
      p.toHandle().destroyForcibly();
    }
    liveConsoles.clear();
  }

  // ---- what a technician reads

  List<JsonNode> agents() throws Exception {
    List<JsonNode> list = new ArrayList<>();
    consoleJson("agents", "--json").forEach(list::add);
    return list;
  }

  /** The agent's row in {@code agents --json}, or a missing node. */
  JsonNode agentRow(Agent a) throws Exception {
    return agents().stream().filter(r -> r.path("agent_id").asText().equals(a.id)).findFirst()
        .orElse(JSON.missingNode());
  }

  /** The run's row in {@code runs --json}, or a missing node. */
  JsonNode runRow(String runId) throws Exception {
    for (JsonNode r : consoleJson("runs", "--json", "--limit", "1000")) {
      if (r.path("run_id").asText().equals(runId)) {
        return r;
      }
    }
    return JSON.missingNode();
  }

  /** Polls {@code runs --json} until the run is in {@code state}; returns its row. */
  JsonNode awaitRunState(String runId, String state, Duration max) throws Exception {
    return Poll.until("run " + runId + " " + state, max, () -> runRow(runId),
        r -> r.path("state").asText().equals(state));
  }

  /** Polls {@code agents --json} until the agent is in {@code state}; returns its row. */
  JsonNode awaitAgentState(Agent a, String state, Duration max) throws Exception {
    return Poll.until(a + " " + state, max, () -> agentRow(a), r -> r.path("state").asText().equals(state));
  }

  /** Dispatches a plan and returns the created runs ({@code dispatch PLAN target… --json}). */
  List<JsonNode> dispatch(Path plan, String... target) throws Exception {
    List<String> args = new ArrayList<>(List.of("dispatch", plan.toString()));
    args.addAll(Arrays.asList(target));
    args.add("--json");
    List<JsonNode> runs = new ArrayList<>();
    consoleJson(args.toArray(String[]::new)).forEach(runs::add);
    return runs;
  }

  /** Dispatches to one agent; returns the run id. */
  String dispatchTo(Agent a, Path plan) throws Exception {
    List<JsonNode> runs = dispatch(plan, "--agent", a.id);
    assertThat(runs).hasSize(1);
    return runs.get(0).path("run_id").asText();
  }

  // ---- processes

  private Process spawn(Path log, List<String> jvm, Path jar, String... args) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command(jvm, jar, List.of(args)))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
    return track(pb.start());
  }

  private static List<String> command(List<String> jvm, Path jar, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(JAVA);
    cmd.addAll(jvm);
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(args);
    return cmd;
  }

  private synchronized Process track(Process p) {
    started.add(p);
    return p;
  }

  private synchronized void untrack(Process p) {
    started.remove(p);
  }

  /** Kills every process this fleet started that is still running (and their children). */
  @Override
  public synchronized void close() {
    List<Process> all = new ArrayList<>(started);
    started.clear();
    for (Process p : all) {
      p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      p.toHandle().destroyForcibly();
    }
    for (Process p : all) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static File nullFile() {
    return new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * JVM flags for the short-lived console processes: C1 only and a class-data archive made by the
   * first console run, which together halve a verb's start on a 2-core machine. Speed only; the
   * jar and its arguments are what a technician runs.
   */
  static final class ConsoleJvm {
    private static final List<String> BASE = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xlog:disable");
    private static Path archive;
    private static boolean tried;

    static synchronized List<String> flags(FleetProcesses fleet) throws Exception {
      if (archive != null) {
        return concat(BASE, "-XX:SharedArchiveFile=" + archive);
      }
      if (tried) {
        return BASE;
      }
      tried = true;
      Path jsa = fleet.root.getParent().resolve("console-" + ProcessHandle.current().pid() + ".jsa");
      List<String> cmd = command(concat(BASE, "-XX:ArchiveClassesAtExit=" + jsa), CONTROLLER_JAR,
          List.of("console", "--controller", fleet.address(), "agents", "--json"));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
      if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isRegularFile(jsa)) {
        archive = jsa;
        return concat(BASE, "-XX:SharedArchiveFile=" + archive);
      }
      p.destroyForcibly();
      return BASE;
    }

    private static List<String> concat(List<String> a, String b) {
      List<String> all = new ArrayList<>(a);
      all.add(b);
      return all;
    }
  }

  /** Polling with a deadline, never a fixed sleep. */
  static final class Poll {
    private Poll() {}

    interface Probe<T> {
      T get() throws Exception;
    }

    static void until(String what, Duration max, Probe<Boolean> check) throws Exception {
      until(what, max, check, Boolean::booleanValue);
    }

    /** Calls {@code probe} until {@code done} accepts its value; returns that value. */
    static <T> T until(String what, Duration max, Probe<T> probe, Predicate<T> done) throws Exception {
      long end = System.nanoTime() + max.toNanos();
      T last;
      while (true) {
        last = probe.get();
        if (done.test(last)) {
          return last;
        }
        if (System.nanoTime() > end) {
          throw new AssertionError(what + ": not reached within " + max + "; last seen: " + last);
        }
        Thread.sleep(100);
      }
    }
  }
}
