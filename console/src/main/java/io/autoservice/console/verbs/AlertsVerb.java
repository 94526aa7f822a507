package io.autoservice.console.verbs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.client.UsageException;
import io.autoservice.console.render.Table;
import io.autoservice.console.render.Times;
import io.autoservice.console.view.AlertRow;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code console alerts [list] …} and {@code console alerts ack ID [--note …]}. */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the alerts the controller's rules raised (a failing drive, a full volume, an agent"
          + " offline for a day …), newest first; by default those still open, acknowledged or"
          + " not.",
      "'alerts ack ID [--note TEXT]' acknowledges one (role technician or admin): it stays listed"
          + " until a later run of the PC no longer shows it.",
      "Columns: ID, STATE, SEVERITY, RAISED (local), PC, RULE, SUBJECT, MESSAGE."
    })
public final class AlertsVerb extends ConsoleVerb {
  @Parameters(
      arity = "0..2",
      paramLabel = "list|ack [ID]",
      description = "list (the default), or ack and the alert's id.")
  List<String> words = new ArrayList<>();

  @Option(
      names = "--state",
      paramLabel = "STATE",
      defaultValue = "",
      description = "open, acked, resolved or all. Default: open and acked.")
  String state;

  @Option(names = "--agent", paramLabel = "ID", description = "Only this PC's alerts.")
  String agent;

  @Option(names = "--rule", paramLabel = "RULE", description = "Only this rule's alerts.")
  String rule;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      converter = Converters.DurationConverter.class,
      description = "Only alerts raised within this long, e.g. 2h, 7d.")
  Duration since;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "0",
      description = "At most this many (up to 500). Default: the controller's (100).")
  int limit;

  @Option(names = "--note", paramLabel = "TEXT", description = "With ack: why, or what is done.")
  String note;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  protected int run(ConsoleClient client) throws UsageException {
    String verb = words.isEmpty() ? "list" : words.get(0);
    return switch (verb) {
      case "list" -> {
        if (words.size() > 1) {
          throw new UsageException("list takes no argument, got '" + words.get(1) + "'");
        }
        yield list(client);
      }
      case "ack" -> ack(client);
      default -> throw new UsageException("'" + verb + "': expected list or ack (alerts ack ID)");
    };
  }

  private int list(ConsoleClient client) throws UsageException {
    if (note != null) {
      throw new UsageException("--note goes with ack");
    }
    if (limit < 0 || limit > 500) {
      throw new UsageException("--limit: " + limit + " (expected: 0 to 500)");
    }
    List<String> states =
        switch (state.strip()) {
          case "" -> List.of();
          case "all" -> List.of("open", "acked", "resolved");
          case "open", "acked", "resolved" -> List.of(state.strip());
          default ->
              throw new UsageException(
                  "--state: '" + state + "' (expected: open, acked, resolved or all)");
        };
    AlertRow.Page page =
        client.alerts(
            new AlertRow.Query(
                states, agent, rule, since == null ? null : clock.instant().minus(since), limit));
    if (json) {
      ObjectNode o = Json.object();
      o.put("open_count", page.openCount());
      ArrayNode list = o.putArray("alerts");
      page.alerts().forEach(a -> list.add(json(a)));
      out().json(o);
      return ConsoleCommand.EXIT_OK;
    }
    ZoneId zone = ZoneId.systemDefault();
    Table t = new Table("ID", "STATE", "SEVERITY", "RAISED", "PC", "RULE", "SUBJECT", "MESSAGE");
    for (AlertRow a : page.alerts()) {
      t.add(
          a.id(),
          a.state(),
          a.severity(),
          a.raisedAt() == null ? "-" : Times.local(a.raisedAt(), zone),
          a.hostname().isEmpty() ? a.agentId() : a.hostname(),
          a.rule(),
          a.subject().isEmpty() ? "-" : a.subject(),
          a.message());
    }
    t.print(out());
    err().println(page.openCount() + " open on the fleet");
    return ConsoleCommand.EXIT_OK;
  }

  private int ack(ConsoleClient client) throws UsageException {
    if (words.size() != 2) {
      throw new UsageException("ack takes the alert's id: alerts ack ID [--note TEXT]");
    }
    long id;
    try {
      id = Long.parseLong(words.get(1));
    } catch (NumberFormatException e) {
      throw new UsageException("ID: '" + words.get(1) + "' (expected: an alert id, a number)");
    }
    if (id <= 0) {
      throw new UsageException("ID: " + id + " (expected: an alert id, a number above 0)");
    }
    AlertRow a = client.acknowledgeAlert(id, note);
    if (json) {
      out().json(json(a));
    } else {
      out()
          .println(
              "alert "
                  + a.id()
                  + " acknowledged by "
                  + a.ackedBy()
                  + (a.ackedAt() == null ? "" : " at " + Times.iso(a.ackedAt()))
                  + ": "
                  + a.rule()
                  + " on "
                  + (a.hostname().isEmpty() ? a.agentId() : a.hostname()));
    }
    return ConsoleCommand.EXIT_OK;
  }

  private static ObjectNode json(AlertRow a) {
    ObjectNode o = Json.object();
    o.put("id", a.id());
    o.put("state", a.state());
    o.put("severity", a.severity());
    o.put("rule", a.rule());
    o.put("agent_id", a.agentId());
    o.put("hostname", a.hostname());
    o.put("subject", a.subject());
    o.put("message", a.message());
    o.put("run_id", a.runId().isEmpty() ? null : a.runId());
    o.put("raised_at", a.raisedAt() == null ? null : Times.iso(a.raisedAt()));
    o.put("acked_at", a.ackedAt() == null ? null : Times.iso(a.ackedAt()));
    o.put("acked_by", a.ackedBy().isEmpty() ? null : a.ackedBy());
    o.put("ack_note", a.ackNote().isEmpty() ? null : a.ackNote());
    o.put("resolved_at", a.resolvedAt() == null ? null : Times.iso(a.resolvedAt()));
    return o;
  }
}
