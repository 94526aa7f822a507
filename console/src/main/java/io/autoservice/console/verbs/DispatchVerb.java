package io.autoservice.console.verbs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.PlanException;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.render.ConsoleJson;
import io.autoservice.console.render.Table;
import io.autoservice.console.run.FollowOutput;
import io.autoservice.console.view.DispatchTarget;
import io.autoservice.console.view.RunRow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code console dispatch PLAN (--agent ID… | --label k=v… | --all)}: one run per target agent. */
@Command(
    name = "dispatch",
    mixinStandardHelpOptions = true,
    description = {
      "Dispatches a plan to agents: one run per agent, queued behind what it already has.",
      "Prints one line per created run.",
      "Exit status: 0 dispatched (with --follow: every run ended ok or completed_with_errors);"
          + " 1 plan invalid or refused (or, with --follow, a run failed); 2 usage error;"
          + " 3 controller unreachable."
    })
public final class DispatchVerb extends ConsoleVerb {
  @Parameters(
      index = "0",
      paramLabel = "PLAN",
      description = "A plan file, JSON text, or - for stdin.")
  String plan;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Targets targets;

  /** Exactly one way to choose the agents. */
  static final class Targets {
    @Option(
        names = "--agent",
        paramLabel = "ID",
        required = true,
        description = "This agent; repeat for several.")
    List<String> agents;

    @Option(
        names = "--label",
        paramLabel = "KEY=VALUE",
        required = true,
        description = "Every agent carrying this label; repeat to require several.")
    Map<String, String> labels;

    @Option(names = "--all", required = true, description = "Every agent the controller knows.")
    boolean all;
  }

  @Option(
      names = "--force",
      description =
          "Dispatch even to agents that do not advertise a task type of the plan (they skip it).")
  boolean force;

  @Option(
      names = "--deadline",
      paramLabel = "DURATION",
      converter = Converters.DurationConverter.class,
      description =
          "How long a run may wait for an offline agent before it expires, e.g. 2h or 7d."
              + " Default: the controller's (7d).")
  Duration deadline;

  @Option(
      names = "--follow",
      description = "Then follow the created runs until they finish (as 'follow').")
  boolean follow;

  @Option(
      names = "--json",
      description = "Print the created runs as a JSON array (JSON Lines with --follow).")
  boolean json;

  @Override
  protected int run(ConsoleClient client) throws InterruptedException {
    Plan parsed;
    try {
      parsed = PlanParser.parseSource(plan, System.in);
    } catch (PlanException e) {
      e.problems().forEach(p -> err().println("error: " + p));
      err().flush();
      return ConsoleCommand.EXIT_FAILED;
    }
    DispatchTarget target =
        targets.agents != null
            ? new DispatchTarget.Agents(targets.agents)
            : targets.labels != null
                ? new DispatchTarget.Labels(targets.labels)
                : new DispatchTarget.All();
    List<RunRow> runs = client.dispatch(parsed, target, force, deadline);
    print(runs);
    if (!follow) {
      return ConsoleCommand.EXIT_OK;
    }
    return FollowVerb.follow(
        client,
        runs.stream().map(RunRow::runId).toList(),
        runs,
        new FollowOutput(out(), err(), json));
  }

  private void print(List<RunRow> runs) {
    if (json && follow) {
      runs.forEach(
          r -> {
            var o = Json.object();
            o.put("type", "dispatched");
            o.set("run", ConsoleJson.run(r));
            out().jsonLine(o);
          });
    } else if (json) {
      ArrayNode list = Json.array();
      runs.forEach(r -> list.add(ConsoleJson.run(r)));
      out().json(list);
    } else {
      Table t = new Table("RUN ID", "AGENT", "HOSTNAME", "STATE");
      runs.forEach(r -> t.add(r.runId(), r.agentId(), r.hostname(), r.state().wireName()));
      t.print(out());
    }
    out().flush();
  }
}
