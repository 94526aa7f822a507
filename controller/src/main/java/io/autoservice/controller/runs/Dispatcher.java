package io.autoservice.controller.runs;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.result.RunStatus;
import io.autoservice.controller.fleet.AgentLink;
import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.model.StoredEvent;
import io.autoservice.controller.store.EventStore;
import io.autoservice.controller.store.RunStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every unfinished run: the per-agent queues, the one run each agent works on, cancels and
 * deadlines. State is kept per agent ({@link AgentRuns}), never behind one global lock; every
 * change is written through the store's group-committing writer before it is announced or sent, so
 * a restarted controller picks up where it stopped. Incoming events are {@link EventIngest}'s.
 *
 * <p>An agent runs one plan at a time: the oldest queued run is sent when the agent is online and
 * has nothing assigned. An assignment is re-sent on every reconnect until the agent acks it (the
 * agent ignores a run id it already took).
 */
public final class Dispatcher implements FleetRegistry.AgentWork {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final RunStore runs;
  private final EventStore events;
  private final FleetRegistry fleet;
  private final RunBook book;
  private final RunLifecycle life;
  private final Duration runLostAfter;
  private final AgentOwnership ownership;

  /**
   * Times an AssignRun is sent (the first and the resends at each Hello) without the agent's
   * CommandAck before the run ends {@code error}: an agent that cannot take a plan (it crashes on
   * it, or its answer never arrives) is not sent the same plan forever.
   */
  static final int MAX_ASSIGN_SENDS = 4;

  /**
   * The least time between two sends of one AssignRun: a reconnect loop does not spend them all at
   * once.
   */
  static final Duration ASSIGN_RESEND_FLOOR = Duration.ofSeconds(5);

  private final AtomicLong queueSeq = new AtomicLong();

  /** An agent cannot have reached a controller that was down: absence counts from here at most. */
  private final Instant startedAt;

  Dispatcher(
      RunStore runs,
      EventStore events,
      FleetRegistry fleet,
      RunBook book,
      RunLifecycle life,
      Duration runLostAfter,
      AgentOwnership ownership) {
    this.ownership = ownership;
    this.runs = runs;
    this.events = events;
    this.fleet = fleet;
    this.book = book;
    this.life = life;
    this.runLostAfter = runLostAfter;
    this.startedAt = life.clock().instant();
    recover();
    fleet.setWork(this);
  }

  /** Reloads unfinished runs after a restart, in dispatch order. */
  private void recover() {
    queueSeq.set(runs.maxQueueSeq());
    List<AgentRuns.Active> delivered = new ArrayList<>();
    int n = 0;
    for (RunRecord r : runs.unfinished()) {
      if (!ownership.holds(r.agentId())) {
        continue; // another replica drives it
      }
      long persisted = Math.max(r.lastSeq(), events.maxSeq(r.runId()));
      AgentRuns a = book.agent(r.agentId());
      AgentRuns.Active active =
          new AgentRuns.Active(r.withProgress(r.completedTasks(), persisted), persisted);
      synchronized (a) {
        a.runs.put(r.runId(), active);
        life.meters().entered(r.state());
        if (r.state() == RunState.QUEUED) {
          a.queue.add(r.runId());
        } else if (a.current == null) {
          a.current = r.runId();
          book.working(a.agentId, true);
          delivered.add(active);
        }
      }
      book.own(r.runId(), a);
      n++;
    }
    if (n > 0) {
      log.info("recovered {} unfinished runs", n);
    }
    delivered.forEach(this::finishFromStoredReport);
  }

  /**
   * A run whose RunFinished was committed, but not the run's own finished state (a controller from
   * before the batched writer could stop between the two): its agent was acked and forgot the run,
   * so nothing would ever finish it. Its stored report does.
   */
  private void finishFromStoredReport(AgentRuns.Active r) {
    long last = r.persisted;
    if (last < 1) {
      return;
    }
    List<StoredEvent> rows = events.events(r.record.runId(), last - 1, 1);
    if (rows.isEmpty() || !rows.get(0).readable()) {
      return;
    }
    if (rows.get(0).event().payload() instanceof EventPayload.RunFinished f) {
      log.info(
          "run {}: its report was stored before the controller stopped; finishing it",
          r.record.runId());
      AgentRuns a = book.agent(r.record.agentId());
      synchronized (a) {
        life.finishLocked(a, r, f.report().status(), f.report(), f.report().error());
      }
    }
  }

  // ---- console side

  /**
   * One run per target agent, queued behind what each agent already has. The future completes once
   * every run is stored (what the technician is told is durable); assignments follow.
   */
  public CompletableFuture<List<RunRecord>> dispatch(
      Plan plan, Collection<AgentRecord> targets, String by, Duration deliveryDeadline) {
    return dispatch(plan, targets, by, deliveryDeadline, a -> UUID.randomUUID().toString());
  }

