package io.autoservice.agent.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.exec.MachineFacts;
import io.autoservice.agent.exec.PlanExecutor;
import io.autoservice.agent.exec.PlanValidator;
import io.autoservice.agent.process.CancellationToken;
import io.autoservice.common.event.EventPayload.RunFinished;
import io.autoservice.common.event.RunEventSink;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.PlanException;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.protocol.ClassicProtocolPrinter;
import io.autoservice.common.protocol.MarkerDialect;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.OfflineRun;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@code agent run}: the drop-in for the original {@code service_runner.py}. Markers and log lines
 * go to stderr as they happen, the final report to stdout and nothing else, and a plan that cannot
 * run still gets a failure report so whatever drives us always has something to parse.
 */
public final class LocalRun {
  /** Exit status when the run completed, task errors included. */
  public static final int EXIT_OK = 0;

  /** Exit status for a plan that cannot be read or run. */
  public static final int EXIT_BAD_INPUT = 1;

  /** Exit status after Ctrl-C or SIGTERM, as a shell reports a SIGINT death. */
  public static final int EXIT_CANCELLED = 130;

  /** What the command line asked for. */
  public record Options(String planSource, Path outputFile, MarkerDialect dialect) {}

  private final PlanValidator validator;
  private final PlanExecutor executor;
  private final MachineFacts machine;
  private final Clock clock;
  private final InputStream stdin;
  private final PrintStream stdout;
  private final PrintStream stderr;
  private final Consumer<OfflineRun> finishedRuns;

  public LocalRun(
      PlanValidator validator,
      PlanExecutor executor,
      MachineFacts machine,
      Clock clock,
      InputStream stdin,
      PrintStream stdout,
      PrintStream stderr) {
    this(validator, executor, machine, clock, stdin, stdout, stderr, run -> {});
  }

  /**
   * @param finishedRuns gets every run that executed (not a plan refused before it ran), after its
   *     report and final marker were printed: {@code --sync} queues it for upload
   */
  public LocalRun(
      PlanValidator validator,
      PlanExecutor executor,
      MachineFacts machine,
      Clock clock,
      InputStream stdin,
      PrintStream stdout,
      PrintStream stderr,
      Consumer<OfflineRun> finishedRuns) {
    this.validator = validator;
    this.executor = executor;
    this.machine = machine;
    this.clock = clock;
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
    this.finishedRuns = finishedRuns;
  }

  public int run(Options options, CancellationToken cancel) {
    ClassicProtocolPrinter printer = new ClassicProtocolPrinter(stderr, options.dialect());
    String runId = UUID.randomUUID().toString();
    Plan plan;
    try {
      printer.log("Reading plan from " + describe(options.planSource()));
      plan = PlanParser.parseSource(options.planSource(), stdin);
      PlanValidator.Validation v = validator.validate(plan);
      v.notes().forEach(n -> printer.log("note: " + n));
      if (!v.ok()) {
        throw new PlanException(v.problems());
      }
    } catch (PlanException e) {
      return refuse(runId, e.problems(), options, printer);
    }
    RunEventSink reportOut =
        event -> {
          if (event.payload() instanceof RunFinished f) {
            emitReport(f.report(), options, printer);
          }
        };
    // The report reaches stdout before PROGRESS_JSON_FINAL reaches stderr, as in the original.
    RunReport report =
        executor.execute(runId, plan, RunEventSink.fanOut(List.of(reportOut, printer)), cancel);
    finishedRuns.accept(
        new OfflineRun(runId, report.runTimestamp(), clock.instant(), plan, report));
    return report.status() == RunStatus.CANCELLED ? EXIT_CANCELLED : EXIT_OK;
  }

  /** Refuses to start for a reason found before the plan was read (e.g. a bad agent config). */
  public int refuse(String problem, Options options) {
    return refuse(
        UUID.randomUUID().toString(),
        List.of(problem),
        options,
        new ClassicProtocolPrinter(stderr, options.dialect()));
  }

  private int refuse(
      String runId, List<String> problems, Options options, ClassicProtocolPrinter printer) {
    String message = String.join("; ", problems);
    printer.log("error: " + message);
    RunReport failure =
        new RunReport(
            runId,
            RunStatus.ERROR,
            List.of(),
            0,
            clock.instant(),
            machine.metadata(Json.object()),
            message);
    emitReport(failure, options, printer);
    return EXIT_BAD_INPUT;
  }

  private void emitReport(RunReport report, Options options, ClassicProtocolPrinter printer) {
    ObjectNode json = ReportJson.report(report, options.dialect());
    // A terminal shows the report too: no raw C1 control from a tool or the plan (Jackson escapes
    // only C0).
    String text = SafeLinePrintStream.jsonSafe(Json.pretty(json), true);
    stdout.println(text);
    stdout.flush();
    if (options.outputFile() == null) {
      printer.log("No --output-file provided; final report not written to disk.");
      return;
    }
    try {
      Path out = options.outputFile().toAbsolutePath();
      Files.createDirectories(out.getParent());
      Files.writeString(out, text + System.lineSeparator(), StandardCharsets.UTF_8);
      printer.log("Final report written to '" + out + "'");
    } catch (IOException e) {
      printer.log("Failed to write final report to '" + options.outputFile() + "': " + e);
    }
  }

  private static String describe(String source) {
    if (source == null) {
      return "(nothing)";
    }
    if (source.equals("-")) {
      return "stdin";
    }
    String s = source.strip();
    return s.startsWith("{") || s.startsWith("[")
        ? "argument ("
            + Math.min(s.length(), 200)
            + " of "
            + s.length()
            + " characters shown): "
            + s.substring(0, Math.min(s.length(), 200))
        : source;
  }
}
