package io.autoservice.console.run;

import static java.util.Objects.requireNonNull;

import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.PlanException;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.protocol.ClassicProtocolPrinter;
import io.autoservice.common.protocol.MarkerDialect;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.client.ConsoleException;
import io.autoservice.console.client.ExitCodes;
import io.autoservice.console.render.ReportOutput;
import io.autoservice.console.render.TerminalStream;
import io.autoservice.console.view.DispatchTarget;
import io.autoservice.console.view.RunRow;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code console run}: one plan on one remote agent, printed exactly as {@code agent run} prints a
 * local one. Markers and log lines go to stderr as the agent's events arrive (common's {@link
 * ClassicProtocolPrinter}, so the same events make the same lines), the final report goes to stdout
 * and nothing else, and the report reaches stdout before {@code PROGRESS_JSON_FINAL} reaches
 * stderr, as in the agent's {@code LocalRun}.
 *
 * <p>Exit codes: {@value ExitCodes#OK} the run completed (task errors included); {@value
 * ExitCodes#FAILED} the plan is invalid, the controller or the agent refused it, or the run ended
 * in error or expired; {@value ExitCodes#UNREACHABLE} the controller cannot be reached; {@value
 * ExitCodes#CANCELLED} the run was cancelled. Whatever happens, stdout gets a report: a run that
 * never reached the agent, or that the controller ended without the agent's report (expired,
 * refused, lost), gets a failure report with the reason, and an {@code error: …} log line, as
 * {@code LocalRun} refuses a bad plan.
 *
 * <p>{@link #cancel} (e.g. from a Ctrl-C hook) asks the controller to cancel the run; the run then
 * ends with the agent's cancelled report as usual. {@link #abandon} gives up waiting.
 */
public final class RemoteRun {
  /** How long a stop signal waits for the cancelled run's report. */
  public static final Duration STOP_GRACE = Duration.ofSeconds(30);

  /**
   * What to run and how to print it.
   *
   * @param agentId the agent to run on
   * @param dialect the marker dialect and report shape
   * @param outputFile also write the report here, or {@code null}
   * @param force dispatch even if the agent does not advertise a task type (it skips it)
   */
  public record Options(String agentId, MarkerDialect dialect, Path outputFile, boolean force) {
    public Options {
      requireNonNull(agentId, "agentId");
      requireNonNull(dialect, "dialect");
    }
  }

  private final ConsoleClient client;
  private final PrintStream stdout;
  private final PrintStream stderr;
  private final Clock clock;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile String runId;
  private volatile String cancelReason;
  private volatile Options options;
  private volatile ClassicProtocolPrinter printer;
  private volatile ReportOutput output;
  private volatile FailureReports failures;

  /**
   * Both streams should be UTF-8; {@code stderr} is flushed per line by the printer. What the run
   * prints reaches them through a {@link TerminalStream}: agent text sends no terminal control.
   */
  public RemoteRun(ConsoleClient client, PrintStream stdout, PrintStream stderr, Clock clock) {
    this.client = requireNonNull(client, "client");
    this.stdout = new TerminalStream(requireNonNull(stdout, "stdout"));
    this.stderr = new TerminalStream(requireNonNull(stderr, "stderr"));
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * The demo's and scripts' one-call form: runs {@code plan} on {@code agentId}, markers on {@code
   * stderr}, the report on {@code stdout}; returns the exit code.
   */
  public static int run(
      ConsoleClient client,
      Plan plan,
      String agentId,
      MarkerDialect dialect,
      PrintStream stdout,
      PrintStream stderr) {
    return new RemoteRun(client, stdout, stderr, Clock.systemUTC())
        .run(plan, new Options(agentId, dialect, null, false));
  }

  /**
   * Reads the plan ({@code -} for stdin, a file, or JSON text), then {@link #run(Plan, Options)}.
   */
  public int run(String planSource, InputStream stdin, Options options) {
    start(options);
    printer.log("Reading plan from " + ReportOutput.describe(planSource));
    try {
      return dispatchAndFollow(PlanParser.parseSource(planSource, stdin));
    } catch (PlanException e) {
      return refuse(String.join("; ", e.problems()), null, ExitCodes.FAILED);
    } finally {
      done.countDown();
    }
  }

  /** Dispatches {@code plan} to the agent, prints its run, and returns the exit code. */
  public int run(Plan plan, Options options) {
    start(options);
    try {
      return dispatchAndFollow(plan);
    } finally {
      done.countDown();
    }
  }

  /**
   * Asks the controller to cancel the run (any thread); a run not yet dispatched is cancelled once
   * it is.
   */
  public void cancel(String reason) {
    cancelReason = reason == null || reason.isBlank() ? "cancelled" : reason;
    String id = runId;
    if (id != null) {
      requestCancel(id);
    }
  }

  /** Waits until {@link #run} returned; false on timeout. */
  public boolean awaitDone(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stops waiting: prints a cancelled failure report (unless a report was printed) with {@code
   * why}.
   */
  public void abandon(String why) {
    ClassicProtocolPrinter p = printer;
    if (p != null) {
      String id = runId;
      output.write(
          failures.failure(
              id,
              RunStatus.CANCELLED,
              why + (id == null ? "" : " (see 'console report " + id + "')"),
              null),
          p);
    }
  }

  private void start(Options o) {
    this.options = requireNonNull(o, "options");
    this.printer = new ClassicProtocolPrinter(stderr, o.dialect());
    this.output = new ReportOutput(stdout, o.dialect(), o.outputFile());
    this.failures = new FailureReports(client, o.agentId(), clock);
  }

  private int dispatchAndFollow(Plan plan) {
    List<RunRow> runs;
    try {
      runs =
          client.dispatch(
              plan, new DispatchTarget.Agents(List.of(options.agentId())), options.force(), null);
    } catch (ConsoleException e) {
      return refuse(e.getMessage(), plan, e.exitCode());
    }
    RunRow run = runs.get(0);
    runId = run.runId();
    printer.log(
        "Dispatched run "
            + run.runId()
            + " to "
            + run.machine()
            + " ("
            + run.agentId()
            + ") via "
            + client.target());
    if (cancelReason != null) {
      requestCancel(run.runId());
    }
    Map<String, RunWatcher.Outcome> outcomes;
    try {
      outcomes =
          new RunWatcher(client, List.of(run.runId()))
              .watch(new RemoteRunListener(printer, output, run));
    } catch (ConsoleException e) {
      return refuse(
          e.getMessage()
              + "; the run "
              + run.runId()
              + " goes on (see 'console report "
              + run.runId()
              + "')",
          plan,
          e.exitCode());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return refuse("interrupted while following run " + run.runId(), plan, ExitCodes.CANCELLED);
    }
    RunWatcher.Outcome o = outcomes.get(run.runId());
    RunReport report =
        o.report() != null
            ? o.report()
            : failures.failure(
                run.runId(),
                o.run().status() == null ? RunStatus.ERROR : o.run().status(),
                "the controller ended the run without a report",
                plan);
    if (!o.fromAgent()) {
      printer.log(
          "error: "
              + (report.error() == null
                  ? "the run ended " + report.status().wireName()
                  : report.error()));
      output.write(failures.withMachine(report, plan), printer);
    }
    return exitCode(report.status());
  }

  private void requestCancel(String id) {
    try {
      RunRow r = client.cancel(id, cancelReason);
      printer.log("Cancel requested: run " + id + " is " + r.state().wireName());
    } catch (ConsoleException e) {
      printer.log("Cancel of run " + id + " failed: " + e.getMessage());
    }
  }

  private int refuse(String message, Plan plan, int code) {
    printer.log("error: " + message);
    String id = runId != null ? runId : UUID.randomUUID().toString();
    output.write(
        failures.failure(
            id, code == ExitCodes.CANCELLED ? RunStatus.CANCELLED : RunStatus.ERROR, message, plan),
        printer);
    return code;
  }

  static int exitCode(RunStatus status) {
    return switch (status) {
      case OK, COMPLETED_WITH_ERRORS -> ExitCodes.OK;
      case CANCELLED -> ExitCodes.CANCELLED;
      case ERROR, EXPIRED -> ExitCodes.FAILED;
    };
  }
}