  /**
   * As {@link #dispatch(Plan, Collection, String, Duration)}, each run with the id {@code runIds}
   * gives it: a schedule derives one per (occurrence, PC), so a retried delivery stores the same
   * run once (the runs table keeps the first insert of an id).
   */
  public CompletableFuture<List<RunRecord>> dispatch(
      Plan plan,
      Collection<AgentRecord> targets,
      String by,
      Duration deliveryDeadline,
      java.util.function.Function<AgentRecord, String> runIds) {
    Instant now = life.clock().instant();
    List<RunRecord> created = new ArrayList<>(targets.size());
    long[] places = queuePlaces(targets.size());
    int i = 0;
    for (AgentRecord agent : targets) {
      created.add(
          new RunRecord(
              runIds.apply(agent),
              agent.agentId(),
              agent.hostname(),
              places[i++],
              RunState.QUEUED,
              null,
              plan,
              0,
              by,
              now,
              now.plus(deliveryDeadline),
              null,
              0,
              null,
              null,
              null));
    }
    CompletableFuture<List<RunRecord>> stored = new CompletableFuture<>();
    life.writer()
        .submit(
            b -> created.forEach(b::insertRun),
            () -> {
              java.util.Set<String> elsewhere = new java.util.LinkedHashSet<>();
              for (RunRecord run : created) {
                if (!ownership.holds(run.agentId())) {
                  elsewhere.add(run.agentId());
                  life.hub().publishRun(run);
                  continue;
                }
                AgentRuns a = book.agent(run.agentId());
                synchronized (a) {
                  a.runs.put(run.runId(), new AgentRuns.Active(run, 0));
                  life.meters().entered(RunState.QUEUED);
                  a.queue.add(run.runId());
                  book.own(run.runId(), a);
                  life.pumpLocked(a);
                }
                life.hub().publishRun(run);
                fleet.changed(run.agentId());
              }
              if (!elsewhere.isEmpty()) {
                ownership.queued(elsewhere);
              }
              log.atInfo()
                  .setMessage("runs dispatched")
                  .addKeyValue("runs", created.size())
                  .addKeyValue("tasks", plan.tasks().size())
                  .addKeyValue("by", by)
                  .log();
              stored.complete(created);
            });
    return stored;
  }

  /**
   * Cancels a queued run at once, or asks the agent to stop a running one. The future completes
   * once the cancel is stored.
   */
  public CompletableFuture<RunRecord> cancel(String runId, String reason) throws Refusal {
    String why = reason == null || reason.isBlank() ? "cancelled by a technician" : reason;
    Optional<AgentRuns> owner = book.owner(runId);
    if (owner.isPresent()) {
      AgentRuns a = owner.get();
      synchronized (a) {
        AgentRuns.Active r = a.active(runId);
        if (r != null && !r.ending) {
          r.record = r.record.withCancelReason(why);
          if (r.record.state() == RunState.QUEUED) {
            RunRecord done = life.finishLocked(a, r, RunStatus.CANCELLED, null, why);
            return life.writer().submit(b -> {}).thenApply(x -> done);
          }
          RunRecord marked = r.record;
          return life.writer()
              .submit(b -> b.updateRun(marked))
              .thenApply(
                  x -> {
                    fleet.link(marked.agentId()).ifPresent(l -> l.cancel(runId, why));
                    log.atInfo()
                        .setMessage("run cancel requested")
                        .addKeyValue("run_id", runId)
                        .addKeyValue("reason", why)
                        .log();
                    return marked;
                  });
        }
      }
    }
    RunRecord done =
        runs.run(runId).orElseThrow(() -> Refusal.notFound("run " + runId + " not found"));
    if (done.state() != RunState.FINISHED && !ownership.holds(done.agentId())) {
      // Another replica drives it (or none does yet): the holder cancels it, through the store.
      ownership.cancel(done.agentId(), runId, why);
      return CompletableFuture.completedFuture(done.withCancelReason(why));
    }
    throw Refusal.failedPrecondition(
        "run "
            + runId
            + " already finished ("
            + (done.status() == null ? "ending" : done.status().wireName())
            + ")");
  }

  /** A place in the run list for a run that did not come through {@link #dispatch}. */
  public long nextQueueSeq() {
    return queuePlaces(1)[0];
  }

  private long[] queuePlaces(int n) {
    if (ownership instanceof AgentOwnership.Solo) {
      long[] out = new long[n];
      for (int i = 0; i < n; i++) {
        out[i] = queueSeq.incrementAndGet();
      }
      return out;
    }
    return ownership.nextQueueSeqs(n); // one order across replicas
  }

