package io.autoservice.console.verbs;

import picocli.CommandLine;

/**
 * {@code java -jar autoservice-console.jar …}: the console alone, for a technician's laptop. The
 * same {@link ConsoleCommand} as {@code controller console …}, with the same exit codes; the
 * controller's local administration ({@code users --data}, {@code enroll}, {@code agents revoke})
 * needs the controller jar.
 */
public final class ConsoleMain {
  private ConsoleMain() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The console on its own (tests run it in-process). */
  public static CommandLine commandLine() {
    return configure(new CommandLine(new ConsoleCommand()));
  }

  /**
   * What every command line that carries the console sets: case-insensitive enum values, and a
   * usage error as one {@code error: …} line, a hint and exit {@code 2}.
   */
  public static CommandLine configure(CommandLine cl) {
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("error: " + ex.getMessage());
          c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
          return ConsoleCommand.EXIT_USAGE;
        });
    return cl;
  }
}
