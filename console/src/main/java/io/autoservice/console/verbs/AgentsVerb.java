package io.autoservice.console.verbs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.render.Table;
import io.autoservice.console.render.Times;
import io.autoservice.console.view.AgentRow;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code console agents}: the fleet as a table (or JSON). */
@Command(
    name = "agents",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the agents the controller knows, ordered by hostname.",
      "Columns: ID, HOSTNAME, STATE, OS, VERSION, LAST SEEN, CURRENT RUN, QUEUED (runs waiting"
          + " on the controller)."
    })
public final class AgentsVerb extends ConsoleVerb {
  @Option(
      names = "--label",
      paramLabel = "KEY=VALUE",
      description = "Only agents carrying this label; repeat to require several.")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(
      names = "--state",
      paramLabel = "STATE",
      converter = Converters.AgentStateConverter.class,
      description =
          "Only agents in this state: online, busy, offline or revoked; repeat for several.")
  List<AgentRow.State> states = List.of();

  @Option(names = "--json", description = "Print a JSON array instead of a table.")
  boolean json;

  @Override
  protected int run(ConsoleClient client) {
    Set<AgentRow.State> wanted = states.isEmpty() ? Set.of() : EnumSet.copyOf(states);
    List<AgentRow> agents = client.agents(labels, wanted);
    if (json) {
      ArrayNode list = Json.array();
      agents.forEach(a -> list.add(json(a)));
      out().json(list);
      return ConsoleCommand.EXIT_OK;
    }
    Table t =
        new Table("ID", "HOSTNAME", "STATE", "OS", "VERSION", "LAST SEEN", "CURRENT RUN", "QUEUED");
    for (AgentRow a : agents) {
      t.add(
          a.agentId(),
          a.hostname(),
          a.state().wireName(),
          a.os().isEmpty() ? "-" : a.os(),
          a.agentVersion().isEmpty() ? "-" : a.agentVersion(),
          Times.ago(a.lastSeen(), clock),
          a.currentRunId(),
          a.queuedRuns());
    }
    t.print(out());
    if (agents.isEmpty()) {
      err().println(labels.isEmpty() && states.isEmpty() ? "no agents yet" : "no agent matches");
    }
    return ConsoleCommand.EXIT_OK;
  }

  private static ObjectNode json(AgentRow a) {
    ObjectNode o = Json.object();
    o.put("agent_id", a.agentId());
    o.put("hostname", a.hostname());
    o.put("state", a.state().wireName());
    o.put("os", a.os());
    o.put("os_name", a.osName());
    o.put("os_version", a.osVersion());
    o.put("agent_version", a.agentVersion());
    o.put("last_seen", Times.iso(a.lastSeen()));
    o.put("current_run_id", a.currentRunId());
    o.put("queued_runs", a.queuedRuns());
    ObjectNode labels = o.putObject("labels");
    a.labels().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> labels.put(e.getKey(), e.getValue()));
    ArrayNode types = o.putArray("supported_task_types");
    a.taskTypes().forEach(types::add);
    if (a.figures() != null) {
      ObjectNode stats = o.putObject("stats");
      ArrayNode tasks = stats.putArray("tasks");
      a.figures()
          .tasks()
          .forEach(
              t ->
                  tasks
                      .addObject()
                      .put("task_type", t.taskType())
                      .put("status", t.status())
                      .put("count", t.count())
                      .put("total_duration_ms", t.totalDurationMs()));
      stats.put("journal_bytes", a.figures().journalBytes());
      stats.put("reconnects", a.figures().reconnects());
    }
    return o;
  }
}
