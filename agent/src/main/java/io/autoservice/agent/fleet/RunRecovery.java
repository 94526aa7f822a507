package io.autoservice.agent.fleet;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.exec.MachineFacts;
import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.TaskSpec;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import io.autoservice.common.text.SafeText;
import io.autoservice.common.wire.WireMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the runs an agent crash or reboot interrupted (issue 6), once, when the agent starts and
 * before it connects. A journaled run without a RunFinished was interrupted:
 *
 * <ol>
 *   <li>With no events at all (accepted, never started) it first gets its RunStarted.
 *   <li>A task with a TaskStarted and no TaskFinished was running: it ends {@code error} "agent
 *       restarted during task", its duration the time from its start to the run's last journaled
 *       event (the last sign of life).
 *   <li>Unless the plan's metadata says {@code "resumable": true} (a JSON boolean), each task not
 *       yet finished ends {@code skipped} "not run: the agent restarted during the run", and the
 *       run ends with a RunFinished whose report holds every task's result in plan order (the
 *       journaled ones and the new ones), status {@code completed_with_errors} if a task was
 *       interrupted or not run (else as its results say), the first RunStarted's time as run
 *       timestamp, the wall time since then as duration, and the machine's metadata merged with the
 *       plan's.
 *   <li>A resumable plan is instead handed back as a {@link Resumable}: the runner continues it
 *       from the next task, with the same run id and the next sequence number.
 * </ol>
 *
 * <p>Events are appended to the journal like any others and are delivered once the controller's
 * Welcome says what it holds. Every journaled run id is recorded as taken again, so an assignment
 * the controller resends is never run twice. A run whose plan was lost (unreadable {@code .plan})
 * is closed from what its events say and is never resumed.
 */
public final class RunRecovery {
  private static final Logger log = LoggerFactory.getLogger(RunRecovery.class);

  /** The result of the task that was running when the agent stopped. */
  public static final String INTERRUPTED = "agent restarted during task";

  /** The result of each later task of a run that is not resumed. */
  public static final String NOT_RUN = "not run: the agent restarted during the run";

  /** The plan metadata key that lets an interrupted run continue after a restart. */
  public static final String RESUMABLE_KEY = "resumable";

  /**
   * An interrupted run to continue.
   *
   * @param runId the run
   * @param plan its plan
   * @param nextTask index of the first task to run
   * @param results the results of tasks 0 to nextTask - 1, in order
   * @param nextSequence the sequence of the next event
   * @param started when the run first started (the report's timestamp)
   */
  public record Resumable(
      String runId,
      Plan plan,
      int nextTask,
      List<TaskResult> results,
      long nextSequence,
      Instant started) {
    public Resumable {
      results = List.copyOf(results);
    }
  }

  private final FileRunJournal journal;
  private final TakenRuns taken;
  private final MachineFacts machine;
  private final Clock clock;

