package io.autoservice.controller.cluster;

import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.runs.AgentOwnership;
import io.autoservice.controller.runs.Dispatcher;
import io.autoservice.controller.store.ClusterStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This controller as one replica of several sharing a PostgreSQL store. It holds the agents whose
 * lease it has (their runs live in its {@link Dispatcher}), takes an agent's lease when the agent's
 * stream comes here (the previous holder lets go first, or is dead), adopts the agents of a dead
 * replica, and hands new runs and cancels for another replica's agents to that replica through the
 * store ({@link ClusterStore#post}; the row is the truth, a NOTIFY only wakes the receiver).
 */
public final class ReplicaCluster implements AgentOwnership, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReplicaCluster.class);

  static final String RUNS = "runs";
  static final String CANCEL = "cancel";
  static final String RELEASE = "release";
  static final String RELEASED = "released";

  private final ClusterStore store;
  private final io.autoservice.controller.store.AgentStore agents;
  private final String replicaId;
  private final String address;
  private final Clock clock;
  private final ReplicaTiming timing;
  private final Instant startedAt;

  /** Agents held, with the epoch of this replica's lease on each. */
  private final Map<String, Long> held = new ConcurrentHashMap<>();

  /** Takeovers waiting for the previous holder to let go, by agent. */
  private final Map<String, CompletableFuture<Void>> handovers = new ConcurrentHashMap<>();

  /**
   * The heartbeat has a thread of its own: behind a slow inbox read or feed, a late heartbeat would
   * make the other replicas take this one's live agents.
   */
  private final ScheduledExecutorService beats =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "replica-heartbeat"));

  private final ScheduledExecutorService ticks =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "replica-ticks"));

  private final ScheduledExecutorService feeds =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "replica-feed"));
  private final ExecutorService db = Executors.newFixedThreadPool(4, r -> daemon(r, "replica-db"));
  private volatile Dispatcher dispatcher;
  private volatile FleetRegistry fleet;
  private volatile Instant lastBeat;
  private volatile Instant lastLearned;
  private volatile RemoteRunFeed feed;

  /** Agents whose stream this replica told the store is open here. */
  private final Set<String> connectedHere = ConcurrentHashMap.newKeySet();

  private volatile boolean fenced;

  /** Fences this replica when its heartbeat is overdue, even while the heartbeat call hangs. */
  private final FenceWatch fenceWatch;

  /**
   * Joins the replicas: writes a first heartbeat and loads the leases this replica still holds from
   * before a restart, so the dispatcher built next recovers exactly those agents' runs.
   */
  public ReplicaCluster(
      ClusterStore store,
      io.autoservice.controller.store.AgentStore agents,
      String replicaId,
      String address,
      Clock clock,
      ReplicaTiming timing) {
    this.store = store;
    this.agents = agents;
    this.replicaId = replicaId;
    this.address = address;
    this.clock = clock;
    this.timing = timing;
    this.startedAt = clock.instant();
    this.fenceWatch =
        new FenceWatch(
            clock,
            timing.ttl().dividedBy(2),
            () -> lastBeat,
            () -> fence(new IllegalStateException("no heartbeat written since " + lastBeat)));
    store.heartbeat(replicaId, address, startedAt, startedAt);
    lastBeat = startedAt;
    lastLearned = startedAt;
    store.alignQueueSeq();
    store.heldBy(replicaId).forEach(a -> held.put(a, 0L));
    log.atInfo()
        .setMessage("joined the controller replicas")
        .addKeyValue("replica_id", replicaId)
        .addKeyValue("agents_held", held.size())
        .addKeyValue("live_replicas", store.liveReplicas(startedAt, timing.ttl()).size())
        .log();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public String replicaId() {
    return replicaId;
  }

  /**
   * Starts the heartbeat, the inbox, the adoption of dead replicas' agents, the fleet view of other
   * replicas' agents and the feed of their runs to this replica's watchers.
   */
  public void start(
      Dispatcher dispatcher,
      FleetRegistry fleet,
      io.autoservice.controller.live.WatchHub hub,
      io.autoservice.controller.store.RunStore runs,
      io.autoservice.controller.store.EventStore events) {
    this.dispatcher = dispatcher;
    this.fleet = fleet;
    this.feed = new RemoteRunFeed(hub, runs, events, dispatcher::holdsRun);
    long beat = timing.heartbeat().toMillis();
    beats.scheduleWithFixedDelay(this::beat, beat, beat, TimeUnit.MILLISECONDS);
    fenceWatch.start(timing.heartbeat().dividedBy(4));
    ticks.scheduleWithFixedDelay(this::lookAround, 0, beat, TimeUnit.MILLISECONDS);
    long tail = timing.feed().toMillis();
    feeds.scheduleWithFixedDelay(feed::tick, tail, tail, TimeUnit.MILLISECONDS);
    ticks.scheduleWithFixedDelay(
        this::drainQuietly, 0, timing.poll().toMillis(), TimeUnit.MILLISECONDS);
    long sweep = timing.sweep().toMillis();
    ticks.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  /** A notification said a message waits for this replica. */
  public void wake() {
    ticks.execute(this::drainQuietly);
  }

  // ---- AgentOwnership

  @Override
  public boolean holds(String agentId) {
    return held.containsKey(agentId);
  }

  @Override
  public void queued(Collection<String> agentIds) {
    List<String> ids = List.copyOf(agentIds);
    db.execute(() -> ids.forEach(id -> route(id, RUNS, null, null)));
  }

  @Override
  public void cancel(String agentId, String runId, String reason) {
    db.execute(() -> route(agentId, CANCEL, runId, reason));
  }

  @Override
  public long[] nextQueueSeqs(int n) {
    return store.nextQueueSeqs(n);
  }

  @Override
  public CompletableFuture<Void> acquire(String agentId) {
    if (fenced) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("this controller replica has lost its store"));
    }
    long[] epoch = new long[1];
    return CompletableFuture.supplyAsync(
            () -> store.take(agentId, replicaId, clock.instant(), timing.ttl()), db)
        .thenCompose(
            taken -> {
              epoch[0] = taken.epoch();
              held.put(agentId, taken.epoch());
              Optional<ClusterStore.Holder> prev = taken.previous();
              if (prev.isEmpty() || !prev.get().alive()) {
                return CompletableFuture.completedFuture(null);
              }
              CompletableFuture<Void> letGo = new CompletableFuture<>();
              handovers.put(agentId, letGo);
              store.post(
                  prev.get().replicaId(),
                  RELEASE,
                  agentId,
                  null,
                  replicaId + " " + taken.epoch(),
                  clock.instant());
              // A holder that never answers has lost the store: it fences itself within the lease
              // time, so waiting that long is safe.
              return letGo.completeOnTimeout(
                  null, timing.ttl().plus(timing.heartbeat()).toMillis(), TimeUnit.MILLISECONDS);
            })
        .thenRunAsync(
            () -> {
              handovers.remove(agentId);
              Long mine = held.get(agentId);
              if (mine == null || mine != epoch[0]) {
                // The agent's stream reached another replica meanwhile, which took it from here.
                throw new IllegalStateException(
                    "agent " + agentId + " was taken by another controller replica meanwhile");
              }
              connectedHere.add(agentId);
              dispatcher.adopt(agentId);
            },
            db);
  }

  // ---- messages

  /** Sends what concerns an agent to its holder, adopting the agent when no live replica has it. */
  private void route(String agentId, String kind, String runId, String detail) {
    Instant now = clock.instant();
    Optional<ClusterStore.Holder> holder = store.holder(agentId, now, timing.ttl());
    if (holder.isPresent() && holder.get().alive()) {
      if (holder.get().replicaId().equals(replicaId)) {
        held.putIfAbsent(agentId, holder.get().epoch());
        handle(new ClusterStore.Message(0, kind, agentId, runId, detail));
      } else {
        store.post(holder.get().replicaId(), kind, agentId, runId, detail, now);
      }
      return;
    }
    Optional<ClusterStore.Taken> taken = store.adopt(agentId, replicaId, now, timing.ttl());
    if (taken.isPresent()) {
      held.put(agentId, taken.get().epoch());
      handle(new ClusterStore.Message(0, kind, agentId, runId, detail));
    } else {
      route(agentId, kind, runId, detail); // another replica adopted it first: it is live now
    }
  }

  private void drainQuietly() {
    try {
      while (store.drain(replicaId, 200, this::handle) == 200) {
        // more waiting
      }
    } catch (RuntimeException e) {
      log.warn("replica inbox cannot be read: {}", e.toString());
    }
  }

  private void handle(ClusterStore.Message m) {
    String agentId = m.agentId();
    switch (m.kind()) {
      case RUNS -> {
        if (holds(agentId)) {
          dispatcher.adopt(agentId);
        } else {
          queued(List.of(agentId));
        }
      }
      case CANCEL -> {
        if (holds(agentId)) {
          try {
            dispatcher.cancel(m.runId(), m.detail());
          } catch (io.autoservice.controller.model.Refusal done) {
            log.debug("cancel of run {}: {}", m.runId(), done.getMessage());
          }
        } else {
          cancel(agentId, m.runId(), m.detail());
        }
      }
      case RELEASE -> release(agentId, m.detail());
      case RELEASED -> {
        CompletableFuture<Void> waiting = handovers.get(agentId);
        if (waiting != null) {
          waiting.complete(null);
        }
      }
      default -> log.warn("replica message of unknown kind {} ignored", m.kind());
    }
  }

  /** Another replica took the agent (its detail: "replica epoch"): let go, then tell it. */
  private void release(String agentId, String detail) {
    String[] parts = detail == null ? new String[0] : detail.split(" ");
    if (parts.length != 2) {
      log.warn("release of agent {} without a taker: ignored", agentId);
      return;
    }
    String taker = parts[0];
    long epoch = Long.parseLong(parts[1]);
    Long mine = held.get(agentId);
    if (mine != null && mine > epoch) {
      return; // it came back here since: this replica's lease is the newer one
    }
    held.remove(agentId);
    fleet
        .link(agentId)
        .ifPresent(l -> l.close("the agent connected to another controller replica"));
    dispatcher
        .release(agentId)
        .whenCompleteAsync(
            (x, e) -> store.post(taker, RELEASED, agentId, null, null, clock.instant()), db);
  }

  // ---- ticks

  private void beat() {
    Instant now = clock.instant();
    try {
      store.heartbeat(replicaId, address, startedAt, now);
      if (now.isAfter(lastBeat.plus(timing.ttl().dividedBy(2)))) {
        // Written, but late: the other replicas may have judged this one dead meanwhile and taken
        // some of its agents. The sweep lets go of those at once.
        log.warn("this replica's heartbeat was {} late", Duration.between(lastBeat, now));
        ticks.execute(this::letGoOfLostLeases);
      }
      lastBeat = now;
      if (fenced) {
        fenced = false;
        log.info("the store is back: this replica serves agents again");
      }
    } catch (RuntimeException e) {
      if (now.isAfter(lastBeat.plus(timing.ttl().dividedBy(2)))) {
        fence(e);
      }
    }
  }

  /**
   * The store cannot be reached for half the lease time: other replicas will soon take this one's
   * agents, so it stops driving them now, before they do: nothing is decided twice.
   */
  private synchronized void fence(RuntimeException cause) {
    if (fenced) {
      return;
    }
    fenced = true;
    log.warn(
        "cannot write this replica's heartbeat since {}: letting go of {} agents ({})",
        lastBeat,
        held.size(),
        cause.toString());
    for (String agentId : List.copyOf(held.keySet())) {
      held.remove(agentId);
      fleet.link(agentId).ifPresent(l -> l.close("this controller replica lost its store"));
      dispatcher.release(agentId);
    }
  }

  /**
   * Tells the store which held agents' streams closed here, and learns what other replicas' streams
   * say about the fleet.
   */
  private void lookAround() {
    if (fenced) {
      return;
    }
    try {
      for (String agentId : List.copyOf(connectedHere)) {
        if (!fleet.isOnline(agentId)) {
          store.disconnected(agentId, replicaId);
          connectedHere.remove(agentId);
        }
      }
      Instant now = clock.instant();
      ClusterStore.FleetPicture picture = store.fleet(replicaId, now, timing.ttl());
      fleet.elsewhere(picture.connected(), picture.working());
      // Overlapping windows: a row written just before the last look is not missed.
      fleet.learn(agents.seenSince(lastLearned.minus(timing.ttl())));
      lastLearned = now;
    } catch (RuntimeException e) {
      log.debug("fleet view of other replicas not refreshed: {}", e.toString());
    }
  }

  /**
   * Agents this replica drives whose lease another replica holds now (it judged this one dead):
   * their streams are closed here, so they come back through a replica that holds them, and their
   * runs leave this one's memory.
   */
  private void letGoOfLostLeases() {
    try {
      java.util.Set<String> stillMine = new java.util.HashSet<>(store.heldBy(replicaId));
      for (String agentId : List.copyOf(held.keySet())) {
        if (!stillMine.contains(agentId) && !handovers.containsKey(agentId)) {
          held.remove(agentId);
          log.warn("agent {} was taken over by another replica: letting go of it", agentId);
          fleet.link(agentId).ifPresent(l -> l.close("another controller replica took the agent"));
          dispatcher.release(agentId);
        }
      }
    } catch (RuntimeException e) {
      log.warn("cannot compare this replica's leases with the store: {}", e.toString());
    }
  }

  private void sweep() {
    if (fenced) {
      return;
    }
    letGoOfLostLeases();
    try {
      Instant now = clock.instant();
      for (String agentId : store.orphans(now, timing.ttl(), 500)) {
        store
            .adopt(agentId, replicaId, now, timing.ttl())
            .ifPresent(
                t -> {
                  held.put(agentId, t.epoch());
                  log.info("adopted agent {} from a replica that stopped", agentId);
                  dispatcher.adopt(agentId);
                });
      }
      for (ClusterStore.HeldRun r : store.unfinishedHeldBy(replicaId)) {
        if (holds(r.agentId())
            && !handovers.containsKey(r.agentId())
            && !dispatcher.holdsRun(r.runId())) {
          dispatcher.adopt(r.agentId());
        }
      }
    } catch (RuntimeException e) {
      log.warn("replica sweep failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    beats.shutdownNow();
    feeds.shutdownNow();
    fenceWatch.close();
    ticks.shutdownNow();
    db.shutdownNow();
  }
}
