package io.autoservice.controller.cli.admin;

import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.client.UsageException;
import io.autoservice.console.render.Times;
import io.autoservice.console.verbs.ConsoleCommand;
import io.autoservice.console.verbs.ConsoleVerb;
import io.autoservice.console.verbs.ControllerTarget;
import io.autoservice.console.verbs.Converters;
import io.autoservice.console.view.EnrollmentTicket;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code controller enroll create}: enrolment tokens for new agents, through a running controller.
 */
@Command(
    name = "enroll",
    mixinStandardHelpOptions = true,
    description = {
      "Creates enrolment tokens for new agents (admins only), through a running controller.",
      "Exit status: 0 done; 1 refused or failed; 2 usage error; 3 controller unreachable;"
          + " 4 not authenticated or not an admin."
    },
    subcommands = {EnrollCommand.Create.class, CommandLine.HelpCommand.class})
public final class EnrollCommand extends ControllerTarget implements Callable<Integer> {
  @Override
  public Integer call() {
    return missingVerb("create");
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Prints a new enrolment token on stdout (shown only this once). On the PC:",
        "  agent enroll --controller HOST:PORT --token TOKEN",
        "The token carries the controller CA's fingerprint, which the agent pins."
      })
  static final class Create extends ConsoleVerb {
    @Option(
        names = "--label",
        paramLabel = "KEY=VALUE",
        description =
            "A label every agent enrolled with this token gets (repeatable), e.g. site=front-desk.")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(
        names = "--uses",
        paramLabel = "N",
        defaultValue = "1",
        description = "How many agents may enrol with it (1 to 10000). Default: ${DEFAULT-VALUE}.")
    int uses;

    @Option(
        names = "--ttl",
        paramLabel = "DURATION",
        defaultValue = "24h",
        converter = Converters.DurationConverter.class,
        description =
            "How long it is valid: 90s, 30m, 24h, 7d (at most 30d). Default: ${DEFAULT-VALUE}.")
    Duration ttl;

    @Override
    protected int run(ConsoleClient client) throws UsageException {
      if (uses < 1 || uses > 10_000) {
        throw new UsageException("--uses: " + uses + " (expected: 1 to 10000)");
      }
      EnrollmentTicket t = client.createEnrollmentToken(labels, uses, ttl);
      out().println(t.token());
      err()
          .println(
              "enrolment token for "
                  + t.uses()
                  + " agent"
                  + (t.uses() == 1 ? "" : "s")
                  + ", valid until "
                  + Times.local(t.expiresAt(), ZoneId.systemDefault())
                  + (labels.isEmpty() ? "" : ", labels " + labels)
                  + "; controller CA sha256 "
                  + t.caFingerprint());
      err()
          .println(
              "on the PC: agent enroll --controller "
                  + console.controller()
                  + " --token <the token above>");
      return ConsoleCommand.EXIT_OK;
    }
  }
}
