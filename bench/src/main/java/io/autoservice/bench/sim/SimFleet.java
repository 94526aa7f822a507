package io.autoservice.bench.sim;

import io.autoservice.proto.v1.Plan;
import io.grpc.Status;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated fleet in one JVM: N agents, one shared event loop group for all their connections,
 * one small timer pool for heartbeats, reconnects and paced events, the counters the phases read,
 * and the gate that lets the bench hold run playback until its console watchers are subscribed.
 */
public final class SimFleet implements Fleet {
  /** The fleet's settings. {@code window} is the most unacked events an agent keeps in flight. */
  public record Settings(
      List<String> taskTypes,
      int window,
      long eventIntervalMillis,
      int minReportBytes,
      int maxReportBytes,
      int threads) {}

  private final Settings settings;
  private final EventLoopGroup group;
  private final ScheduledThreadPoolExecutor timer;
  private final FleetCounters counters = new FleetCounters();
  private final SendTimes sendTimes = new SendTimes();
  private final List<SimAgent> agents = new ArrayList<>();
  private final ConcurrentLinkedQueue<Held> held = new ConcurrentLinkedQueue<>();
  private final AtomicInteger epoch = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> stopReasons = new ConcurrentLinkedQueue<>();
  private volatile boolean gateOpen = true;

  private record Held(SimAgent agent, SimRun run) {}

  private volatile long pacedIntervalMillis;
  private volatile long startSpreadMillis;

  public SimFleet(Settings settings) {
    this.settings = settings;
    this.group =
        new NioEventLoopGroup(settings.threads(), new DefaultThreadFactory("sim-io", true));
    this.timer =
        (ScheduledThreadPoolExecutor)
            Executors.newScheduledThreadPool(
                Math.max(1, settings.threads() / 2),
                r -> {
                  Thread t = new Thread(r, "sim-timer");
                  t.setDaemon(true);
                  return t;
                });
    timer.setRemoveOnCancelPolicy(
        true); // cancelled heartbeats of 10,000 reconnecting agents must not pile up
  }

  /** Builds every agent's channel (TLS contexts are made here, before the clock starts). */
  public void prepare(String host, int port, List<Identity> identities) {
    prepare(host, new int[] {port}, identities);
  }

  /**
   * Builds every agent's channel, agent {@code j} of {@code identities} to {@code ports[j mod
   * ports.length]}: spread over controller replicas, in the fleet's order.
   */
  public void prepare(String host, int[] ports, List<Identity> identities) {
    // In parallel: each channel builds its own TLS context (~10 ms of CPU), the slow part of setup.
    agents.addAll(
        java.util.stream.IntStream.range(0, identities.size())
            .parallel()
            .mapToObj(
                j ->
                    new SimAgent(
                        identities.get(j),
                        this,
                        SimChannels.mtls(host, ports[j % ports.length], identities.get(j), group)))
            .toList());
  }

  @Override
  public void connectAll() {
    agents.forEach(SimAgent::start);
  }

  FleetCounters counters() {
    return counters;
  }

  @Override
  public FleetSnapshot snapshot() {
    return FleetSnapshot.of(counters, stopReasons());
  }

  @Override
  public List<String> localAgentIds() {
    return agents.stream().map(SimAgent::agentId).toList();
  }

  @Override
  public SendTimes sendTimes() {
    return sendTimes;
  }

  /** The reconnect storm waits until the new epoch's welcomes reach N. */
  @Override
  public void newEpoch() {
    counters.welcomedThisEpoch.set(0);
    epoch.incrementAndGet();
  }

  int epoch() {
    return epoch.get();
  }

  @Override
  public void closeGate() {
    gateOpen = false;
  }

  @Override
  public void openGate() {
    gateOpen = true;
    Held h;
    while ((h = held.poll()) != null) {
      h.agent().begin(h.run());
    }
  }

  /** True when the run must wait for the gate (it is queued); false to start it now. */
  boolean holdUntilGate(SimAgent agent, SimRun run) {
    if (gateOpen) {
      return false;
    }
    held.add(new Held(agent, run));
    if (gateOpen) { // opened meanwhile: drain on the timer (we hold an agent's lock here), so it is
      // not stranded
      timer.execute(this::openGate);
    }
    return true;
  }

  RunScript script(String runId, Plan plan) {
    return new RunScript(runId, plan, settings.minReportBytes(), settings.maxReportBytes());
  }

  List<String> taskTypes() {
    return settings.taskTypes();
  }

  int window() {
    return settings.window();
  }

  long eventIntervalMillis() {
    long paced = pacedIntervalMillis;
    return paced > 0 ? paced : settings.eventIntervalMillis();
  }

  long startSpreadMillis() {
    return startSpreadMillis;
  }

  /**
   * From now on runs send one event every {@code intervalMillis} (0: the settings' pace again),
   * each starting after a random delay below {@code startSpreadMillis}.
   */
  @Override
  public void pace(long intervalMillis, long startSpreadMillis) {
    this.pacedIntervalMillis = intervalMillis;
    this.startSpreadMillis = startSpreadMillis;
  }

  ScheduledExecutorService scheduler() {
    return timer;
  }

  void stoppedFor(String agentId, Status status) {
    if (stopReasons.size() < 5) {
      stopReasons.add(agentId + ": " + status.getCode() + " " + status.getDescription());
    }
  }

  /** Up to five agents that stopped for good, with the status that stopped them. */
  public List<String> stopReasons() {
    return List.copyOf(stopReasons);
  }

  @Override
  public void close() {
    agents.forEach(SimAgent::stop);
    timer.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
