package io.autoservice.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code autoservice-bench}: {@code run} (the fleet benchmark), {@code compare} (results side by
 * side) and {@code micro} (JMH hot paths).
 */
@Command(
    name = "autoservice-bench",
    mixinStandardHelpOptions = true,
    versionProvider = BenchMain.Version.class,
    description =
        "AutoService Fleet benchmark: simulated agents against a real controller, and micro-benchmarks.",
    subcommands = {
      RunCommand.class,
      CompareCommand.class,
      MicroCommand.class,
      SimWorkerCommand.class,
      io.autoservice.bench.agent.AgentCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BenchMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    // Netty puts each simulated agent's key into an in-memory PKCS#12 store under a throwaway
    // password; the default 10,000 PBKDF2 rounds made preparing 10,000 channels take minutes.
    System.setProperty("keystore.pkcs12.keyPbeIterationCount", "1");
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (the integration test runs it in-process). */
  public static CommandLine commandLine() {
    return new CommandLine(new BenchMain());
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** Reads the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = BenchMain.class.getPackage().getImplementationVersion();
      return new String[] {"autoservice-bench " + (v == null ? "dev" : v)};
    }
  }
}