  public RunRecovery(FileRunJournal journal, TakenRuns taken, MachineFacts machine, Clock clock) {
    this.journal = requireNonNull(journal, "journal");
    this.taken = requireNonNull(taken, "taken");
    this.machine = requireNonNull(machine, "machine");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Closes every interrupted run in the journal.
   *
   * @return the runs to continue, in journal order
   * @throws IOException if the journal or the taken-runs file cannot be read or written
   */
  public List<Resumable> recover() throws IOException {
    List<Resumable> resume = new ArrayList<>();
    for (String runId : journal.openRuns().keySet()) {
      taken.add(runId);
    }
    for (String runId : journal.unfinishedRuns()) {
      taken.add(runId);
      try {
        Resumable r = recover(runId);
        if (r != null) {
          resume.add(r);
        }
      } catch (RuntimeException e) {
        // A journal this agent wrote does not get here; if one does, deliver what it holds.
        log.error("Run {}: cannot be closed after the restart; sending what it holds", runId, e);
      }
    }
    return resume;
  }

  /** What the journal says about one run. */
  private static final class Seen {
    RunEvent runStarted;
    List<String> types = List.of();
    final Map<Integer, EventPayload.TaskStarted> open = new TreeMap<>();
    final Map<Integer, Instant> openedAt = new TreeMap<>();
    final Map<Integer, TaskResult> results = new TreeMap<>();
    Instant lastTime;
  }

  private Resumable recover(String runId) throws IOException {
    Plan plan = plan(runId);
    Seen seen = new Seen();
    journal.replay(runId, wire -> see(seen, WireMapper.fromProto(wire)));
    Appender out = new Appender(runId, journal.lastSequence(runId));
    List<String> types =
        plan != null ? plan.tasks().stream().map(TaskSpec::type).toList() : seen.types;
    if (seen.runStarted == null) {
      out.append(new EventPayload.RunStarted(types));
    }
    Instant started = seen.runStarted != null ? seen.runStarted.time() : clock.instant();
    boolean incomplete = false;
    for (Map.Entry<Integer, EventPayload.TaskStarted> e : seen.open.entrySet()) {
      EventPayload.TaskStarted task = e.getValue();
      Instant from = seen.openedAt.get(e.getKey());
      double seconds = Math.max(0.001, Duration.between(from, seen.lastTime).toNanos() / 1e9);
      TaskResult result =
          TaskResult.ofReason(
              task.taskType(), task.taskId(), TaskStatus.ERROR, INTERRUPTED, seconds);
      seen.results.put(task.index(), result);
      out.append(new EventPayload.TaskFinished(task.index(), result));
      incomplete = true;
      log.warn(
          "Run {}: task {} ({}) ends error: {}",
          runId,
          task.index(),
          SafeText.line(task.taskType()),
          INTERRUPTED);
    }
    List<TaskResult> results = new ArrayList<>();
    while (seen.results.containsKey(results.size())) {
      results.add(seen.results.get(results.size()));
    }
    int total = Math.max(types.size(), results.size());
    if (plan != null && resumable(plan) && results.size() < total) {
      log.info(
          "Run {}: interrupted by an agent restart; the plan is resumable: continuing from task {}",
          runId,
          results.size());
      return new Resumable(runId, plan, results.size(), results, out.sequence + 1, started);
    }
    int notRun = total - results.size();
    for (int i = results.size(); i < total; i++) {
      TaskSpec spec = plan != null ? plan.tasks().get(i) : null;
      TaskResult result =
          TaskResult.ofReason(
              spec != null ? spec.type() : types.get(i),
              spec != null ? spec.id() : null,
              TaskStatus.SKIPPED,
              NOT_RUN,
              0.001);
      results.add(result);
      out.append(new EventPayload.TaskFinished(i, result));
      incomplete = true;
    }
    RunStatus status = incomplete ? RunStatus.COMPLETED_WITH_ERRORS : RunStatus.of(results);
    double seconds = Math.max(0, Duration.between(started, clock.instant()).toNanos() / 1e9);
    RunReport report =
        new RunReport(
            runId,
            status,
            results,
            seconds,
            started,
            machine.metadata(plan != null ? plan.metadata() : Json.object()),
            null);
    out.append(new EventPayload.RunFinished(report));
    log.info(
        "Run {}: interrupted by an agent restart; closed {} ({} tasks not run){}",
        runId,
        status.wireName(),
        notRun,
        plan == null ? "; its plan was lost" : "");
    return null;
  }

  private static void see(Seen seen, RunEvent event) {
    seen.lastTime = event.time();
    EventPayload p = event.payload();
    if (p instanceof EventPayload.RunStarted s && seen.runStarted == null) {
      seen.runStarted = event;
      seen.types = s.taskTypes();
    } else if (p instanceof EventPayload.TaskStarted s) {
      seen.open.put(s.index(), s);
      seen.openedAt.put(s.index(), event.time());
    } else if (p instanceof EventPayload.TaskFinished f) {
      seen.open.remove(f.index());
      seen.openedAt.remove(f.index());
      seen.results.put(f.index(), f.result());
    }
  }

  private Plan plan(String runId) {
    return journal
        .plan(runId)
        .map(
            assign -> {
              try {
                return WireMapper.fromProto(assign.getPlan());
              } catch (RuntimeException e) {
                log.warn("Run {}: its stored plan cannot be read: {}", runId, e.toString());
                return null;
              }
            })
        .orElse(null);
  }

  /** True when the plan's metadata has {@code "resumable": true}. */
  static boolean resumable(Plan plan) {
    JsonNode flag = plan.metadata().path(RESUMABLE_KEY);
    return flag.isBoolean() && flag.booleanValue();
  }

  /** Appends the recovery's events after the journaled ones. */
  private final class Appender {
    private final String runId;
    long sequence;

    Appender(String runId, long sequence) {
      this.runId = runId;
      this.sequence = sequence;
    }

    void append(EventPayload payload) {
      journal.append(WireMapper.toProto(new RunEvent(runId, ++sequence, clock.instant(), payload)));
    }
  }
}
