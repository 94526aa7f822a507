package io.autoservice.console.verbs;

import io.autoservice.common.net.HostPort;
import io.autoservice.console.client.ConsoleTarget;
import io.autoservice.console.client.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code console schedules …}: plans the controller dispatches by itself on a recurrence, and the
 * maintenance windows scheduled runs wait for. Its verbs call the controller {@code console} names.
 */
@Command(
    name = "schedules",
    mixinStandardHelpOptions = true,
    description = {
      "Schedules: a plan dispatched by the controller on a cron expression (with a time zone) or"
          + " every N hours/days, to agents, a label or all; each PC's start spread over a jitter,"
          + " held for its maintenance window, run late when it comes back within the catch-up"
          + " limit, else recorded missed.",
      "Listing needs role viewer; every change needs technician or admin."
    },
    subcommands = {
      ScheduleVerbs.ListVerb.class,
      ScheduleVerbs.CreateVerb.class,
      ScheduleVerbs.PauseVerb.class,
      ScheduleVerbs.ResumeVerb.class,
      ScheduleVerbs.DeleteVerb.class,
      ScheduleVerbs.RunNowVerb.class,
      ScheduleVerbs.OccurrencesVerb.class,
      WindowsVerb.class,
      CommandLine.HelpCommand.class
    })
public final class SchedulesVerb implements ConsoleTarget, Callable<Integer> {
  @ParentCommand ConsoleTarget console;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public HostPort controller() {
    return console.controller();
  }

  @Override
  public List<HostPort> controllers() {
    return console.controllers();
  }

  @Override
  public String token() throws UsageException {
    return console.token();
  }

  @Override
  public Path caFile() throws UsageException {
    return console.caFile();
  }

  @Override
  public Integer call() {
    return missing(spec);
  }

  static int missing(CommandLine.Model.CommandSpec spec) {
    spec.commandLine()
        .getErr()
        .println(
            "error: a verb is missing ("
                + spec.subcommands().keySet().stream()
                    .filter(n -> !n.equals("help"))
                    .collect(Collectors.joining(", "))
                + ")");
    spec.commandLine().usage(spec.commandLine().getErr());
    return ConsoleCommand.EXIT_USAGE;
  }
}
