package io.autoservice.controller.fleet;

import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.AgentState;
import io.autoservice.controller.model.AgentView;
import io.autoservice.controller.store.AgentStore;
import io.autoservice.controller.store.StoreWrites;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every agent that ever connected, with its live link while connected. An agent is online while its
 * stream is open and it was heard from within the offline grace; busy while it runs a plan.
 * Last-seen times are kept in memory and written to the store in batches by {@link #sweep()}.
 */
public final class FleetRegistry {
  private static final Logger log = LoggerFactory.getLogger(FleetRegistry.class);

  /** What the dispatcher knows about an agent's work, for the fleet view. */
  public interface AgentWork {
    String currentRun(String agentId);

    int queued(String agentId);

    /** Agents working on a run now (online or not); a small set next to the fleet. */
    default Collection<String> busyAgents() {
      return List.of();
    }
  }

  /** How many agents stand where, for metrics: read without a scan of the fleet. */
  public record StateCounts(int online, int busy, int offline) {}

  private final StoreWrites writer;
  private final AgentStore agents;
  private final AgentSchemas schemas;
  private final WatchHub hub;
  private final Clock clock;
  private final Duration offlineGrace;
  private final Map<String, AgentRecord> records = new ConcurrentHashMap<>();
  private final Map<String, AgentLink> links = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
  private final Map<String, Instant> dirty = new ConcurrentHashMap<>();
  private final AgentFiguresBook figures = new AgentFiguresBook();

  /** Agents connected to other controller replicas, and the runs agents held there work on. */
  private volatile Set<String> connectedElsewhere = Set.of();

  private volatile Map<String, String> workingElsewhere = Map.of();
  private static final Duration TOUCH_EVERY = Duration.ofSeconds(30);
  private volatile Instant lastTouchWrite = Instant.EPOCH;
  private volatile AgentWork work =
      new AgentWork() {
        @Override
        public String currentRun(String agentId) {
          return null;
        }

        @Override
        public int queued(String agentId) {
          return 0;
        }
      };

  /** Loads the known agents; changes to them are written through {@code writer}. */
  public FleetRegistry(
      AgentStore agents, StoreWrites writer, WatchHub hub, Clock clock, Duration offlineGrace) {
    this.writer = writer;
    this.agents = agents;
    this.schemas = new AgentSchemas(agents, writer);
    this.hub = hub;
    this.clock = clock;
    this.offlineGrace = offlineGrace;
    for (AgentRecord r : agents.all()) {
      records.put(r.agentId(), r);
      lastSeen.put(r.agentId(), r.lastSeen());
    }
  }

  /** Each agent's task parameter schemas, for checking plans at dispatch. */
  public AgentSchemas schemas() {
    return schemas;
  }

  public void setWork(AgentWork work) {
    this.work = work;
  }

  /**
   * An agent said Hello on a new stream. Returns the link of an older stream of the same agent,
   * which the caller closes: the newest stream wins.
   */
  public synchronized Optional<AgentLink> connected(AgentRecord incoming, AgentLink link) {
    Instant now = clock.instant();
    AgentRecord known = records.get(incoming.agentId());
    Instant first = known == null ? now : known.firstSeen();
    AgentRecord merged =
        new AgentRecord(
            incoming.agentId(),
            incoming.hostname(),
            incoming.osName(),
            incoming.osVersion(),
            incoming.agentVersion(),
            incoming.username(),
            incoming.labels(),
            incoming.taskTypes(),
            first,
            now);
    writer.submit(
        b -> b.upsertAgent(merged), () -> {}); // no one waits on it: not a promise to anyone
    records.put(merged.agentId(), merged);
    lastSeen.put(merged.agentId(), now);
    AgentLink old = links.put(merged.agentId(), link);
    log.atInfo()
        .setMessage(old == null ? "agent connected" : "agent connected, replacing its older stream")
        .addKeyValue("agent_id", merged.agentId())
        .addKeyValue("hostname", merged.hostname())
        .log();
    hub.publishAgent(view(merged.agentId()));
    return Optional.ofNullable(old);
  }

  /** A stream closed; ignored when a newer stream of the agent already took over. */
  public synchronized boolean disconnected(String agentId, AgentLink link) {
    if (!links.remove(agentId, link)) {
      return false;
    }
    figures.gone(agentId);
    AgentRecord r = records.get(agentId);
    log.atInfo()
        .setMessage("agent disconnected")
        .addKeyValue("agent_id", agentId)
        .addKeyValue("hostname", r == null ? "?" : r.hostname())
        .log();
    hub.publishAgent(view(agentId));
    return true;
  }

  /**
   * Anything arrived from the agent, or the controller gave it credit to send again: while the
   * controller holds an agent's credit back (its events wait for a commit or its rate limit), the
   * agent cannot be heard, so its silence counts only from the moment it could speak again.
   */
  public void seen(String agentId) {
    Instant now = clock.instant();
    lastSeen.put(agentId, now);
    dirty.put(agentId, now);
  }

  /**
   * Agents online, busy and offline: counted from the sizes of the maps kept as agents come and go,
   * and the (few) agents working on a run.
   */
  public StateCounts stateCounts() {
    Set<String> elsewhere = connectedElsewhere;
    int connected = links.size();
    int busy = 0;
    for (String id : work.busyAgents()) {
      if (links.containsKey(id)) {
        busy++;
      }
    }
    for (String id : workingElsewhere.keySet()) {
      if (elsewhere.contains(id) && !links.containsKey(id)) {
        busy++;
      }
    }
    for (String id : elsewhere) {
      if (!links.containsKey(id)) {
        connected++;
      }
    }
    busy = Math.min(busy, connected);
    return new StateCounts(connected - busy, busy, Math.max(0, records.size() - connected));
  }

  /** Agent streams open (one per connected agent). */
  public int openStreams() {
    return links.size();
  }

  /** What connected agents last reported about themselves, and its fleet totals. */
  public AgentFiguresBook figures() {
    return figures;
  }

  public Optional<AgentLink> link(String agentId) {
    return Optional.ofNullable(links.get(agentId));
  }

  public Optional<AgentRecord> record(String agentId) {
    return Optional.ofNullable(records.get(agentId));
  }

  /**
   * The agent as this controller knows it, else as the store does: an agent another controller
   * replica met first is known here once asked for by id (a console names it).
   */
  public Optional<AgentRecord> known(String agentId) {
    Optional<AgentRecord> here = record(agentId);
    if (here.isPresent()) {
      return here;
    }
    Optional<AgentRecord> stored = agents.find(agentId);
    stored.ifPresent(r -> learn(List.of(r)));
    return stored;
  }

  public boolean isOnline(String agentId) {
    return links.containsKey(agentId);
  }

  public AgentView view(String agentId) {
    AgentRecord r = records.get(agentId);
    String current = work.currentRun(agentId);
    if (current == null) {
      current = workingElsewhere.get(agentId);
    }
    boolean online = links.containsKey(agentId) || connectedElsewhere.contains(agentId);
    AgentState state =
        !online ? AgentState.OFFLINE : current != null ? AgentState.BUSY : AgentState.ONLINE;
    return new AgentView(
        r,
        state,
        lastSeen.getOrDefault(agentId, r.lastSeen()),
        current,
        work.queued(agentId),
        figures.latest(agentId).orElse(null));
  }

  /** Agents carrying all the labels (all when empty), in an optional set of states, by hostname. */
  public List<AgentView> list(Map<String, String> selector, Set<AgentState> states) {
    List<AgentView> out = new ArrayList<>();
    for (AgentRecord r : records.values()) {
      if (r.matches(selector)) {
        AgentView v = view(r.agentId());
        if (states.isEmpty() || states.contains(v.state())) {
          out.add(v);
        }
      }
    }
    out.sort(
        Comparator.comparing((AgentView v) -> v.record().hostname())
            .thenComparing(v -> v.record().agentId()));
    return out;
  }

  /**
   * What the other controller replicas' streams say: agents connected there and the runs agents
   * held there work on. Agents whose view changed are announced to fleet watchers.
   */
  public void elsewhere(Set<String> connected, Map<String, String> working) {
    Set<String> oldConnected = connectedElsewhere;
    Map<String, String> oldWorking = workingElsewhere;
    connectedElsewhere = Set.copyOf(connected);
    workingElsewhere = Map.copyOf(working);
    Set<String> changed = new java.util.HashSet<>();
    for (String id : connected) {
      if (!oldConnected.contains(id)) {
        changed.add(id);
      }
    }
    for (String id : oldConnected) {
      if (!connected.contains(id)) {
        changed.add(id);
      }
    }
    for (String id : working.keySet()) {
      if (!working.get(id).equals(oldWorking.get(id))) {
        changed.add(id);
      }
    }
    for (String id : oldWorking.keySet()) {
      if (!working.containsKey(id)) {
        changed.add(id);
      }
    }
    changed.forEach(this::changed);
  }

  /**
   * Agents the store knows that this controller may not (first seen by another replica), or knows
   * older versions of; an agent with a stream here is left as its stream said.
   */
  public void learn(Collection<AgentRecord> stored) {
    for (AgentRecord r : stored) {
      if (links.containsKey(r.agentId())) {
        continue;
      }
      AgentRecord known = records.get(r.agentId());
      if (known == null || known.lastSeen().isBefore(r.lastSeen())) {
        records.put(r.agentId(), r);
        lastSeen.merge(r.agentId(), r.lastSeen(), (a, b) -> a.isAfter(b) ? a : b);
        if (known == null) {
          hub.publishAgent(view(r.agentId()));
        }
      }
    }
  }

  /** Announces a change of an agent's work (busy / idle / queue length) to fleet watchers. */
  public void changed(String agentId) {
    if (records.containsKey(agentId)) {
      hub.publishAgent(view(agentId));
    }
  }

  /**
   * Closes the links of agents silent for longer than the offline grace (a half-open TCP connection
   * looks connected forever) and writes last-seen times.
   */
  public void sweep() {
    Instant now = clock.instant();
    Instant limit = now.minus(offlineGrace);
    for (Map.Entry<String, AgentLink> e : links.entrySet()) {
      if (e.getValue().heldBack()) {
        lastSeen.put(e.getKey(), now); // we are the ones not reading: its silence counts from here
        continue;
      }
      Instant seen = lastSeen.get(e.getKey());
      if (seen != null && seen.isBefore(limit)) {
        log.atInfo()
            .setMessage("agent silent: marking offline")
            .addKeyValue("agent_id", e.getKey())
            .addKeyValue("last_seen", seen)
            .log();
        e.getValue().close("no heartbeat since " + seen);
        disconnected(e.getKey(), e.getValue());
      }
    }
    if (!dirty.isEmpty() && !now.isBefore(lastTouchWrite.plus(TOUCH_EVERY))) {
      // Last-seen times are for the console: written every half minute, not at every heartbeat.
      lastTouchWrite = now;
      Map<String, Instant> batch = new HashMap<>(dirty);
      batch.keySet().forEach(dirty::remove);
      writer.submit(b -> b.touchAgents(batch), () -> {});
    }
  }
}
