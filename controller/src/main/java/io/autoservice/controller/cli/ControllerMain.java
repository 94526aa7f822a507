package io.autoservice.controller.cli;

import io.autoservice.common.logging.LogSettings;
import io.autoservice.common.logging.LogSetup;
import io.autoservice.console.verbs.ConsoleCommand;
import io.autoservice.console.verbs.ConsoleMain;
import io.autoservice.controller.cli.admin.AgentsCommand;
import io.autoservice.controller.cli.admin.BackupCommand;
import io.autoservice.controller.cli.admin.EnrollCommand;
import io.autoservice.controller.cli.admin.MigrateCommand;
import io.autoservice.controller.cli.admin.RestoreCommand;
import io.autoservice.controller.cli.admin.UsersCommand;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The controller's command line: {@code serve}, {@code config}, {@code demo}, {@code console …},
 * {@code users …}, {@code enroll create} and {@code agents revoke}.
 */
@Command(
    name = "controller",
    mixinStandardHelpOptions = true,
    versionProvider = ControllerMain.Version.class,
    description =
        "AutoService Fleet controller: knows the fleet, dispatches plans, stores reports.",
    subcommands = {
      ServeCommand.class,
      ConfigCommand.class,
      DemoCommand.class,
      ConsoleCommand.class,
      UsersCommand.class,
      EnrollCommand.class,
      AgentsCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      MigrateCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ControllerMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // The log layouts escape every value; lines printed as such (start-up notes) are escaped here.
    System.setErr(LogSink.escaping(System.err));
    // The demo prints the classic protocol; the controller's own log lines would only get in the
    // way. serve applies its settings' log_* keys once it has read them.
    if (args.length > 0 && args[0].equals("demo")) {
      LogSetup.apply(LogSettings.stderr("warn"), Map.of());
    }
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (tests run it in-process). */
  public static CommandLine commandLine() {
    // The console's usage-error handling covers the whole command line, serve and demo included.
    return ConsoleMain.configure(new CommandLine(new ControllerMain()));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** Reads the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = ControllerMain.class.getPackage().getImplementationVersion();
      return new String[] {"autoservice-controller " + (v == null ? "dev" : v)};
    }
  }
}
