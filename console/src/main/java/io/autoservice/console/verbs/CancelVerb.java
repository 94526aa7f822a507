package io.autoservice.console.verbs;

import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.view.RunRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code console cancel RUN_ID}: stops a queued or running run. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Cancels a queued or running run.",
      "A queued run ends cancelled at once; a running one is stopped by its agent (its tool's"
          + " process tree is killed). Prints the run's new state.",
      "Exit status: 0 cancelled or cancel requested; 1 not found or already finished;"
          + " 2 usage error; 3 controller unreachable."
    })
public final class CancelVerb extends ConsoleVerb {
  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run to cancel.")
  String runId;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Why; recorded with the run and shown in the cancelled task's result.")
  String reason;

  @Override
  protected int run(ConsoleClient client) {
    RunRow r = client.cancel(runId, reason);
    String state =
        r.finished()
            ? "finished (" + (r.status() == null ? "unknown" : r.status().wireName()) + ")"
            : r.state().wireName() + "; cancel requested, the agent is stopping it";
    out().println("run " + r.runId() + " on " + r.machine() + ": " + state);
    return ConsoleCommand.EXIT_OK;
  }
}
