package io.autoservice.agent.fleet;

import io.autoservice.agent.exec.MachineFacts;
import io.autoservice.agent.exec.PlanExecutor;
import io.autoservice.agent.exec.PlanValidator;
import io.autoservice.agent.process.ProcessRunner;
import io.autoservice.agent.tasks.BuiltinTasks;
import io.autoservice.agent.tasks.TaskRegistry;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.result.RunStatus;
import io.autoservice.testsupport.FakeClock;
import io.autoservice.testsupport.FakeScheduler;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An agent wired as {@code agent connect} wires it, against a {@link FakeController} over an
 * in-process transport (unique name, direct executors), with fake time for reconnects and
 * heartbeats. {@link #startAgent()} / {@link #stopAgent()} can be repeated on one data folder, as
 * an agent restart would. With {@link #durable} set the agent journals to disk and runs {@link
 * RunRecovery} on start, exactly as {@code agent connect} does.
 */
final class FleetFixture implements AutoCloseable {
  static final MachineFacts MACHINE = new MachineFacts("pc-042", "tech", "Linux", "6.1", "1.2.3");
  static final Map<String, String> LABELS = Map.of("site", "front-desk");

  final FakeController controller = new FakeController();

  /** Fake time for reconnect delays and heartbeats: nothing fires until the test advances it. */
  final FakeClock clock = new FakeClock();

  final FakeScheduler timer = clock.scheduler();
  final ScriptedBackoff backoff = new ScriptedBackoff();
  final Path dataDir;
  private final ManagedChannel channel;
  private final TaskRegistry registry = BuiltinTasks.registry(false);

  /** Journal to {@code <data>/journal} (FileRunJournal) instead of memory. */
  boolean durable;

  /** The durable journal's cap. */
  long journalMaxBytes = FileRunJournal.DEFAULT_MAX_BYTES;

  /** Reports of {@code agent run --sync} the agent uploads after Welcome; null: none. */
  LocalRunOutbox localRuns;

  Recorder listener;
  RunJournal journal;
  List<RunRecovery.Resumable> resumed = List.of();
  FleetRunner runs;
  FleetClient client;

  /** Controller addresses (real servers) to use instead of the in-process controller. */
  ControllerConnector connector;

  /** Renews the agent's certificate when set before {@link #startAgent}. */
  io.autoservice.agent.fleet.tls.CertificateRenewer renewer;

  String agentId;
  private PlanExecutor executor;
  private TakenRuns taken;

  /** The in-process server and channel are {@code grpc}'s to shut down after the test. */
  FleetFixture(Path dataDir, GrpcCleanupExtension grpc) throws Exception {
    this.dataDir = dataDir;
    String name = InProcessServerBuilder.generateName();
    grpc.register(
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(controller)
            .build()
            .start());
    channel = grpc.register(InProcessChannelBuilder.forName(name).directExecutor().build());
  }

  FleetClient startAgent() throws Exception {
    AgentDataDir data = AgentDataDir.open(dataDir);
    agentId = data.agentId();
    listener = new Recorder();
    executor =
        new PlanExecutor(
            registry,
            new ProcessRunner(),
            new ToolLocator(Map.of(), false),
            MACHINE,
            Clock.systemUTC(),
            Duration.ofMillis(50));
    taken = TakenRuns.open(data.takenRunsFile());
    if (durable) {
      FileRunJournal files =
          FileRunJournal.open(data.journalDir(), journalMaxBytes, Clock.systemUTC());
      journal = files;
      runs =
          new FleetRunner(
              executor,
              new PlanValidator(registry),
              taken,
              files,
              MACHINE,
              Clock.systemUTC(),
              listener);
      resumed = new RunRecovery(files, taken, MACHINE, Clock.systemUTC()).recover();
    } else {
      journal = new InMemoryRunJournal();
      runs =
          new FleetRunner(
              executor, new PlanValidator(registry), taken, MACHINE, Clock.systemUTC(), listener);
      resumed = List.of();
    }
    client =
        new FleetClient(
            connector != null ? connector : ControllerConnector.fixed(channel),
            AgentProfile.of(agentId, MACHINE, registry, LABELS),
            runs,
            journal,
            backoff,
            timer,
            Clock.systemUTC(),
            listener,
            localRuns,
            new ReconnectDelays(backoff, clock::nanoTime, NO_JITTER));
    if (renewer != null) {
      client.renewCertificates(renewer);
    }
    client.start();
    resumed.forEach(client::resume);
    return client;
  }

  void stopAgent() throws Exception {
    if (client == null) {
      return;
    }
    client.close();
    runs.close();
    journal.close();
    taken.close();
    executor.close();
    client = null;
  }

  @Override
  public void close() throws Exception {
    stopAgent();
  }

  /** Jitter that is always 0, so reconnect delays are exact. */
  static final java.util.random.RandomGenerator NO_JITTER = () -> 0L;

  /** Backoff delays 1 s, 2 s, 4 s, … per policy, counting the fresh policies handed out. */
  static final class ScriptedBackoff implements BackoffPolicy.Provider {
    final AtomicInteger policies = new AtomicInteger();

    @Override
    public BackoffPolicy get() {
      policies.incrementAndGet();
      long[] next = {TimeUnit.SECONDS.toNanos(1)};
      return () -> {
        long d = next[0];
        next[0] *= 2;
        return d;
      };
    }
  }

  /** Records the lifecycle callbacks. */
  static final class Recorder implements AgentListener {
    final AtomicInteger connected = new AtomicInteger();
    final List<Status> disconnected = Collections.synchronizedList(new ArrayList<>());
    final List<String> started = Collections.synchronizedList(new ArrayList<>());
    final Map<String, RunStatus> finished = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void connected() {
      connected.incrementAndGet();
    }

    @Override
    public void disconnected(Status status) {
      disconnected.add(status);
    }

    @Override
    public void runStarted(String runId) {
      started.add(runId);
    }

    @Override
    public void runFinished(String runId, RunStatus status) {
      finished.put(runId, status);
    }
  }
}
