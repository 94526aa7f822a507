package io.autoservice.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoservice.testsupport.Eventually;
import java.io.File;
import java.io.IOException;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A real fleet on loopback, from the built jars: one {@code controller serve}, any number of {@code
 * agent connect}, and console verbs run as child processes the way a technician types them. Every
 * process writes to files under {@code target/e2e/<label>-<time>/}, which stay behind for a failed
 * test to be read; {@link #close()} kills whatever is still running.
 *
 * <p>Timings are shortened through the controller's config file (heartbeat 1 s, offline grace 3 s,
 * run lost after 5 s) so offline agents and lost runs show within seconds.
 */
public final class FleetProcesses implements AutoCloseable {
  static final Path CONTROLLER_JAR =
      Path.of(System.getProperty("controller.jar", "target/autoservice-controller.jar"))
          .toAbsolutePath();
  static final Path AGENT_JAR =
      Path.of(System.getProperty("agent.jar", "../agent/target/autoservice-agent.jar"))
          .toAbsolutePath()
          .normalize();

  /** The console-only jar, built by the console module earlier in the reactor. */
  static final Path CONSOLE_JAR =
      Path.of(System.getProperty("console.jar", "../console/target/autoservice-console.jar"))
          .toAbsolutePath()
          .normalize();

  static final Path FIXTURES =
      Path.of(System.getProperty("fixtures.dir", "../fixtures")).toAbsolutePath().normalize();
  static final Path PLANS = FIXTURES.resolve("plans");

  /** How long a condition may take before the test fails. */
  static final Duration WAIT = Duration.ofSeconds(30);

  /**
   * Agent config for the fault ITs: the reconnect backoff capped at 2 s instead of the default 60
   * s. After a controller outage of a few seconds the default's full jitter puts the next attempt
   * up to 16-30 s away, which the ITs spent waiting; what they prove does not depend on the cap.
   */
  static final Map<String, Object> FAST_RECONNECT = Map.of("reconnect_max_seconds", 2);

  static final ObjectMapper JSON = new ObjectMapper();

  /** An agent's log line on each Welcome; group 1 is the address it connected to. */
  static final Pattern CONNECTED =
      Pattern.compile("Connected to the controller (?:at (\\S+) )?as agent");

  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  /** The controller's run_lost_after_seconds unless a test asks for another. */
  static final int RUN_LOST_AFTER_SECONDS = 5;