  // ---- replicas

  /**
   * Takes into memory the agent's unfinished runs this controller does not have yet (the agent came
   * to this replica, a run was dispatched for it elsewhere, or its holder died), in run order. Safe
   * to call again: runs already held are left as they are.
   */
  public void adopt(String agentId) {
    List<RunRecord> stored = runs.unfinishedOf(agentId);
    List<AgentRuns.Active> delivered = new ArrayList<>();
    AgentRuns a = book.agent(agentId);
    int n = 0;
    synchronized (a) {
      for (RunRecord r : stored) {
        if (a.active(r.runId()) != null || book.recentlyFinished(r.runId()).isPresent()) {
          continue;
        }
        long persisted = Math.max(r.lastSeq(), events.maxSeq(r.runId()));
        AgentRuns.Active active =
            new AgentRuns.Active(r.withProgress(r.completedTasks(), persisted), persisted);
        a.runs.put(r.runId(), active);
        book.own(r.runId(), a);
        life.meters().entered(r.state());
        n++;
        if (r.state() == RunState.QUEUED) {
          a.queue.add(r.runId());
        } else if (a.current == null) {
          a.current = r.runId();
          book.working(agentId, true);
          delivered.add(active);
        }
      }
      if (n > 0) {
        List<String> ordered = new ArrayList<>(a.queue);
        ordered.sort(
            java.util.Comparator.comparingLong((String id) -> a.runs.get(id).record.queueSeq()));
        a.queue.clear();
        a.queue.addAll(ordered);
        life.pumpLocked(a);
      }
    }
    if (n > 0) {
      log.atInfo()
          .setMessage("agent's runs taken over")
          .addKeyValue("agent_id", agentId)
          .addKeyValue("runs", n)
          .log();
      fleet.changed(agentId);
    }
    delivered.forEach(this::finishFromStoredReport);
  }

  /**
   * Before an agent's new stream is served: completes once this controller drives the agent's runs
   * (at once for a lone controller).
   */
  public CompletableFuture<Void> acquire(String agentId) {
    return ownership.acquire(agentId);
  }

  /** Whether this controller has the run in memory (unfinished, or ending). */
  public boolean holdsRun(String runId) {
    return book.owner(runId).isPresent();
  }

  /**
   * Lets go of an agent another replica took: its runs leave this controller's memory. The future
   * completes once every change this controller made to them is committed, so the new holder reads
   * them as they are.
   */
  public CompletableFuture<Void> release(String agentId) {
    book.existing(agentId)
        .ifPresent(
            a -> {
              synchronized (a) {
                a.released = true;
                for (AgentRuns.Active r : a.runs.values()) {
                  if (!r.ending) {
                    life.meters().left(r.record.state());
                  }
                }
                book.drop(a);
              }
            });
    return life.writer().submit(b -> {});
  }

  /** The run as this controller knows it now, if it is not finished (or just finishing). */
  public Optional<RunRecord> activeRun(String runId) {
    return book.owner(runId)
        .flatMap(
            a -> {
              synchronized (a) {
                AgentRuns.Active r = a.active(runId);
                return Optional.ofNullable(r == null ? null : r.record);
              }
            });
  }

  // ---- agent side

  /**
   * An agent connected (or reconnected) with these runs still open on its side. Returns, per open
   * run of this agent, the highest persisted sequence: the Welcome's acks.
   */
  public Map<String, Long> agentConnected(
      String agentId, AgentLink link, Collection<String> openRuns) {
    Map<String, Long> acked = new HashMap<>();
    List<String> elsewhere = new ArrayList<>();
    AgentRuns a = book.agent(agentId);
    synchronized (a) {
      for (String runId : openRuns) {
        AgentRuns.Active r = a.active(runId);
        if (r != null) {
          acked.put(runId, r.persisted);
        } else {
          elsewhere.add(runId);
        }
      }
      AgentRuns.Active r = a.current == null ? null : a.active(a.current);
      if (r != null && !r.ending) {
        if (r.record.state() == RunState.ASSIGNED) {
          resendLocked(a, r, link);
        } else if (!openRuns.contains(r.record.runId())) {
          life.finishLocked(
              a,
              r,
              RunStatus.ERROR,
              null,
              "the agent restarted during the run and no longer has it; its results were lost");
        } else if (r.record.cancelReason() != null) {
          link.cancel(r.record.runId(), r.record.cancelReason());
        }
      }
      life.pumpLocked(a);
    }
    for (String runId : elsewhere) { // finished runs: from memory, else the store, outside any lock
      Optional<RunBook.Finished> f = book.recentlyFinished(runId);
      if (f.isPresent()) {
        if (f.get().agentId().equals(agentId)) {
          acked.put(runId, f.get().lastSeq());
        }
      } else {
        runs.run(runId)
            .filter(x -> x.agentId().equals(agentId))
            .ifPresent(x -> acked.put(runId, x.lastSeq()));
      }
    }
    return acked;
  }

