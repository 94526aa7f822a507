package io.autoservice.console.verbs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.net.HostPort;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.client.ConsoleTarget;
import io.autoservice.console.client.UsageException;
import io.autoservice.console.render.Table;
import io.autoservice.console.view.ScheduleRows.WindowRow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code console schedules windows list|set|delete}: maintenance windows per label. */
@Command(
    name = "windows",
    mixinStandardHelpOptions = true,
    description = {
      "Maintenance windows per label: a scheduled run for a PC carrying the label waits until the"
          + " window is open (any open one, when several of its labels have one)."
    },
    subcommands = {
      WindowsVerb.ListVerb.class,
      WindowsVerb.SetVerb.class,
      WindowsVerb.DeleteVerb.class,
      CommandLine.HelpCommand.class
    })
public final class WindowsVerb implements ConsoleTarget, Callable<Integer> {
  @ParentCommand ConsoleTarget parent;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public HostPort controller() {
    return parent.controller();
  }

  @Override
  public List<HostPort> controllers() {
    return parent.controllers();
  }

  @Override
  public String token() throws UsageException {
    return parent.token();
  }

  @Override
  public Path caFile() throws UsageException {
    return parent.caFile();
  }

  @Override
  public Integer call() {
    return SchedulesVerb.missing(spec);
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the windows.")
  static final class ListVerb extends ConsoleVerb {
    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    protected int run(ConsoleClient client) {
      List<WindowRow> rows = client.windows();
      if (json) {
        ArrayNode list = Json.array();
        for (WindowRow w : rows) {
          ObjectNode o = Json.object();
          o.put("label", w.label());
          o.put("days", w.days());
          o.put("from", w.from());
          o.put("to", w.to());
          o.put("time_zone", w.zone());
          o.put("updated_by", w.updatedBy());
          list.add(o);
        }
        out().json(list);
        return ConsoleCommand.EXIT_OK;
      }
      Table t = new Table("LABEL", "DAYS", "FROM", "TO", "TIME ZONE", "SET BY");
      rows.forEach(w -> t.add(w.label(), w.days(), w.from(), w.to(), w.zone(), w.updatedBy()));
      t.print(out());
      if (rows.isEmpty()) {
        err().println("no maintenance windows");
      }
      return ConsoleCommand.EXIT_OK;
    }
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = {
        "Sets (replaces) a label's window. --to before --from crosses midnight.",
        "Example: schedules windows set --label site=front-desk --days mon-fri --from 19:00 --to"
            + " 07:00 --tz Europe/Berlin"
      })
  static final class SetVerb extends ConsoleVerb {
    @Option(names = "--label", required = true, paramLabel = "KEY=VALUE")
    Map<String, String> label;

    @Option(
        names = "--days",
        required = true,
        paramLabel = "DAYS",
        description = "Days it opens on: mon-fri, sat,sun, mon,wed-fri.")
    String days;

    @Option(names = "--from", required = true, paramLabel = "HH:MM", description = "Opens at.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "HH:MM", description = "Closes at.")
    String to;

    @Option(names = "--tz", paramLabel = "ZONE", description = "IANA time zone. Default: UTC.")
    String tz;

    @Override
    protected int run(ConsoleClient client) throws UsageException {
      String[] kv = ScheduleVerbs.label("--label", label);
      WindowRow w = client.setWindow(kv[0], kv[1], List.of(days), from, to, tz);
      out()
          .println(
              "window " + w.label() + ": " + w.days() + " " + w.from() + "-" + w.to() + " "
                  + w.zone());
      return ConsoleCommand.EXIT_OK;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a window.")
  static final class DeleteVerb extends ConsoleVerb {
    @Option(names = "--label", required = true, paramLabel = "KEY=VALUE")
    Map<String, String> label;

    @Override
    protected int run(ConsoleClient client) throws UsageException {
      String[] kv = ScheduleVerbs.label("--label", label);
      client.deleteWindow(kv[0], kv[1]);
      out().println("deleted window " + kv[0] + "=" + kv[1]);
      return ConsoleCommand.EXIT_OK;
    }
  }
}
