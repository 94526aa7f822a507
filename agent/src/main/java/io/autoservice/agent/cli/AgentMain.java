package io.autoservice.agent.cli;

import io.autoservice.agent.local.AgentVersion;
import io.autoservice.common.logging.LogSettings;
import io.autoservice.common.logging.LogSetup;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The agent's command line: {@code run}, {@code validate} and {@code tasks}. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    versionProvider = AgentMain.Version.class,
    description = "AutoService Fleet agent: runs maintenance and diagnostic tasks on this PC.",
    subcommands = {
      RunCommand.class,
      ValidateCommand.class,
      TasksCommand.class,
      ConnectCommand.class,
      EnrollCommand.class,
      ServiceCommand.class,
      ConfigCommand.class,
      CommandLine.HelpCommand.class
    })
public final class AgentMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Diagnostics go to stderr and never to stdout, which carries only the report; warnings only
    // (connect raises its own lifecycle events to INFO and applies the config's log_* keys).
    LogSetup.apply(LogSettings.stderr("warn"), Map.of());
    CommandLine agent = commandLine();
    if (ServiceRunnerCommand.applies(args, agent.getSubcommands().keySet())) {
      System.exit(ServiceRunnerCommand.commandLine().execute(args));
    }
    System.exit(agent.execute(args));
  }

  /** The configured command line (tests run it in-process). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new AgentMain());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(AgentMain::usageError);
    return cl;
  }

  /** argparse, which the original used, exits 2 on a usage error. */
  static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine c = ex.getCommandLine();
    c.getErr().println("error: " + ex.getMessage());
    c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
    return 2;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** Reads the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"autoservice-agent " + AgentVersion.get()};
    }
  }
}