  /**
   * Sends an unacknowledged assignment again, not sooner than {@link #ASSIGN_RESEND_FLOOR} after
   * the last send (then the sweep sends it), and ends the run once it was sent {@link
   * #MAX_ASSIGN_SENDS} times without an answer.
   */
  private void resendLocked(AgentRuns a, AgentRuns.Active r, AgentLink link) {
    Instant now = life.clock().instant();
    if (r.assignSends >= MAX_ASSIGN_SENDS) {
      life.finishLocked(
          a,
          r,
          RunStatus.ERROR,
          null,
          "the agent could not accept the assignment: it was sent "
              + r.assignSends
              + " times, the agent reconnected each time and never acknowledged it");
      return;
    }
    if (r.assignSentAt != null && now.isBefore(r.assignSentAt.plus(ASSIGN_RESEND_FLOOR))) {
      r.assignPending = true;
      return;
    }
    r.assignSends++;
    r.assignSentAt = now;
    r.assignPending = false;
    link.assign(r.record);
  }

  /** The agent acknowledged (or refused) an assignment. */
  public void assignAcked(String agentId, String runId, boolean accepted, String error) {
    Optional<AgentRuns> owner = book.owner(runId).filter(a -> a.agentId.equals(agentId));
    if (owner.isEmpty()) {
      return;
    }
    AgentRuns a = owner.get();
    synchronized (a) {
      AgentRuns.Active r = a.active(runId);
      if (r == null || r.ending) {
        return;
      }
      if (!accepted) {
        life.finishLocked(a, r, RunStatus.ERROR, null, "the agent refused the plan: " + error);
      } else if (r.record.state() == RunState.ASSIGNED) {
        life.meters()
            .dispatchAcked(Duration.between(r.record.dispatchedAt(), life.clock().instant()));
        RunRecord running = life.runningLocked(r);
        life.writer().submit(b -> b.updateRun(running), () -> life.hub().publishRun(running));
      }
    }
  }

  /** Ends expired deliveries and runs whose agent has been gone too long. */
  public void sweep() {
    Instant now = life.clock().instant();
    for (AgentRuns a : book.all()) {
      boolean online = fleet.isOnline(a.agentId);
      Instant seen =
          online
              ? null
              : fleet.record(a.agentId).map(x -> fleet.view(a.agentId).lastSeen()).orElse(null);
      synchronized (a) {
        for (AgentRuns.Active r : new ArrayList<>(a.runs.values())) {
          if (r.ending) {
            continue;
          }
          RunRecord rec = r.record;
          if (rec.state() == RunState.QUEUED && now.isAfter(rec.deliverBy())) {
            life.finishLocked(
                a, r, RunStatus.EXPIRED, null, "not delivered before " + rec.deliverBy());
          } else if (rec.state() == RunState.ASSIGNED && !online && now.isAfter(rec.deliverBy())) {
            life.finishLocked(
                a, r, RunStatus.EXPIRED, null, "not delivered before " + rec.deliverBy());
          } else if (rec.state() == RunState.ASSIGNED
              && online
              && r.assignPending
              && !now.isBefore(r.assignSentAt.plus(ASSIGN_RESEND_FLOOR))) {
            fleet.link(a.agentId).ifPresent(link -> resendLocked(a, r, link));
          } else if (rec.state() == RunState.RUNNING && !online && seen != null) {
            Instant since = seen.isBefore(startedAt) ? startedAt : seen;
            if (now.isAfter(since.plus(runLostAfter))) {
              life.finishLocked(
                  a,
                  r,
                  RunStatus.ERROR,
                  null,
                  "the agent has been offline since " + since + "; the run's outcome is unknown");
            }
          }
        }
      }
    }
  }

  @Override
  public String currentRun(String agentId) {
    return book.existing(agentId)
        .map(
            a -> {
              synchronized (a) {
                return a.current;
              }
            })
        .orElse(null);
  }

  @Override
  public int queued(String agentId) {
    return book.existing(agentId)
        .map(
            a -> {
              synchronized (a) {
                return a.queue.size();
              }
            })
        .orElse(0);
  }

  @Override
  public Collection<String> busyAgents() {
    return book.working();
  }

  /** Runs not finished, for metrics. */
  public int activeRuns() {
    return book.activeRuns();
  }
}
