package io.autoservice.console.verbs;

import io.autoservice.console.client.ExitCodes;
import io.autoservice.console.client.TokenSource;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code controller console …}: the technician's command line. Every verb talks to one controller,
 * chosen by the inherited {@code --controller} option, with the bearer token given by {@code
 * --token}, {@code --token-file} or the environment ({@link TokenSource}).
 *
 * <p>Exit codes, shared by every verb: {@value #EXIT_OK} done; {@value #EXIT_FAILED} the controller
 * refused the call or the work failed (a run not found, a plan refused, a run that ended in error);
 * {@value #EXIT_USAGE} usage error; {@value #EXIT_UNREACHABLE} the controller cannot be reached or
 * did not answer in time; {@value #EXIT_DENIED} the controller refused the token (none, wrong or
 * revoked) or the user's role does not allow the call; {@value #EXIT_CANCELLED} ({@code run} only)
 * the run was cancelled. A failure prints one {@code error: …} line on stderr.
 */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = {
      "Works the fleet from a technician's seat: list agents, dispatch plans, follow runs, read"
          + " reports.",
      "Every call carries a bearer token: --token-file FILE (serve writes <data>/admin.token on"
          + " first start), --token TOKEN, $AUTOSERVICE_TOKEN or $AUTOSERVICE_TOKEN_FILE.",
      "Exit status: 0 done; 1 refused or failed; 2 usage error; 3 controller unreachable or not"
          + " answering; 4 not authenticated or not allowed; 130 (run) the run was cancelled."
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
      AuditVerb.class,
      SchedulesVerb.class,
      AlertsVerb.class,
      HistoryVerb.class,
      CommandLine.HelpCommand.class
    })
public final class ConsoleCommand extends ControllerTarget implements Callable<Integer> {
  public static final int EXIT_OK = ExitCodes.OK;
  public static final int EXIT_FAILED = ExitCodes.FAILED;
  public static final int EXIT_USAGE = ExitCodes.USAGE;
  public static final int EXIT_UNREACHABLE = ExitCodes.UNREACHABLE;

  /** No token, a wrong or revoked one, or a role that does not allow the call. */
  public static final int EXIT_DENIED = ExitCodes.DENIED;

  public static final int EXIT_CANCELLED = ExitCodes.CANCELLED;

  @Override
  public Integer call() {
    // named from the registration above, so a new verb is listed where it is added and only there
    return missingVerb(
        spec.subcommands().keySet().stream()
            .filter(name -> !name.equals("help"))
            .collect(Collectors.joining(", ")));
  }
}
