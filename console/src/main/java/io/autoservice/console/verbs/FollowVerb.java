package io.autoservice.console.verbs;

import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.run.FollowOutput;
import io.autoservice.console.run.RunWatcher;
import io.autoservice.console.view.RunRow;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code console follow RUN_ID…}: prints runs' events as they happen, until all finished. */
@Command(
    name = "follow",
    mixinStandardHelpOptions = true,
    description = {
      "Follows runs live, one line per event, until every run finished.",
      "Stored events come first, then live ones.",
      "Exit status: 0 every run ended ok or completed_with_errors; 1 a run ended error, cancelled"
          + " or expired, or was not found; 2 usage error; 3 controller unreachable."
    })
public final class FollowVerb extends ConsoleVerb {
  @Parameters(arity = "1..*", paramLabel = "RUN_ID", description = "The runs to follow.")
  List<String> runIds;

  @Option(names = "--json", description = "Print one JSON object per event (JSON Lines).")
  boolean json;

  @Override
  protected int run(ConsoleClient client) throws InterruptedException {
    return follow(client, runIds, List.of(), new FollowOutput(out(), err(), json));
  }

  /** Follows runs to their end; shared with {@code dispatch --follow}. */
  static int follow(
      ConsoleClient client, List<String> runIds, List<RunRow> known, FollowOutput output)
      throws InterruptedException {
    known.forEach(output::know);
    RunWatcher watcher = new RunWatcher(client, runIds);
    Map<String, RunWatcher.Outcome> outcomes = watcher.watch(output);
    return RunWatcher.failed(outcomes).isEmpty()
        ? ConsoleCommand.EXIT_OK
        : ConsoleCommand.EXIT_FAILED;
  }
}
