package io.autoservice.controller.cli.admin;

import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.verbs.ConsoleCommand;
import io.autoservice.console.verbs.ConsoleVerb;
import io.autoservice.console.verbs.ControllerTarget;
import io.autoservice.console.view.AgentRevocation;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code controller agents revoke ID}: cuts an agent off, through a running controller. */
@Command(
    name = "agents",
    mixinStandardHelpOptions = true,
    description = {
      "Manages agent identities (admins only), through a running controller.",
      "Exit status: 0 done; 1 refused or failed; 2 usage error; 3 controller unreachable;"
          + " 4 not authenticated or not an admin."
    },
    subcommands = {AgentsCommand.Revoke.class, CommandLine.HelpCommand.class})
public final class AgentsCommand extends ControllerTarget implements Callable<Integer> {
  @Override
  public Integer call() {
    return missingVerb("revoke");
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = {
        "Revokes every certificate of the agent at once: its open connection is closed, and it",
        "cannot connect again until it enrols with a new token."
      })
  static final class Revoke extends ConsoleVerb {
    @Parameters(
        index = "0",
        paramLabel = "AGENT_ID",
        description = "The agent's id (see 'console agents').")
    String agentId;

    @Override
    protected int run(ConsoleClient client) {
      AgentRevocation r = client.revokeAgent(agentId);
      out()
          .println(
              "agent "
                  + r.agentId()
                  + ": "
                  + r.certificatesRevoked()
                  + " certificate"
                  + (r.certificatesRevoked() == 1 ? "" : "s")
                  + " revoked"
                  + (r.disconnected() ? ", its connection closed" : " (it was not connected)"));
      return ConsoleCommand.EXIT_OK;
    }
  }
}
