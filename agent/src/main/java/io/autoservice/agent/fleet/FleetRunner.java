package io.autoservice.agent.fleet;

import static java.util.Objects.requireNonNull;

import io.autoservice.agent.exec.MachineFacts;
import io.autoservice.agent.exec.PlanExecutor;
import io.autoservice.agent.exec.PlanValidator;
import io.autoservice.agent.process.CancellationToken;
import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.event.RunEventSink;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.text.SafeText;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.annotation.concurrent.ThreadSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the controller's plans on this agent: one at a time, on a single run thread, with the same
 * {@link PlanExecutor} as {@code agent run}. It works on domain types only; {@link FleetClient}
 * maps the wire.
 *
 * <p>Assignment: a run id already taken is accepted again and not run (the controller resends
 * assignments it has no ack for); an invalid plan is refused (the controller then ends the run
 * {@code error} with our reason, so the agent sends no events for it); otherwise the plan is stored
 * in the {@link PlanStore} (the journal, so a restart can close or resume the run), then the id is
 * recorded durably in {@link TakenRuns}, both before the ack, then the run is queued. The
 * controller sends one run at a time, so the queue holds at most one run besides the running one.
 *
 * <p>Resume: a run {@link RunRecovery} found interrupted by a restart, whose plan is resumable, is
 * queued with {@link #resume} and continues from its next task.
 *
 * <p>Cancel: the run's token is cancelled. A running run ends {@code cancelled} (the executor kills
 * the tool's process tree); a queued one still starts, finds its token cancelled, skips every task
 * and ends {@code cancelled} too, so every accepted run closes with a RunFinished.
 */
@ThreadSafe
public final class FleetRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FleetRunner.class);

  /** Run ids longer than this are refused: they are ids, and they go into a file. */
  static final int MAX_RUN_ID_LENGTH = 200;

  /**
   * Runs queued or running at once beyond which an assignment is refused. The controller sends one
   * run at a time; this only bounds what a misbehaving one could make the agent hold in memory.
   */
  static final int MAX_ACTIVE_RUNS = 8;

  /** Problems a refusal names before it says "and N more" (the reason travels in a CommandAck). */
  static final int MAX_PROBLEMS_SHOWN = 50;

  /** The answer to a command, sent back as a CommandAck. */
  record Decision(boolean accepted, String error) {
    static final Decision ACCEPTED = new Decision(true, "");

    static Decision refused(String why) {
      return new Decision(false, why);
    }
  }

  private final PlanExecutor executor;
  private final PlanValidator validator;
  private final TakenRuns taken;
  private final PlanStore plans;
  private final MachineFacts machine;
  private final Clock clock;
  private final AgentListener listener;
  private final ExecutorService runThread;

  /** Runs accepted and not yet ended (queued or running), with their tokens. */
  private final Map<String, CancellationToken> active = new ConcurrentHashMap<>();

  private volatile String currentRunId;
  private volatile boolean stopping;

  /** A runner that stores no plans: a restart cannot close its interrupted runs. */
  public FleetRunner(
      PlanExecutor executor,
      PlanValidator validator,
      TakenRuns taken,
      MachineFacts machine,
      Clock clock,
      AgentListener listener) {
    this(executor, validator, taken, PlanStore.NONE, machine, clock, listener);
  }

  /**
   * @param plans where each accepted run's plan is stored before the run is acknowledged
   */
  public FleetRunner(
      PlanExecutor executor,
      PlanValidator validator,
      TakenRuns taken,
      PlanStore plans,
      MachineFacts machine,
      Clock clock,
      AgentListener listener) {
    this.executor = requireNonNull(executor, "executor");
    this.validator = requireNonNull(validator, "validator");
    this.taken = requireNonNull(taken, "taken");
    this.plans = requireNonNull(plans, "plans");
    this.machine = requireNonNull(machine, "machine");
    this.clock = requireNonNull(clock, "clock");
    this.listener = requireNonNull(listener, "listener");
    this.runThread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "fleet-run");
              t.setDaemon(true);
              return t;
            });
  }

  /** Accepts (and queues) or refuses a run; {@code sink} receives its events in order. */
  Decision assign(String runId, Plan plan, RunEventSink sink) {
    if (runId.isBlank()
        || runId.length() > MAX_RUN_ID_LENGTH
        || runId.chars().anyMatch(Character::isISOControl)) {
      return Decision.refused(
          "run_id: \""
              + runId
              + "\" (expected: 1 to "
              + MAX_RUN_ID_LENGTH
              + " characters, no control characters)");
    }
    if (taken.contains(runId)) {
      log.debug("Run {}: assigned again; acknowledged, not run again", runId);
      return Decision.ACCEPTED;
    }
    if (stopping) {
      return Decision.refused("the agent is stopping");
    }
    if (active.size() >= MAX_ACTIVE_RUNS) {
      return Decision.refused(
          "the agent already has "
              + active.size()
              + " runs queued or running (expected: one at a time)");
    }
    // The plan gate holds for plans from the wire too (10,000 tasks or 17 levels are refused, not
    // run), then each task's parameters. An unknown task type is skipped with its reason, as agent
    // run does: the controller refuses such plans unless a technician forced them, and forcing
    // means "skip what it cannot run". Nothing unknown ever runs.
    List<String> problems = validator.validate(plan).problems();
    if (!problems.isEmpty()) {
      String why =
          problems.size() <= MAX_PROBLEMS_SHOWN
              ? String.join("; ", problems)
              : String.join("; ", problems.subList(0, MAX_PROBLEMS_SHOWN))
                  + "; and "
                  + (problems.size() - MAX_PROBLEMS_SHOWN)
                  + " more";
      log.atInfo()
          .setMessage("Run {}: refused: {}")
          .addArgument(runId)
          .addArgument(why)
          .addKeyValue("run_id", runId)
          .addKeyValue("status", "refused")
          .log();
      return Decision.refused("invalid plan: " + why);
    }
    // The plan first: a crash between the two leaves a journaled run that recovery marks taken;
    // the other order could leave a taken run that nothing would ever report.
    try {
      plans.store(runId, plan);
    } catch (IOException | RuntimeException e) {
      log.error("Run {}: refused because its plan cannot be journaled: {}", runId, e.toString());
      return Decision.refused("cannot record the run on the agent: " + e.getMessage());
    }
    try {
      taken.add(runId);
    } catch (IOException e) {
      plans.discard(runId);
      log.error("Run {}: refused because it cannot be recorded as taken: {}", runId, e.toString());
      return Decision.refused("cannot record the run on the agent: " + e.getMessage());
    }
    CancellationToken token = new CancellationToken();
    active.put(runId, token);
    try {
      runThread.execute(() -> run(runId, plan, sink, token, null));
    } catch (RejectedExecutionException e) {
      active.remove(runId);
      return Decision.refused("the agent is stopping");
    }
    return Decision.ACCEPTED;
  }

  /**
   * Queues an interrupted run to continue from its next task; {@code sink} receives its events,
   * numbered on from where the journal ends. Cancel works on it as on any run.
   */
  void resume(RunRecovery.Resumable resumable, RunEventSink sink) {
    CancellationToken token = new CancellationToken();
    if (stopping) {
      token.cancel("agent stopping");
    }
    active.put(resumable.runId(), token);
    try {
      runThread.execute(() -> run(resumable.runId(), resumable.plan(), sink, token, resumable));
    } catch (RejectedExecutionException e) {
      active.remove(resumable.runId());
      log.warn("Run {}: not resumed: the agent is stopping", resumable.runId());
    }
  }

  /** Cancels a queued or running run. */
  Decision cancel(String runId, String reason) {
    CancellationToken token = active.get(runId);
    if (token != null) {
      log.info("Run {}: cancel requested ({})", SafeText.line(runId), SafeText.line(reason));
      token.cancel(reason);
      return Decision.ACCEPTED;
    }
    return Decision.refused(
        taken.contains(runId)
            ? "run " + runId + " already finished"
            : "run " + runId + " is unknown to this agent");
  }

  /** The run executing now, or null when idle. */
  String currentRunId() {
    return currentRunId;
  }

  /** True when no run is queued or running. */
  boolean isIdle() {
    return active.isEmpty();
  }

  /** Refuses new runs from now on and cancels the queued and running ones. */
  void cancelAll(String reason) {
    stopping = true;
    active.values().forEach(token -> token.cancel(reason));
  }

  private void run(
      String runId,
      Plan plan,
      RunEventSink sink,
      CancellationToken token,
      RunRecovery.Resumable resumable) {
    currentRunId = runId;
    LastEvent last =
        new LastEvent(runId, sink, resumable == null ? 0 : resumable.nextSequence() - 1);
    if (resumable == null) {
      log.atInfo()
          .setMessage("Run {}: started ({} tasks)")
          .addArgument(runId)
          .addArgument(plan.tasks().size())
          .addKeyValue("run_id", runId)
          .addKeyValue("tasks", plan.tasks().size())
          .log();
    } else {
      log.info(
          "Run {}: resumed at task {} of {}", runId, resumable.nextTask() + 1, plan.tasks().size());
    }
    listener.runStarted(runId);
    RunStatus status;
    try {
      status =
          resumable == null
              ? executor.execute(runId, plan, last, token).status()
              : executor
                  .resume(
                      runId,
                      plan,
                      last,
                      token,
                      resumable.nextTask(),
                      resumable.results(),
                      resumable.nextSequence(),
                      resumable.started())
                  .status();
    } catch (RuntimeException e) {
      // The executor turns task failures into results; reaching here is an agent bug. Close the
      // run anyway, or the controller would wait for its report forever.
      log.error("Run {}: the executor failed", runId, e);
      status = RunStatus.ERROR;
      last.finishWithError("agent fault: " + e);
    } finally {
      active.remove(runId);
      currentRunId = null;
    }
    log.atInfo()
        .setMessage("Run {}: finished {}")
        .addArgument(runId)
        .addArgument(status.wireName())
        .addKeyValue("run_id", runId)
        .addKeyValue("status", status.wireName())
        .log();
    listener.runFinished(runId, status);
  }

  /** Passes events on and remembers how far the run got, to close it after an executor fault. */
  private final class LastEvent implements RunEventSink {
    private final String runId;
    private final RunEventSink sink;
    private long sequence;
    private boolean finished;

    LastEvent(String runId, RunEventSink sink, long sequence) {
      this.runId = runId;
      this.sink = sink;
      this.sequence = sequence;
    }

    @Override
    public synchronized void accept(RunEvent event) {
      sequence = event.sequence();
      finished |= event.payload() instanceof EventPayload.RunFinished;
      sink.accept(event);
    }

    synchronized void finishWithError(String why) {
      if (finished) {
        return;
      }
      RunReport report =
          new RunReport(
              runId,
              RunStatus.ERROR,
              List.of(),
              0,
              clock.instant(),
              machine.metadata(Json.object()),
              why);
      try {
        accept(
            new RunEvent(
                runId, sequence + 1, clock.instant(), new EventPayload.RunFinished(report)));
      } catch (RuntimeException e) {
        log.error("Run {}: cannot report the fault either: {}", runId, e.toString());
      }
    }
  }

  /** Cancels what is left and stops the run thread (waiting briefly for it). */
  @Override
  public void close() {
    cancelAll("agent stopping");
    runThread.shutdown();
    try {
      if (!runThread.awaitTermination(2, TimeUnit.SECONDS)) {
        runThread.shutdownNow();
      }
    } catch (InterruptedException e) {
      runThread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
