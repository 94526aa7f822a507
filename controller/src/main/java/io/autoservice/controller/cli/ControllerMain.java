package io.autoservice.controller.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The controller's command line. Fleet serving, the console and the demo arrive with the fleet-mode
 * work (issue 4); today the jar carries the wire contract and answers {@code --help} and {@code
 * --version}.
 */
@Command(
    name = "controller",
    mixinStandardHelpOptions = true,
    versionProvider = ControllerMain.Version.class,
    description = {
      "AutoService Fleet controller: knows the fleet, dispatches plans, stores reports.",
      "Fleet commands (serve, console, demo) are not built yet; use the agent's 'run' for local runs."
    })
public final class ControllerMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ControllerMain()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
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
