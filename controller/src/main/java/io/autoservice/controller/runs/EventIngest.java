package io.autoservice.controller.runs;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.result.RunReport;
import io.autoservice.controller.model.EventRow;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.store.RunStore;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Takes an agent's run event and, once it is durable, says which sequence to acknowledge: the
 * sequence check, the state change it causes (in the same commit as the event), and the fan-out to
 * watchers all happen here, in that order. The gateway only maps, acks and returns credit.
 *
 * <p>Only the event's own agent's lock is taken, and only for memory work; the commit happens on
 * the store's writer thread, which calls back.
 */
public final class EventIngest {
  private final RunStore runs;
  private final RunBook book;
  private final RunLifecycle life;

  EventIngest(RunStore runs, RunBook book, RunLifecycle life) {
    this.runs = runs;
    this.book = book;
    this.life = life;
  }

  /**
   * Offers an event sent by {@code agentId}. On {@code ACCEPT}, {@code acked} is called with the
   * sequence to ack once the event (and the state change it causes) is committed; on {@code
   * DUPLICATE} the verdict carries the sequence to ack now; on {@code REJECT}, why.
   */
  public EventVerdict offer(String agentId, RunEvent event, EventRow row, LongConsumer acked) {
    String runId = event.runId();
    long seq = event.sequence();
    Optional<AgentRuns> owner = book.owner(runId);
    if (owner.isEmpty()) {
      return notActive(agentId, runId, seq);
    }
    AgentRuns a = owner.get();
    if (!a.agentId.equals(agentId)) {
      return notAssigned(agentId, runId);
    }
    synchronized (a) {
      AgentRuns.Active r = a.active(runId);
      if (r == null) {
        return notActive(agentId, runId, seq);
      }
      if (seq <= r.accepted) {
        return EventVerdict.duplicate(r.persisted);
      }
      if (r.ending) {
        return EventVerdict.reject(
            "run "
                + runId
                + " already ended; expected no event after its last ("
                + r.accepted
                + ") but got "
                + seq);
      }
      if (seq != r.accepted + 1) {
        return EventVerdict.reject(
            "run " + runId + ": expected sequence " + (r.accepted + 1) + " but got " + seq);
      }
      r.accepted = seq;
      life.meters().eventReceived();
      boolean changed = false;
      if (r.record.state() == RunState.ASSIGNED) {
        life.runningLocked(r); // an event proves the agent took the run, even if its ack was lost
        changed = true;
      }
      EventPayload p = event.payload();
      if (p instanceof EventPayload.RunFinished f) {
        RunReport report = f.report();
        life.finishLocked(
            a,
            r,
            report.status(),
            report,
            report.error(),
            b -> b.appendEvent(row),
            () -> persisted(a, r, event, null, acked));
        return EventVerdict.accept();
      }
      if (p instanceof EventPayload.TaskFinished) {
        r.record = r.record.withProgress(r.record.completedTasks() + 1, seq);
        changed = true;
      }
      RunRecord update = changed ? r.record : null;
      life.writer()
          .submit(
              b -> {
                b.appendEvent(row);
                if (update != null) {
                  b.updateRun(update);
                }
              },
              () -> persisted(a, r, event, update, acked));
      return EventVerdict.accept();
    }
  }

  private void persisted(
      AgentRuns a, AgentRuns.Active r, RunEvent event, RunRecord update, LongConsumer acked) {
    long ack;
    synchronized (a) {
      r.persisted = Math.max(r.persisted, event.sequence());
      ack = r.persisted;
    }
    life.meters().eventCommitted();
    life.hub().publishEvent(event);
    if (update != null) {
      life.hub().publishRun(update);
    }
    acked.accept(ack);
  }

  /** A run this controller does not hold open: acked again if it was this agent's, else refused. */
  private EventVerdict notActive(String agentId, String runId, long seq) {
    Optional<RunBook.Finished> f = book.recentlyFinished(runId);
    if (f.isPresent()) {
      return f.get().agentId().equals(agentId)
          ? EventVerdict.duplicate(Math.max(seq, f.get().lastSeq()))
          : notAssigned(agentId, runId);
    }
    Optional<RunRecord> done = runs.run(runId);
    if (done.isPresent()
        && done.get().agentId().equals(agentId)
        && done.get().state() != RunState.FINISHED) {
      // Open in the store but not here: another replica drives it. Never acked from here.
      return EventVerdict.reject(
          "run " + runId + " is driven by another controller replica; reconnect to go on");
    }
    if (done.isPresent() && done.get().agentId().equals(agentId)) {
      return EventVerdict.duplicate(Math.max(seq, done.get().lastSeq()));
    }
    return notAssigned(agentId, runId);
  }

  private static EventVerdict notAssigned(String agentId, String runId) {
    return EventVerdict.reject("run " + runId + " is not assigned to agent " + agentId);
  }
}
