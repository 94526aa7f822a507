package io.autoservice.agent.exec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.process.CancellationToken;
import io.autoservice.agent.process.ProcessRunner;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.TaskRegistry;
import io.autoservice.agent.tasks.support.DaemonThreads;
import io.autoservice.agent.tasks.support.Durations;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.event.RunEventSink;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.TaskParams;
import io.autoservice.common.plan.TaskSpec;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

/**
 * Runs a plan's tasks one after another and reports each step as an event.
 *
 * <p>For each task: TaskStarted, the handler, TaskFinished with its result. A handler runs on a
 * worker thread so that a task that ignores its cancellation cannot hold the run: at its timeout
 * the task's token is cancelled (which kills its tools' process trees); a handler that has not
 * returned 2 s later is interrupted, and 10 s after that it is abandoned with an {@code error}
 * result. A handler that throws becomes an {@code error} result; an unknown type becomes {@code
 * skipped}. When the run is cancelled, the running task ends {@code error} ("cancelled") and the
 * rest are skipped.
 */
public final class PlanExecutor implements AutoCloseable {
  /** How long a cancelled handler may take to return before its thread is interrupted. */
  private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(2);

  /** How long an interrupted handler may take before it is abandoned. */
  private static final Duration ABANDON_GRACE = Duration.ofSeconds(10);

  private final TaskRegistry registry;
  private final ProcessRunner runner;
  private final ToolLocator tools;
  private final MachineFacts machine;
  private final Clock clock;
  private final Duration progressInterval;
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private final Secrets secrets;

  public PlanExecutor(
      TaskRegistry registry,
      ProcessRunner runner,
      ToolLocator tools,
      MachineFacts machine,
      Clock clock,
      Duration progressInterval) {
    this(registry, runner, tools, machine, clock, progressInterval, Secrets.none());
  }

