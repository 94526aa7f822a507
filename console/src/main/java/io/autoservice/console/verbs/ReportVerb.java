package io.autoservice.console.verbs;

import io.autoservice.common.protocol.MarkerDialect;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.RunReport;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.render.ReportText;
import io.autoservice.console.view.ReportAnswer;
import io.autoservice.console.view.RunRow;
import java.time.ZoneId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code console report RUN_ID}: a finished run's report, as JSON or a readable summary. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a finished run's report.",
      "JSON is exactly what 'agent run' prints; text is a summary for people.",
      "Exit status: 0 printed; 1 run not found or not finished yet; 2 usage error;"
          + " 3 controller unreachable."
    })
public final class ReportVerb extends ConsoleVerb {
  /** What {@code --format} accepts. */
  enum Format {
    JSON,
    TEXT
  }

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run.")
  String runId;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "json",
      description =
          "json (the report as 'agent run' prints it) or text (a summary). Default:"
              + " ${DEFAULT-VALUE}.")
  Format format;

  @Option(
      names = "--markers",
      paramLabel = "DIALECT",
      defaultValue = "seed",
      converter = Converters.DialectConverter.class,
      description =
          "The JSON report's shape: seed (documented) or autoservice (the desktop UI's)."
              + " Default: ${DEFAULT-VALUE}.")
  MarkerDialect dialect;

  @Override
  protected int run(ConsoleClient client) {
    ReportAnswer answer = client.report(runId);
    RunRow run = answer.run();
    if (answer.report().isEmpty()) {
      return fail(
          "run "
              + run.runId()
              + " is still "
              + (run.state() == RunRow.State.QUEUED ? "queued" : "running")
              + " ("
              + run.completedTasks()
              + "/"
              + run.totalTasks()
              + " tasks)",
          ConsoleCommand.EXIT_FAILED);
    }
    RunReport report = answer.report().get();
    if (format == Format.JSON) {
      out().json(ReportJson.report(report, dialect));
    } else {
      ReportText.print(run, report, ZoneId.systemDefault(), out());
    }
    return ConsoleCommand.EXIT_OK;
  }
}
