package io.autoservice.agent.cli;

import io.autoservice.common.protocol.MarkerDialect;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The original runner's command line, exactly: {@code service_runner.exe PLAN [--log-file LOG]
 * [--output-file F]}, no subcommand and the plan first. The desktop app starts its runner that way,
 * so an agent put in place of {@code service_runner.exe} answers as the original did: the {@code
 * autoservice} dialect, its exit codes (0 run completed whatever its tasks did, 1 the plan cannot
 * be read, 2 usage error) and its log file (stderr's lines, appended, UTF-8).
 */
@Command(
    name = "service_runner",
    mixinStandardHelpOptions = true,
    versionProvider = AgentMain.Version.class,
    description = {
      "AutoService Automation Runner (the original's command line, served by the AutoService Fleet agent).",
      "Runs the plan: markers and log lines on stderr in the autoservice dialect, the final report on stdout.",
      "Exit status: 0 the run completed (task failures included), 1 the plan cannot be read or run,",
      "2 usage error, 130 cancelled."
    })
final class ServiceRunnerCommand implements Callable<Integer> {
  /** Set by the {@code service_runner.exe} launcher: every argument list is the original's. */
  static final String LAUNCHER_PROPERTY = "autoservice.launcher";

  @Parameters(
      index = "0",
      paramLabel = "json_input",
      description = "A path to a JSON plan file, or the plan's JSON text.")
  String plan;

  @Option(
      names = {"-o", "--output-file"},
      paramLabel = "OUTPUT_FILE",
      description = "Also write the final report here (UTF-8).")
  Path outputFile;

  @Option(
      names = "--log-file",
      paramLabel = "LOG_FILE",
      description = "Also append every stderr line to this UTF-8 file.")
  Path logFile;

  /**
   * Whether {@code args} are the original runner's: the launcher says so, or the first argument is
   * neither one of the agent's commands nor an option (so it can only be the plan).
   */
  static boolean applies(String[] args, Set<String> agentCommands) {
    if ("service_runner".equals(System.getProperty(LAUNCHER_PROPERTY))) {
      return true;
    }
    if (args.length == 0) {
      return false;
    }
    String first = args[0];
    return !first.startsWith("-") && !agentCommands.contains(first);
  }

  @Override
  public Integer call() {
    RunCommand run = new RunCommand();
    run.plan = plan;
    run.outputFile = outputFile;
    run.logFile = logFile;
    run.dialect = MarkerDialect.AUTOSERVICE;
    run.dataDir = Path.of("agent-data");
    return run.call();
  }

  /** The configured command line (usage errors exit 2, as argparse). */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new ServiceRunnerCommand());
    cl.setParameterExceptionHandler(AgentMain::usageError);
    return cl;
  }
}
