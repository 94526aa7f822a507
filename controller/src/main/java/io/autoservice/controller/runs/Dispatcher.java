package io.autoservice.controller.runs;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.model.RunRecord;

import com.google.protobuf.InvalidProtocolBufferException;
import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.controller.fleet.AgentLink;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.store.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every unfinished run: the per-agent queues, the one run each agent works on, the sequence
 * bookkeeping of incoming events, cancels, and the deadlines. State changes are written to the
 * store before they are announced or sent, so a restarted controller picks up where it stopped.
 *
 * <p>An agent runs one plan at a time: {@link #pump} sends the oldest queued run when the agent is
 * online and has nothing assigned. An assignment is re-sent on every reconnect until the agent
 * acks it (the agent ignores a run id it already took).
 */
public final class Dispatcher implements FleetRegistry.AgentWork {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final RunStore store;
  private final FleetRegistry fleet;
  private final WatchHub hub;
  private final Clock clock;
  private final Duration runLostAfter;
  private final Consumer<RunRecord> onFinished;

  private final Map<String, RunRecord> active = new HashMap<>();
  private final Map<String, Deque<String>> queues = new HashMap<>();
  private final Map<String, String> current = new HashMap<>();
  /** Per run: [highest accepted, highest persisted] sequence. */
  private final Map<String, long[]> seqs = new HashMap<>();
  private long queueSeq;
  /** An agent cannot have reached a controller that was down: absence counts from here at most. */
  private final Instant startedAt;

  public Dispatcher(
      RunStore store,
      FleetRegistry fleet,
      WatchHub hub,
      Clock clock,
      Duration runLostAfter,
      Consumer<RunRecord> onFinished) {
    this.store = store;
    this.fleet = fleet;
    this.hub = hub;
    this.clock = clock;
    this.runLostAfter = runLostAfter;
    this.onFinished = onFinished;
    this.startedAt = clock.instant();
    recover();
    fleet.setWork(this);
  }

  /** Reloads unfinished runs after a restart, in dispatch order. */
  private synchronized void recover() {
    queueSeq = store.maxQueueSeq();
    List<RunRecord> delivered = new ArrayList<>();
    for (RunRecord r : store.unfinishedRuns()) {
      long persisted = Math.max(r.lastSeq(), store.maxSeq(r.runId()));
      RunRecord withSeq = r.withProgress(r.completedTasks(), persisted);
      active.put(r.runId(), withSeq);
      seqs.put(r.runId(), new long[] {persisted, persisted});
      if (r.state() == RunState.QUEUED) {
        queues.computeIfAbsent(r.agentId(), k -> new ArrayDeque<>()).add(r.runId());
      } else {
        current.putIfAbsent(r.agentId(), r.runId());
        delivered.add(withSeq);
      }
    }
    if (!active.isEmpty()) {
      log.info("recovered {} unfinished runs", active.size());
    }
    for (RunRecord r : delivered) {
      finishFromStoredReport(r);
    }
  }

  /**
   * A run whose RunFinished was committed, but not the run's own finished state (the controller
   * stopped between the two): its agent has been acked and forgot the run, so nothing would ever
   * finish it. Its stored report does.
   */
  private void finishFromStoredReport(RunRecord r) {
    long last = seqs.get(r.runId())[1];
    if (last < 1) {
      return;
    }
    List<RunStore.EventRow> rows = store.events(r.runId(), last - 1, 1);
    if (rows.isEmpty()) {
      return;
    }
    RunEvent event;
    try {
      event = WireMapper.fromProto(io.autoservice.proto.v1.RunEvent.parseFrom(rows.get(0).body()));
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      log.warn("run {}: stored event {} unreadable: {}", r.runId(), last, e.toString());
      return;
    }
    if (event.payload() instanceof EventPayload.RunFinished f) {
      log.info("run {}: its report was stored before the controller stopped; finishing it", r.runId());
      finish(r, f.report().status(), f.report(), f.report().error());
    }
  }

  // ---- console side

  /** One run per target agent, queued behind what each agent already has. */
  public synchronized List<RunRecord> dispatch(
      Plan plan, Collection<AgentRecord> targets, String by, Duration deliveryDeadline) {
    Instant now = clock.instant();
    List<RunRecord> created = new ArrayList<>();
    for (AgentRecord agent : targets) {
      RunRecord run =
          new RunRecord(UUID.randomUUID().toString(), agent.agentId(), agent.hostname(), ++queueSeq, RunState.QUEUED,
              null, plan, 0, by, now, now.plus(deliveryDeadline), null, 0, null, null, null);
      store.insertRun(run);
      active.put(run.runId(), run);
      seqs.put(run.runId(), new long[] {0, 0});
      queues.computeIfAbsent(agent.agentId(), k -> new ArrayDeque<>()).add(run.runId());
      log.info("run {} queued for {} ({} tasks, by {})", run.runId(), agent.hostname(), plan.tasks().size(), by);
      hub.publishRun(run);
      created.add(run);
      pump(agent.agentId());
      fleet.changed(agent.agentId());
    }
    return created;
  }

  /** Cancels a queued run at once, or asks the agent to stop a running one. */
  public synchronized RunRecord cancel(String runId, String reason) throws DispatchException {
    RunRecord run = active.get(runId);
    if (run == null) {
      RunRecord done =
          store.run(runId).orElseThrow(() -> new DispatchException(DispatchException.Kind.NOT_FOUND, "run " + runId + " not found"));
      throw new DispatchException(
          DispatchException.Kind.FAILED_PRECONDITION, "run " + runId + " already finished (" + done.status().wireName() + ")");
    }
    String why = reason == null || reason.isBlank() ? "cancelled by a technician" : reason;
    if (run.state() == RunState.QUEUED) {
      Deque<String> q = queues.get(run.agentId());
      if (q != null) {
        q.remove(runId);
      }
      return finish(run.withCancelReason(why), RunStatus.CANCELLED, null, why);
    }
    RunRecord marked = run.withCancelReason(why);
    active.put(runId, marked);
    store.updateRun(marked);
    fleet.link(run.agentId()).ifPresent(l -> l.cancel(runId, why));
    log.info("run {} cancel requested: {}", runId, why);
    return marked;
  }

  /**
   * A place in the run list for a run that did not come through {@link #dispatch} (an uploaded
   * local run): listings are ordered by it, newest first.
   */
  public synchronized long nextQueueSeq() {
    return ++queueSeq;
  }

  public synchronized Optional<RunRecord> activeRun(String runId) {
    return Optional.ofNullable(active.get(runId));
  }

  // ---- agent side

  /**
   * An agent connected (or reconnected) with these runs still open on its side. Returns, per open
   * run of this agent, the highest persisted sequence: the Welcome's acks.
   */
  public synchronized Map<String, Long> agentConnected(String agentId, AgentLink link, Collection<String> openRuns) {
    Map<String, Long> acked = new HashMap<>();
    for (String runId : openRuns) {
      RunRecord r = active.get(runId);
      if (r != null && r.agentId().equals(agentId)) {
        acked.put(runId, seqs.get(runId)[1]);
      } else if (r == null) {
        store.run(runId).filter(x -> x.agentId().equals(agentId)).ifPresent(x -> acked.put(runId, x.lastSeq()));
      }
    }
    String runId = current.get(agentId);
    if (runId != null) {
      RunRecord r = active.get(runId);
      if (r.state() == RunState.ASSIGNED) {
        link.assign(r);
      } else if (!openRuns.contains(runId)) {
        finish(r, RunStatus.ERROR, null, "the agent restarted during the run and no longer has it; its results were lost");
      } else if (r.cancelReason() != null) {
        link.cancel(runId, r.cancelReason());
      }
    }
    pump(agentId);
    return acked;
  }

  /** The agent acknowledged (or refused) an assignment. */
  public synchronized void assignAcked(String agentId, String runId, boolean accepted, String error) {
    RunRecord r = active.get(runId);
    if (r == null || !r.agentId().equals(agentId)) {
      return;
    }
    if (!accepted) {
      finish(r, RunStatus.ERROR, null, "the agent refused the plan: " + error);
    } else if (r.state() == RunState.ASSIGNED) {
      running(r);
    }
  }

  /** Decides what to do with an incoming event before it is persisted. */
  public synchronized EventVerdict acceptEvent(String agentId, String runId, long seq) {
    RunRecord r = active.get(runId);
    if (r == null) {
      Optional<RunRecord> done = store.run(runId);
      if (done.isPresent() && done.get().agentId().equals(agentId)) {
        return EventVerdict.duplicate(Math.max(seq, done.get().lastSeq()));
      }
      return EventVerdict.reject("run " + runId + " is not assigned to agent " + agentId);
    }
    if (!r.agentId().equals(agentId)) {
      return EventVerdict.reject("run " + runId + " is not assigned to agent " + agentId);
    }
    long[] s = seqs.get(runId);
    if (seq <= s[0]) {
      return EventVerdict.duplicate(s[1]);
    }
    if (seq != s[0] + 1) {
      return EventVerdict.reject("run " + runId + ": expected sequence " + (s[0] + 1) + " but got " + seq);
    }
    s[0] = seq;
    return EventVerdict.accept();
  }

  /** An accepted event was committed; returns the sequence to ack. */
  public synchronized long persisted(RunEvent event) {
    RunRecord r = active.get(event.runId());
    long[] s = seqs.get(event.runId());
    if (r == null || s == null) {
      return event.sequence();
    }
    s[1] = Math.max(s[1], event.sequence());
    hub.publishEvent(event);
    if (r.state() == RunState.ASSIGNED) {
      r = running(r); // an event proves the agent took the run, even if its ack was lost
    }
    EventPayload p = event.payload();
    if (p instanceof EventPayload.TaskFinished) {
      RunRecord updated = r.withProgress(r.completedTasks() + 1, s[1]);
      active.put(r.runId(), updated);
      store.updateRun(updated);
      hub.publishRun(updated);
    } else if (p instanceof EventPayload.RunFinished f) {
      RunReport report = f.report();
      finish(r.withProgress(r.completedTasks(), s[1]), report.status(), report, report.error());
    } else {
      active.put(r.runId(), r.withProgress(r.completedTasks(), s[1]));
    }
    return s[1];
  }

  /** Ends expired deliveries and runs whose agent has been gone too long. */
  public synchronized void sweep() {
    Instant now = clock.instant();
    for (RunRecord r : new ArrayList<>(active.values())) {
      boolean online = fleet.isOnline(r.agentId());
      if (r.state() == RunState.QUEUED && now.isAfter(r.deliverBy())) {
        queues.getOrDefault(r.agentId(), new ArrayDeque<>()).remove(r.runId());
        finish(r, RunStatus.EXPIRED, null, "not delivered before " + r.deliverBy());
      } else if (r.state() == RunState.ASSIGNED && !online && now.isAfter(r.deliverBy())) {
        finish(r, RunStatus.EXPIRED, null, "not delivered before " + r.deliverBy());
      } else if (r.state() == RunState.RUNNING && !online) {
        Instant seen = fleet.view(r.agentId()).lastSeen();
        if (seen != null && seen.isBefore(startedAt)) {
          seen = startedAt;
        }
        if (seen != null && now.isAfter(seen.plus(runLostAfter))) {
          finish(r, RunStatus.ERROR, null, "the agent has been offline since " + seen + "; the run's outcome is unknown");
        }
      }
    }
  }

  @Override
  public synchronized String currentRun(String agentId) {
    return current.get(agentId);
  }

  @Override
  public synchronized int queued(String agentId) {
    Deque<String> q = queues.get(agentId);
    return q == null ? 0 : q.size();
  }

  // ---- internals (lock held)

  private void pump(String agentId) {
    if (current.containsKey(agentId)) {
      return;
    }
    Optional<AgentLink> link = fleet.link(agentId);
    Deque<String> q = queues.get(agentId);
    if (link.isEmpty() || q == null || q.isEmpty()) {
      return;
    }
    RunRecord next = active.get(q.poll()).withState(RunState.ASSIGNED);
    active.put(next.runId(), next);
    store.updateRun(next);
    current.put(agentId, next.runId());
    log.info("run {} assigned to {}", next.runId(), next.hostname());
    hub.publishRun(next);
    fleet.changed(agentId);
    link.get().assign(next);
  }

  private RunRecord running(RunRecord r) {
    RunRecord next = r.withState(RunState.RUNNING);
    active.put(r.runId(), next);
    store.updateRun(next);
    log.info("run {} running on {}", r.runId(), r.hostname());
    hub.publishRun(next);
    return next;
  }

  private RunRecord finish(RunRecord r, RunStatus status, RunReport report, String why) {
    RunRecord done = r.finished(status, report, why, clock.instant());
    store.updateRun(done);
    active.remove(r.runId());
    seqs.remove(r.runId());
    current.remove(r.agentId(), r.runId());
    log.info("run {} on {} finished: {}{}", r.runId(), r.hostname(), status.wireName(), why == null ? "" : " (" + why + ")");
    hub.publishRun(done);
    onFinished.accept(done);
    pump(r.agentId());
    fleet.changed(r.agentId());
    return done;
  }
}