  public PlanExecutor(
      TaskRegistry registry,
      ProcessRunner runner,
      ToolLocator tools,
      MachineFacts machine,
      Clock clock,
      Duration progressInterval,
      Secrets secrets) {
    this.secrets = secrets;
    this.registry = registry;
    this.runner = runner;
    this.tools = tools;
    this.machine = machine;
    this.clock = clock;
    this.progressInterval = progressInterval;
    this.workers = Executors.newCachedThreadPool(DaemonThreads.factory("task"));
    this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("task-timer"));
  }

  /** Runs the plan to its end (or its cancellation) and returns the final report. */
  public RunReport execute(String runId, Plan plan, RunEventSink sink, CancellationToken runToken) {
    EventEmitter emitter = new EventEmitter(runId, sink, clock);
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    List<String> types = plan.tasks().stream().map(TaskSpec::type).toList();
    emitter.emit(new EventPayload.RunStarted(types));
    return runTasks(
        runId,
        plan,
        0,
        new ArrayList<>(),
        emitter,
        runToken,
        started,
        () -> seconds(System.nanoTime() - t0));
  }

  /**
   * Continues a run that an agent restart interrupted: runs the plan's tasks from {@code fromTask}
   * on, as {@link #execute} would, after {@code earlier} (the results of tasks 0 to fromTask - 1,
   * which go into the report first). No RunStarted is emitted (the run already has one); the first
   * event carries {@code firstSequence}. The report's run timestamp is {@code started} and its
   * total duration the wall time since then.
   */
  public RunReport resume(
      String runId,
      Plan plan,
      RunEventSink sink,
      CancellationToken runToken,
      int fromTask,
      List<TaskResult> earlier,
      long firstSequence,
      Instant started) {
    if (fromTask < 0 || fromTask > plan.tasks().size() || earlier.size() != fromTask) {
      throw new IllegalArgumentException(
          "fromTask: "
              + fromTask
              + " with "
              + earlier.size()
              + " earlier results (expected: equal,"
              + " 0 to "
              + plan.tasks().size()
              + ")");
    }
    if (firstSequence < 1) {
      throw new IllegalArgumentException("firstSequence: " + firstSequence + " (expected: >= 1)");
    }
    long shift = firstSequence - 1;
    RunEventSink shifted =
        e -> sink.accept(new RunEvent(e.runId(), e.sequence() + shift, e.time(), e.payload()));
    EventEmitter emitter = new EventEmitter(runId, shift == 0 ? sink : shifted, clock);
    return runTasks(
        runId,
        plan,
        fromTask,
        new ArrayList<>(earlier),
        emitter,
        runToken,
        started,
        () -> Math.max(0, Duration.between(started, clock.instant()).toNanos() / 1e9));
  }

  private RunReport runTasks(
      String runId,
      Plan plan,
      int fromTask,
      List<TaskResult> results,
      EventEmitter emitter,
      CancellationToken runToken,
      Instant started,
      DoubleSupplier totalSeconds) {
    for (TaskSpec task : plan.tasks().subList(fromTask, plan.tasks().size())) {
      TaskResult result;
      if (runToken.isCancelled()) {
        result =
            TaskResult.ofReason(task.type(), task.id(), TaskStatus.SKIPPED, "run cancelled", 0.001);
      } else {
        result = runOne(task, emitter, runToken);
      }
      results.add(result);
      emitter.emit(new EventPayload.TaskFinished(task.index(), result));
    }
    RunStatus status = runToken.isCancelled() ? RunStatus.CANCELLED : RunStatus.of(results);
    ObjectNode metadata = integers(machine.metadata(plan.metadata()));
    RunReport report =
        new RunReport(runId, status, results, totalSeconds.getAsDouble(), started, metadata, null);
    emitter.emit(new EventPayload.RunFinished(report));
    return report;
  }

  private TaskResult runOne(TaskSpec task, EventEmitter emitter, CancellationToken runToken) {
    Optional<TaskHandler> found = registry.find(task.type());
    if (found.isEmpty()) {
      return TaskResult.ofReason(
          task.type(),
          task.id(),
          TaskStatus.SKIPPED,
          "No handler for task type \"" + task.type() + "\"",
          0.001);
    }
    TaskHandler handler = found.get();
    List<String> problems = PlanValidator.schemaFor(handler).validate(task.place(), task.params());
    if (!problems.isEmpty()) {
      return TaskResult.ofReason(
          task.type(),
          task.id(),
          TaskStatus.ERROR,
          "Invalid parameters: " + String.join("; ", problems),
          0.001);
    }
    TaskParams params = new TaskParams(task.params(), PlanValidator.schemaFor(handler));
    if (handler.descriptor().requiresWindows()
        && !tools.isWindows()
        && !explicitTool(handler, params)) {
      return TaskResult.ofReason(
          task.type(), task.id(), TaskStatus.SKIPPED, "requires Windows", 0.001);
    }
    Duration timeout =
        params
            .number(PlanValidator.TIMEOUT_SECONDS.name())
            .map(s -> Duration.ofNanos((long) (s * 1e9)))
            .orElse(handler.defaultTimeout(params));
    emitter.emit(new EventPayload.TaskStarted(task.index(), task.type(), task.id()));
    long t0 = System.nanoTime();
    TaskOutcome outcome = supervise(handler, task, params, timeout, emitter, runToken);
    double seconds = Math.max(0.001, seconds(System.nanoTime() - t0));
    return new TaskResult(
        task.type(),
        task.id(),
        outcome.status(),
        integers(outcome.summary()),
        seconds,
        integers(outcome.extra()));
  }

  /** See {@link io.autoservice.common.json.Json#wholeNumbersAsIntegers}. */
  private static ObjectNode integers(ObjectNode node) {
    return (ObjectNode) io.autoservice.common.json.Json.wholeNumbersAsIntegers(node);
  }

  private boolean explicitTool(TaskHandler handler, TaskParams params) {
    return handler
        .descriptor()
        .tool()
        .map(t -> tools.explicitlyConfigured(t, params.string("executable_path")))
        .orElse(false);
  }

  private TaskOutcome supervise(
      TaskHandler handler,
      TaskSpec task,
      TaskParams params,
      Duration timeout,
      EventEmitter emitter,
      CancellationToken runToken) {
    CancellationToken token = runToken.child();
    ProgressCoalescer progress =
        new ProgressCoalescer(
            task.index(), progressInterval.toNanos(), System::nanoTime, emitter::emit);
    long deadline = System.nanoTime() + timeout.toNanos();
    DefaultTaskContext ctx =
        new DefaultTaskContext(
            task.index(), params, token, deadline, progress, emitter, tools, runner, secrets);
    String timeoutReason = "timed out after " + Durations.text(timeout);
    ScheduledFuture<?> alarm =
        timer.schedule(() -> token.cancel(timeoutReason), timeout.toNanos(), TimeUnit.NANOSECONDS);
    ScheduledFuture<?> flusher =
        timer.scheduleAtFixedRate(
            progress::flush,
            progressInterval.toNanos(),
            progressInterval.toNanos(),
            TimeUnit.NANOSECONDS);
    AtomicReference<Thread> worker = new AtomicReference<>();
    Future<TaskOutcome> future =
        workers.submit(
            () -> {
              worker.set(Thread.currentThread());
              try {
                return handler.run(ctx);
              } finally {
                worker.set(null);
                Thread.interrupted(); // a late interrupt must not leak into the next task
              }
            });
    try {
      TaskOutcome outcome = await(future, token, worker);
      if (token.isCancelled()) {
        return interrupted(outcome, runToken.isCancelled() ? "cancelled" : token.reason());
      }
      return outcome;
    } catch (TimeoutException e) {
      future.cancel(true);
      return TaskOutcome.reason(
          TaskStatus.ERROR,
          (runToken.isCancelled() ? "cancelled" : token.reason())
              + "; the task did not stop and was abandoned",
          null);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (token.isCancelled()) {
        return TaskOutcome.reason(
            TaskStatus.ERROR, runToken.isCancelled() ? "cancelled" : token.reason(), null);
      }
      return TaskOutcome.reason(TaskStatus.ERROR, "Exception: " + describe(cause), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      token.cancel("cancelled");
      return TaskOutcome.reason(TaskStatus.ERROR, "cancelled", null);
    } finally {
      alarm.cancel(false);
      flusher.cancel(false);
      progress.flush();
      token.cancel("task finished");
    }
  }

  /**
   * Waits for the handler. Once its token is cancelled the handler gets a moment to return what it
   * found, then its thread is interrupted (a handler blocked in a sleep or a read wakes up), and
   * after the abandon grace it is given up on.
   */
  private static TaskOutcome await(
      Future<TaskOutcome> future, CancellationToken token, AtomicReference<Thread> worker)
      throws InterruptedException, java.util.concurrent.ExecutionException, TimeoutException {
    while (true) {
      try {
        return future.get(200, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (token.isCancelled()) {
          break;
        }
      }
    }
    try {
      return future.get(INTERRUPT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      Thread t = worker.get();
      if (t != null) {
        t.interrupt();
      }
      return future.get(ABANDON_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** A handler that returned after its token was cancelled: keep what it found, mark it failed. */
  private static TaskOutcome interrupted(TaskOutcome outcome, String reason) {
    ObjectNode summary = outcome.summary().deepCopy();
    summary.put("reason", reason);
    return new TaskOutcome(TaskStatus.ERROR, summary, outcome.extra());
  }

  private static String describe(Throwable t) {
    String msg = t.getMessage();
    return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  @Override
  public void close() {
    workers.shutdownNow();
    timer.shutdownNow();
  }
}
