package io.autoservice.console.verbs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.RunStatus;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.client.UsageException;
import io.autoservice.console.render.ConsoleJson;
import io.autoservice.console.render.Table;
import io.autoservice.console.render.Times;
import io.autoservice.console.view.RunRow;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code console runs}: recent runs, newest first. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = {
      "Lists runs, newest first.",
      "Columns: RUN ID, AGENT/HOST, STATE, STATUS, TASKS (done/total), DISPATCHED, FINISHED"
          + " (local time), ORIGIN (dispatched, or local: run on the PC with 'agent run --sync'"
          + " and uploaded later; DISPATCHED is then when it started)."
    })
public final class RunsVerb extends ConsoleVerb {
  @Option(names = "--agent", paramLabel = "ID", description = "Only runs of this agent.")
  String agent;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      converter = Converters.RunStatusConverter.class,
      description =
          "Only runs that ended so: ok, completed_with_errors, cancelled, error or expired.")
  RunStatus status;

  @Option(
      names = "--state",
      paramLabel = "STATE",
      converter = Converters.RunStateConverter.class,
      description = "Only runs in this state: queued, assigned, running or finished.")
  RunRow.State state;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      converter = Converters.DurationConverter.class,
      description = "Only runs dispatched within this long, e.g. 30m, 2h, 7d.")
  Duration since;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "0",
      description = "At most this many runs. Default: the controller's (100).")
  int limit;

  @Option(names = "--json", description = "Print a JSON array instead of a table.")
  boolean json;

  @Override
  protected int run(ConsoleClient client) throws UsageException {
    if (limit < 0) {
      throw new UsageException("--limit: " + limit + " (expected: 0 or more)");
    }
    RunRow.Query q =
        new RunRow.Query(
            agent, state, status, since == null ? null : clock.instant().minus(since), limit);
    List<RunRow> runs = client.runs(q);
    if (json) {
      ArrayNode list = Json.array();
      runs.forEach(r -> list.add(ConsoleJson.run(r)));
      out().json(list);
      return ConsoleCommand.EXIT_OK;
    }
    ZoneId zone = ZoneId.systemDefault();
    Table t =
        new Table(
            "RUN ID", "AGENT/HOST", "STATE", "STATUS", "TASKS", "DISPATCHED", "FINISHED", "ORIGIN");
    for (RunRow r : runs) {
      t.add(
          r.runId(),
          r.machine(),
          r.state().wireName(),
          r.status() == null ? "-" : r.status().wireName(),
          r.completedTasks() + "/" + r.totalTasks(),
          Times.local(r.dispatchedAt(), zone),
          Times.local(r.finishedAt(), zone),
          r.origin());
    }
    t.print(out());
    if (runs.isEmpty()) {
      err().println("no runs match");
    }
    return ConsoleCommand.EXIT_OK;
  }
}
