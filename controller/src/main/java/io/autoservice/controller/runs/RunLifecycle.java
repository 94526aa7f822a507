package io.autoservice.controller.runs;

import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.controller.fleet.AgentLink;
import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.store.StoreWrites;
import io.autoservice.controller.store.WriteBatch;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state changes every part of the run domain shares: assign the next queued run, mark a run
 * running, finish a run. Each is decided in memory under the agent's lock, written through the
 * {@link StoreWrites}, and announced (watchers, the agent, the exporter) only after its commit.
 * Methods named {@code …Locked} expect the caller to hold the {@link AgentRuns} monitor.
 */
final class RunLifecycle {
  private static final Logger log = LoggerFactory.getLogger(RunLifecycle.class);

  private final StoreWrites writer;
  private final FleetRegistry fleet;
  private final WatchHub hub;
  private final Clock clock;
  private final RunBook book;
  private final Consumer<RunRecord> onFinished;
  private final RunMeters meters;

  RunLifecycle(
      StoreWrites writer,
      FleetRegistry fleet,
      WatchHub hub,
      Clock clock,
      RunBook book,
      Consumer<RunRecord> onFinished,
      RunMeters meters) {
    this.meters = meters;
    this.writer = writer;
    this.fleet = fleet;
    this.hub = hub;
    this.clock = clock;
    this.book = book;
    this.onFinished = onFinished;
  }

  Clock clock() {
    return clock;
  }

  StoreWrites writer() {
    return writer;
  }

  WatchHub hub() {
    return hub;
  }

  RunMeters meters() {
    return meters;
  }

  /** Sends the agent its oldest queued run when it is online and has none; persisted first. */
  void pumpLocked(AgentRuns a) {
    if (a.released || a.current != null || a.queue.isEmpty()) {
      return;
    }
    Optional<AgentLink> link = fleet.link(a.agentId);
    if (link.isEmpty()) {
      return;
    }
    AgentRuns.Active next = a.runs.get(a.queue.poll());
    next.record = next.record.withState(RunState.ASSIGNED);
    meters.moved(RunState.QUEUED, RunState.ASSIGNED);
    a.current = next.record.runId();
    book.working(a.agentId, true);
    RunRecord assigned = next.record;
    writer.submit(
        b -> b.updateRun(assigned),
        () -> {
          log.debug("run {} assigned to {}", assigned.runId(), assigned.hostname());
          hub.publishRun(assigned);
          fleet.changed(assigned.agentId());
          boolean stillOurs;
          synchronized (a) {
            AgentRuns.Active sent = a.runs.get(assigned.runId());
            stillOurs =
                !a.released && assigned.runId().equals(a.current) && sent != null && !sent.ending;
            if (stillOurs) {
              sent.assignSends++;
              sent.assignSentAt = clock.instant();
            }
          }
          if (stillOurs) {
            // The link of the moment: a stream that replaced the one seen above gets it too, at
            // Hello.
            fleet.link(a.agentId).ifPresent(l -> l.assign(assigned));
          }
        });
  }

  /** Marks an assigned run running; the caller writes the returned record in its batch. */
  RunRecord runningLocked(AgentRuns.Active r) {
    meters.moved(r.record.state(), RunState.RUNNING);
    r.record = r.record.withState(RunState.RUNNING);
    log.debug("run {} running on {}", r.record.runId(), r.record.hostname());
    return r.record;
  }

  /** Ends a run (in memory at once, durable and announced after the commit). */
  RunRecord finishLocked(
      AgentRuns a, AgentRuns.Active r, RunStatus status, RunReport report, String why) {
    return finishLocked(a, r, status, report, why, b -> {}, () -> {});
  }

  /**
   * Ends a run together with more changes in the same commit ({@code alsoWrite}), running {@code
   * alsoAfter} after that commit and before the end is announced.
   */
  RunRecord finishLocked(
      AgentRuns a,
      AgentRuns.Active r,
      RunStatus status,
      RunReport report,
      String why,
      Consumer<WriteBatch> alsoWrite,
      Runnable alsoAfter) {
    meters.left(r.record.state());
    RunRecord done =
        r.record
            .withProgress(r.record.completedTasks(), Math.max(r.accepted, r.record.lastSeq()))
            .finished(status, report, why, clock.instant());
    r.record = done;
    r.ending = true;
    a.queue.remove(done.runId());
    writer.submit(
        b -> {
          alsoWrite.accept(b);
          b.updateRun(done);
        },
        () -> {
          alsoAfter.run();
          synchronized (a) {
            a.runs.remove(done.runId());
            if (done.runId().equals(a.current)) {
              a.current = null;
              book.working(a.agentId, false);
            }
            book.finished(done.runId(), done.agentId(), done.lastSeq());
            pumpLocked(a);
          }
          var finished =
              log.atInfo()
                  .setMessage("run finished")
                  .addKeyValue("run_id", done.runId())
                  .addKeyValue("agent_id", done.agentId())
                  .addKeyValue("hostname", done.hostname())
                  .addKeyValue("status", status.wireName());
          (why == null ? finished : finished.addKeyValue("reason", why)).log();
          meters.finished(status);
          hub.publishRun(done);
          onFinished.accept(done);
          fleet.changed(done.agentId());
        });
    return done;
  }
}
