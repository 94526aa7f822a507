package io.autoservice.controller.cli.console;

import io.autoservice.controller.server.HostPort;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code controller console …}: the technician's command line. Every verb talks to one controller,
 * chosen by the inherited {@code --controller} option.
 *
 * <p>Exit codes, shared by every verb: {@value #EXIT_OK} done; {@value #EXIT_FAILED} the controller
 * refused the call or the work failed (a run not found, a plan refused, a run that ended in error);
 * {@value #EXIT_USAGE} usage error; {@value #EXIT_UNREACHABLE} the controller cannot be reached or
 * did not answer in time; {@value #EXIT_CANCELLED} ({@code run} only) the run was cancelled. A
 * failure prints one {@code error: …} line on stderr.
 */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = {
      "Works the fleet from a technician's seat: list agents, dispatch plans, follow runs, read"
          + " reports.",
      "Exit status: 0 done; 1 refused or failed; 2 usage error; 3 controller unreachable or not"
          + " answering; 130 (run) the run was cancelled."
    },
    subcommands = {
      AgentsVerb.class,
      DispatchVerb.class,
      FollowVerb.class,
      WatchVerb.class,
      RunsVerb.class,
      ReportVerb.class,
      CancelVerb.class,
      RunVerb.class,
      CommandLine.HelpCommand.class
    })
public final class ConsoleCommand implements Callable<Integer> {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_UNREACHABLE = 3;
  public static final int EXIT_CANCELLED = 130;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--controller",
      paramLabel = "HOST:PORT",
      scope = ScopeType.INHERIT,
      converter = Converters.HostPortConverter.class,
      defaultValue = "${env:AUTOSERVICE_CONTROLLER:-127.0.0.1:7443}",
      description =
          "The controller to talk to. Default: $AUTOSERVICE_CONTROLLER, else 127.0.0.1:7443.")
  HostPort controller;

  /** The controller address the verbs use. */
  HostPort controller() {
    return controller;
  }

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(
            "error: a verb is missing (agents, dispatch, follow, watch, runs, report, cancel,"
                + " run)");
    spec.commandLine().usage(spec.commandLine().getErr());
    return EXIT_USAGE;
  }
}