  /**
   * Fleets not closed yet; a test JVM stopped early (Ctrl-C on Maven) still kills their processes.
   */
  private static final Set<FleetProcesses> OPEN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> OPEN.forEach(FleetProcesses::close), "e2e-fleet-cleanup"));
  }

  private final Path root;
  private final int port;
  private final Path controllerData;
  private final Path controllerConfig;
  private final List<Process> started = new ArrayList<>();
  private final List<Process> liveConsoles = new ArrayList<>();
  private final AtomicInteger seq = new AtomicInteger();
  private Process controller;
  private Path sharedTokenFile;
  private String enrollToken;
  private int controllerStarts;
  private int webPort;

  private FleetProcesses(Path root, int runLostAfterSeconds, Map<String, Object> extraConfig)
      throws IOException {
    this.root = root;
    this.port = freePort();
    this.controllerData = root.resolve("controller-data");
    this.controllerConfig = root.resolve("controller.json");
    Map<String, Object> config = new TreeMap<>(extraConfig);
    // No web console unless a test asks for one: the default port (7444) is one for all fleets.
    config.putIfAbsent("web_listen", "");
    // Nor management endpoints: the default port (9464) is one for all fleets.
    config.putIfAbsent("management_listen", "");
    config.put("heartbeat_seconds", 1);
    config.put("offline_grace_seconds", 3);
    config.put("run_lost_after_seconds", runLostAfterSeconds);
    Files.writeString(controllerConfig, JSON.writeValueAsString(config) + "\n");
    OPEN.add(this);
  }

  /** A fleet folder under {@code target/e2e}, with the controller started and serving. */
  static FleetProcesses start(String label) throws Exception {
    return start(label, RUN_LOST_AFTER_SECONDS);
  }

  /** As {@link #start(String)}, with the controller's {@code run_lost_after_seconds} chosen. */
  static FleetProcesses start(String label, int runLostAfterSeconds) throws Exception {
    return start(label, runLostAfterSeconds, Map.of());
  }

  /**
   * As {@link #start(String)}, with the web console on a free loopback port ({@code web_listen},
   * then {@link #webUrl()}) and these further settings in the controller's config file.
   */
  public static FleetProcesses startWithWebConsole(String label, Map<String, Object> config)
      throws Exception {
    int webPort = freePort();
    Map<String, Object> all = new TreeMap<>(config);
    all.put("web_listen", "127.0.0.1:" + webPort);
    FleetProcesses fleet = start(label, RUN_LOST_AFTER_SECONDS, all);
    fleet.webPort = webPort;
    return fleet;
  }

  /** As {@link #start(String, int)}, with these further settings in the controller's config. */
  static FleetProcesses start(
      String label, int runLostAfterSeconds, Map<String, Object> extraConfig) throws Exception {
    for (Path jar : List.of(CONTROLLER_JAR, AGENT_JAR)) {
      assertThat(jar).as("built jar (run 'mvn package' first)").isRegularFile();
    }
    Path root =
        Files.createDirectories(Path.of("target", "e2e").toAbsolutePath())
            .resolve(label + "-" + System.currentTimeMillis());
    Files.createDirectories(root);
    FleetProcesses fleet = new FleetProcesses(root, runLostAfterSeconds, extraConfig);
    try {
      fleet.startController();
    } catch (Exception | AssertionError e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }

  /** {@code 127.0.0.1:<port>}: what agents and consoles dial. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The controller's port (kept across its restarts): what a proxy in front of it forwards to. */
  int port() {
    return port;
  }

  /** {@code https://127.0.0.1:<web port>}: the web console of a fleet started with it. */
  public String webUrl() {
    assertThat(webPort).as("a fleet started with its web console").isPositive();
    return "https://127.0.0.1:" + webPort;
  }

  /** The controller's data folder (database, {@code reports/}), kept across its restarts. */
  public Path controllerData() {
    return controllerData;
  }

  // ---- the controller

  /**
   * Starts {@code controller serve} on this fleet's port and data folder; waits until it serves.
   */
  void startController() throws Exception {
    assertThat(controller == null || !controller.isAlive())
        .as("controller already running")
        .isTrue();
    Path log = root.resolve("controller-" + (++controllerStarts) + ".log");
    controller =
        spawn(
            log,
            List.of("-XX:+UseSerialGC"),
            CONTROLLER_JAR,
            "serve",
            "--listen",
            address(),
            "--data",
            controllerData.toString(),
            "--config",
            controllerConfig.toString());
    Process p = controller;
    Eventually.until(
        "the controller serving on " + address() + " (log " + log + ")",
        WAIT,
        () -> {
          if (!p.isAlive()) {
            throw new AssertionError(
                "the controller exited with " + p.exitValue() + ":\n" + read(log));
          }
          return read(log).contains("controller: serving on");
        });
  }

  /** SIGTERM, as systemd or Ctrl-C stops it; returns its exit code. */
  int stopController() throws Exception {
    controller.toHandle().destroy();
    assertThat(controller.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("the controller exits within %s of SIGTERM", WAIT)
        .isTrue();
    return controller.exitValue();
  }

  /** SIGKILL: the controller vanishes mid-whatever (no shutdown hook, nothing flushed). */
  void killController() throws Exception {
    controller.toHandle().destroyForcibly();
    assertThat(controller.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("the controller dies after SIGKILL")
        .isTrue();
  }

  // ---- agents

  /** One agent's data folder, config and current process. */
  public static final class Agent {
    final String name;
    final Path data;
    final Path config;
    Process process;
    Path log;
    int starts;
    String id;

    /** The address the agent dials when not the controller's own (a proxy in between). */
    String dial;

    Agent(String name, Path data, Path config) {
      this.name = name;
      this.data = data;
      this.config = config;
    }

    public String id() {
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
  public List<Agent> startAgents(Map<String, Map<String, String>> labelsByName) throws Exception {
    return startAgents(labelsByName, Map.of());
  }

  /** As {@link #startAgents(Map)}, with {@code extraConfig} keys in each agent's config file. */
  public List<Agent> startAgents(
      Map<String, Map<String, String>> labelsByName, Map<String, Object> extraConfig)
      throws Exception {
    List<Agent> list = new ArrayList<>();
    for (var e : new TreeMap<>(labelsByName).entrySet()) {
      Agent a = newAgent(e.getKey(), e.getValue(), extraConfig);
      launch(a);
      list.add(a);
    }
    for (Agent a : list) {
      awaitConnected(a);
    }
    return list;
  }

  /**
   * An agent's config file and data folder, without starting it: {@link #agentRunSync} runs plans
   * on it offline, {@link #launch} connects it.
   */
  Agent newAgent(String name, Map<String, String> labels) throws IOException {
    return newAgent(name, labels, Map.of());
  }

  /** As {@link #newAgent(String, Map)}, with {@code extraConfig} keys in its config file. */
  Agent newAgent(String name, Map<String, String> labels, Map<String, Object> extraConfig)
      throws IOException {
    Path config = root.resolve("agent-" + name + ".json");
    Map<String, Object> keys = new TreeMap<>(extraConfig);
    keys.put("labels", labels);
    // The failing-task plan names a program that does not exist: allowed, so the agent reports
    // "not found" as agent run does, rather than "outside".
    keys.put("allowed_tool_paths", List.of("/nonexistent/autoservice-e2e"));
    Files.writeString(config, JSON.writeValueAsString(keys));
    return new Agent(name, root.resolve("agent-" + name + "-data"), config);
  }

  /**
   * Launches a new agent (does not wait: {@link #awaitConnected}) whose config has these labels and
   * {@code extraConfig} keys (e.g. {@code journal_max_bytes}, {@code tools}), dialing {@code dial}
   * (a proxy's address) instead of the controller.
   */
  Agent launchAgent(
      String name, Map<String, String> labels, Map<String, Object> extraConfig, String dial)
      throws IOException {
    Map<String, Object> config = new TreeMap<>(extraConfig);
    config.put("labels", labels);
    config.put("allowed_tool_paths", List.of("/nonexistent/autoservice-e2e"));
    Path file = root.resolve("agent-" + name + ".json");
    Files.writeString(file, JSON.writeValueAsString(config));
    Agent a = new Agent(name, root.resolve("agent-" + name + "-data"), file);
    a.dial = dial;
    launch(a);
    return a;
  }

  /** Starts the agent's process again on the same data folder (same id); does not wait. */
  void launch(Agent a) throws IOException {
    assertThat(a.process == null || !a.process.isAlive()).as("%s already running", a).isTrue();
    String token;
    try {
      token = enrollToken();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot make an enrolment token", e);
    }
    a.log = root.resolve("agent-" + a.name + "-" + (++a.starts) + ".log");
    a.process =
        spawn(
            a.log,
            List.of("-XX:+UseSerialGC"),
            AGENT_JAR,
            "connect",
            "--controller",
            a.dial == null ? address() : a.dial,
            "--data",
            a.data.toString(),
            "--config",
            a.config.toString(),
            "--enroll-token",
            token);
  }

  /**
   * One enrolment token for all this fleet's agents, made the way an admin makes one ({@code
   * controller enroll create}); each agent enrols with it on its first start (mutual TLS after).
   */
  synchronized String enrollToken() throws Exception {
    if (enrollToken == null) {
      Result r =
          runJar(
                  CONTROLLER_JAR,
                  List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                  List.of(
                      "enroll",
                      "create",
                      "--uses",
                      "1000",
                      "--ttl",
                      "24h",
                      "--label",
                      "fleet=e2e",
                      "--controller",
                      address(),
                      "--token-file",
                      tokenFile().toString()),
                  "enroll-create")
              .ok();
      enrollToken = r.stdout().strip();
    }
    return enrollToken;
  }

  /** Waits for the agent's log to say it got its Welcome; reads its id from its data folder. */
  void awaitConnected(Agent a) throws Exception {
    Process p = a.process;
    Path log = a.log;
    Eventually.until(
        a.name + " connected (log " + log + ")",
        WAIT,
        () -> {
          if (!p.isAlive()) {
            throw new AssertionError(a.name + " exited with " + p.exitValue() + ":\n" + read(log));
          }
          return CONNECTED.matcher(read(log)).find();
        });
    a.id = Files.readString(a.data.resolve("agent-id")).strip();
  }

  /** SIGTERM: the agent cancels its run, says goodbye and exits; returns its exit code. */
  int stopAgent(Agent a) throws Exception {
    a.process.toHandle().destroy();
    assertThat(a.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("%s exits after SIGTERM", a)
        .isTrue();
    return a.process.exitValue();
  }

  /** SIGKILL: the agent vanishes mid-whatever, as a pulled power cord does. */
  void killAgent(Agent a) throws Exception {
    a.process.toHandle().destroyForcibly();
    assertThat(a.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("%s dies after SIGKILL", a)
        .isTrue();
  }

  // ---- console verbs and agent run

  /** What a finished child process left. */
  public record Result(
      String command, int exitCode, String stdout, String stderr, Instant exitedAt) {
    /** Asserts exit 0 (showing the command's stderr otherwise) and returns this. */
    public Result ok() {
      assertThat(exitCode).as("exit code of %s; stderr:%n%s", command, stderr).isZero();
      return this;
    }

    public JsonNode json() {
      try {
        return JSON.readTree(stdout);
      } catch (IOException e) {
        throw new AssertionError(
            "stdout of " + command + " is not JSON:\n" + stdout + "\nstderr:\n" + stderr, e);
      }
    }

    /** The classic protocol's marker lines on stderr, in order. */
    List<String> markerLines() {
      return stderr
          .lines()
          .filter(l -> l.startsWith("TASK_") || l.startsWith("PROGRESS_JSON"))
          .toList();
    }
  }

  /** This fleet's folder under {@code target/e2e}: logs, and files a test adds beside them. */
  public Path root() {
    return root;
  }

  /** Where the controller exports finished runs' reports. */
  Path reportsDir() {
    return controllerData.resolve("reports");
  }

  /** The admin token the controller wrote on its first start; the console signs in with it. */
  public Path tokenFile() {
    return sharedTokenFile != null ? sharedTokenFile : controllerData.resolve("admin.token");
  }

  /**
   * Signs in with this token file instead: a replica sharing its store with another has no admin
   * token of its own (the first replica wrote it).
   */
  void useTokenFile(Path file) {
    sharedTokenFile = file;
  }

  /** Whether the controller process is running. */
  boolean controllerAlive() {
    return controller != null && controller.isAlive();
  }

  /** {@code console --controller <this fleet> --token-file <admin.token> args…}. */
  List<String> consoleArgs(String... args) {
    List<String> full =
        new ArrayList<>(
            List.of("console", "--controller", address(), "--token-file", tokenFile().toString()));
    full.addAll(Arrays.asList(args));
    return full;
  }

  /** {@code controller console --controller <this fleet> args…}; waits for it to exit. */
  public Result console(String... args) throws Exception {
    return runJar(
        CONTROLLER_JAR,
        ConsoleJvm.flags(root.getParent(), consoleArgs("agents", "--json")),
        consoleArgs(args),
        "console-" + args[0]);
  }

  /** A console verb that must succeed and print JSON ({@code --json} is the caller's). */
  public JsonNode consoleJson(String... args) throws Exception {
    return console(args).ok().json();
  }

  /** {@code agent run args…}: the local mode, from the agent jar. */
  Result agentRun(String... args) throws Exception {
    List<String> full = new ArrayList<>(List.of("run"));
    full.addAll(Arrays.asList(args));
    return runJar(
        AGENT_JAR, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), full, "agent-run");
  }

  /**
   * {@code agent run args… --sync --data <the agent's data folder> --config <its config>}: a
   * technician's run on that PC, queued for the next {@code connect} to upload.
   */
  Result agentRunSync(Agent a, String... args) throws Exception {
    List<String> full = new ArrayList<>(Arrays.asList(args));
    full.addAll(List.of("--sync", "--data", a.data.toString(), "--config", a.config.toString()));
    return agentRun(full.toArray(String[]::new));
  }

  private Result runJar(Path jar, List<String> jvm, List<String> args, String name)
      throws Exception {
    int n = seq.incrementAndGet();
    Path out = root.resolve(String.format("%03d-%s.out", n, name));
    Path err = root.resolve(String.format("%03d-%s.err", n, name));
    List<String> cmd = command(jvm, jar, args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
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

  /** {@code java -jar controller.jar args…} (any command); waits for it to exit. */
  public Result controllerCli(String name, String... args) throws Exception {
    return runJar(
        CONTROLLER_JAR,
        List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
        List.of(args),
        name);
  }

  /** {@code java -jar autoservice-console.jar args…}: the console alone; waits for it to exit. */
  Result consoleOnlyCli(String name, String... args) throws Exception {
    return runJar(
        CONSOLE_JAR, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), List.of(args), name);
  }

  /** {@code java -jar agent.jar args…} (any command); waits for it to exit. */
  Result agentCli(String name, String... args) throws Exception {
    return runJar(
        AGENT_JAR, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), List.of(args), name);
  }

  /** Starts a console verb and returns at once; its stdout is read as it comes. */
  LiveConsole startConsole(String... args) throws Exception {
    List<String> full = consoleArgs(args);
    int n = seq.incrementAndGet();
    Path err = root.resolve(String.format("%03d-live-console-%s.err", n, args[0]));
    List<String> jvm = ConsoleJvm.flags(root.getParent(), consoleArgs("agents", "--json"));
    ProcessBuilder pb =
        new ProcessBuilder(command(jvm, CONTROLLER_JAR, full))
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
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
    return agents().stream()
        .filter(r -> r.path("agent_id").asText().equals(a.id))
        .findFirst()
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
    return Eventually.until(
        "run " + runId + " " + state,
        max,
        () -> runRow(runId),
        r -> r.path("state").asText().equals(state));
  }

  /** Polls {@code agents --json} until the agent is in {@code state}; returns its row. */
  JsonNode awaitAgentState(Agent a, String state, Duration max) throws Exception {
    return Eventually.until(
        a + " " + state, max, () -> agentRow(a), r -> r.path("state").asText().equals(state));
  }

  /** Cancels every run not finished yet, so a failed test leaves the next one idle agents. */
  public void cancelUnfinishedRuns() throws Exception {
    for (JsonNode r : consoleJson("runs", "--json", "--limit", "1000")) {
      if (!r.path("state").asText().equals("finished")) {
        console("cancel", r.path("run_id").asText(), "--reason", "left over by a test");
      }
    }
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
    ProcessBuilder pb =
        new ProcessBuilder(command(jvm, jar, List.of(args)))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
    return track(pb.start());
  }

  static List<String> command(List<String> jvm, Path jar, List<String> args) {
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
    OPEN.remove(this);
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

  static File nullFile() {
    return new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
  }

  /** A port free on loopback now (for a server the test starts beside the fleet). */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
