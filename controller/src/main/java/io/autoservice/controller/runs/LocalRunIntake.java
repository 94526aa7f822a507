package io.autoservice.controller.runs;

import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.PlanGate;
import io.autoservice.common.result.OfflineRun;
import io.autoservice.common.result.RunReport;
import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.model.RunOrigin;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.store.RunStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the runs agents executed on their own ({@code agent run --sync}) and uploaded on reconnect:
 * each becomes a finished run of origin {@code local}, listed, reported and exported like a
 * dispatched one. The run is in the database before the answer is given, so an ack always means
 * stored; an agent that lost the ack uploads again, and finds its run already there: one row per
 * (agent, local run id), and the same answer.
 *
 * <p>Work runs on one thread of its own: transport threads never wait on the database, and two
 * uploads of one run (an old stream and its replacement) cannot both miss the other's row.
 */
public final class LocalRunIntake implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalRunIntake.class);
  private static final Pattern LOCAL_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /**
   * What the agent is told: stored as {@code runId}, or refused for good ({@code error}). A stored
   * run may come with a {@code note} on what was not kept (a plan the gate refused), else null.
   */
  public record Answer(String localRunId, String runId, String error, String note) {
    Answer(String localRunId, String runId, String error) {
      this(localRunId, runId, error, null);
    }

    public boolean accepted() {
      return error == null;
    }
  }

  /** Where the stored run's plan says why the uploaded plan was not kept. */
  public static final String PLAN_REFUSED = "plan_refused";

  private final RunStore store;
  private final Dispatcher dispatcher;
  private final WatchHub hub;
  private final Consumer<RunRecord> onArchived;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "local-run-intake");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param dispatcher hands out the run's place in listings
   * @param hub tells run watchers about the new run
   * @param onArchived gets each newly stored run (the report exporter)
   */
  public LocalRunIntake(
      RunStore store, Dispatcher dispatcher, WatchHub hub, Consumer<RunRecord> onArchived) {
    this.store = store;
    this.dispatcher = dispatcher;
    this.hub = hub;
    this.onArchived = onArchived;
  }

  /**
   * Stores an uploaded run on the intake's thread. The future fails when the database does (the
   * caller must not ack then); a refusal is an answer, not a failure.
   *
   * @param hostname the agent's hostname from its Hello, used when the report does not name one
   */
  public CompletableFuture<Answer> receive(String agentId, String hostname, OfflineRun run) {
    return CompletableFuture.supplyAsync(() -> store(agentId, hostname, run), worker);
  }

  /** Stores now, on the caller's thread. */
  Answer store(String agentId, String hostname, OfflineRun uploaded) {
    String localId = uploaded.localRunId();
    String problem = problem(uploaded);
    if (problem != null) {
      log.warn("agent {}: refused local run {}: {}", agentId, localId, problem);
      return new Answer(localId, null, problem);
    }
    String note = planNote(uploaded.plan());
    OfflineRun run = note == null ? uploaded : withoutPlan(uploaded, note);
    if (note != null) {
      log.warn("agent {}: local run {}: {}", agentId, localId, note);
    }
    Optional<RunRecord> known = store.localRun(agentId, localId);
    if (known.isPresent()) {
      log.info(
          "agent {}: local run {} uploaded again; already stored as run {}",
          agentId,
          localId,
          known.get().runId());
      return new Answer(localId, known.get().runId(), null, note);
    }
    // The agent's id makes `console report` match what `agent run` printed; a clash with another
    // agent's run (ids are random UUIDs, so only a broken or hostile agent) gets a fresh one.
    String runId = store.run(localId).isPresent() ? UUID.randomUUID().toString() : localId;
    RunRecord record = record(runId, agentId, hostname, run);
    store.insert(record, localId);
    log.info(
        "local run {} of {} stored as run {}: {} ({} tasks, finished {})",
        localId,
        record.hostname(),
        runId,
        record.status().wireName(),
        record.completedTasks(),
        record.finishedAt());
    hub.publishRun(record);
    onArchived.accept(record);
    return new Answer(localId, runId, null, note);
  }

  /**
   * Why the uploaded plan cannot be kept, or null. An offline plan never passed a controller, so it
   * gets the gate every door applies; stored as it is, it could make the run's row unreadable.
   */
  private static String planNote(Plan plan) {
    List<String> problems = PlanGate.problems(plan);
    return problems.isEmpty()
        ? null
        : "plan not kept, it fails the plan checks: " + String.join("; ", problems);
  }

  /**
   * The run with its plan replaced by the note: the report is what happened on a customer's PC and
   * is kept (refusing the upload would leave it on that PC only); the plan is only how it was asked
   * for, and the report names every task that ran.
   */
  private static OfflineRun withoutPlan(OfflineRun run, String note) {
    Plan placeholder = new Plan(List.of(), Json.object().put(PLAN_REFUSED, note));
    return new OfflineRun(
        run.localRunId(), run.startedAt(), run.finishedAt(), placeholder, run.report());
  }

  private RunRecord record(String runId, String agentId, String hostname, OfflineRun run) {
    RunReport report = run.report();
    String host = report.metadata().path("hostname").asText("");
    String by = run.plan().metadata().path("technician_name").asText("");
    if (by.isBlank()) {
      by = report.metadata().path("username").asText("");
    }
    Instant started = run.startedAt();
    return new RunRecord(
        runId,
        agentId,
        host.isBlank() ? hostname : host,
        dispatcher.nextQueueSeq(),
        RunState.FINISHED,
        report.status(),
        run.plan(),
        report.tasks().size(),
        by.isBlank() ? null : by,
        started,
        started,
        run.finishedAt(),
        0,
        report,
        report.error(),
        null,
        RunOrigin.LOCAL);
  }

  /** Why an upload can never be stored, or null. */
  private static String problem(OfflineRun run) {
    String id = run.localRunId();
    if (!LOCAL_ID.matcher(id).matches()) {
      return "local_run_id: expected 1-64 letters, digits, '.', '_' or '-' but got \""
          + abbreviate(id)
          + "\"";
    }
    if (!run.report().runId().equals(id)) {
      return "report.run_id: \""
          + abbreviate(run.report().runId())
          + "\" is not the local_run_id \""
          + id
          + "\"";
    }
    return null;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }

  @Override
  public void close() {
    worker.shutdown();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
