package io.autoservice.agent.cli;

import io.autoservice.agent.config.AgentConfig;
import io.autoservice.agent.config.ToolPolicy;
import io.autoservice.agent.exec.MachineFacts;
import io.autoservice.agent.exec.PlanExecutor;
import io.autoservice.agent.exec.PlanValidator;
import io.autoservice.agent.exec.Secrets;
import io.autoservice.agent.local.AgentVersion;
import io.autoservice.agent.local.LocalRun;
import io.autoservice.agent.local.StdStreams;
import io.autoservice.agent.local.SyncQueue;
import io.autoservice.agent.process.CancellationToken;
import io.autoservice.agent.process.ProcessRunner;
import io.autoservice.agent.tasks.BuiltinTasks;
import io.autoservice.agent.tasks.TaskRegistry;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.protocol.MarkerDialect;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code agent run PLAN}: runs a plan here, the drop-in for {@code service_runner.py}. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a plan on this machine: markers and log lines on stderr, the final report on stdout.",
      "Exit status: 0 the run completed (task errors included), 1 the plan cannot be read or run,",
      "2 usage error, 130 cancelled by Ctrl-C or SIGTERM."
    })
final class RunCommand implements Callable<Integer> {
  /** How long a stop signal waits for the cancelled run to write its report. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  /** Live progress reaches stderr at most this often per task. */
  private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);

  @Parameters(
      index = "0",
      paramLabel = "PLAN",
      description = "A plan file, JSON text, or - for stdin.")
  String plan;

  @Option(
      names = {"-o", "--output-file"},
      paramLabel = "FILE",
      description = "Also write the final report here (folders are created).")
  Path outputFile;

  @Option(
      names = "--log-file",
      paramLabel = "FILE",
      description = "Mirror stderr to this UTF-8 file (appended).")
  Path logFile;

  @Option(
      names = "--markers",
      paramLabel = "DIALECT",
      converter = DialectConverter.class,
      defaultValue = "seed",
      description =
          "Marker dialect: seed (documented) or autoservice (the desktop UI's). Default: ${DEFAULT-VALUE}.")
  MarkerDialect dialect;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Agent config file (tools, tool folders, labels, secrets). Default: $AUTOSERVICE_AGENT_CONFIG.")
  Path configFile;

  @Option(
      names = "--sync",
      description =
          "Also queue the report in the data folder; the next 'agent connect' with that folder"
              + " uploads it to the controller (for PCs without network).")
  boolean sync;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "agent-data",
      description =
          "With --sync: the agent's data folder, as 'agent connect --data'. Default:"
              + " ./${DEFAULT-VALUE}.")
  Path dataDir;

  @Override
  public Integer call() {
    AgentConfig config;
    String configProblem = null;
    try {
      config = AgentConfig.resolve(configFile, System.getenv());
    } catch (AgentConfig.ConfigException e) {
      config = AgentConfig.empty();
      configProblem = "config: " + e.getMessage();
    }
    ToolLocator tools = ToolPolicy.localRun(config);
    TaskRegistry registry = BuiltinTasks.registry(tools.isWindows());
    MachineFacts machine = MachineFacts.current(AgentVersion.get());
    try (StdStreams std = StdStreams.open(logFile);
        PlanExecutor executor =
            new PlanExecutor(
                registry,
                new ProcessRunner(),
                tools,
                machine,
                Clock.systemUTC(),
                PROGRESS_INTERVAL,
                new Secrets(config.secrets(), System.getenv()))) {
      LocalRun local =
          new LocalRun(
              new PlanValidator(registry),
              executor,
              machine,
              Clock.systemUTC(),
              System.in,
              std.out(),
              std.err(),
              sync ? SyncQueue.open(dataDir, std.err()) : run -> {});
      LocalRun.Options options = new LocalRun.Options(plan, outputFile, dialect);
      if (configProblem != null) {
        return local.refuse(configProblem, options);
      }
      CancellationToken cancel = new CancellationToken();
      AtomicBoolean finished = new AtomicBoolean();
      CountDownLatch reported = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                if (finished.get()) {
                  return;
                }
                std.err().println("Stop signal received: cancelling the run");
                std.err().flush();
                cancel.cancel("cancelled");
                try {
                  reported.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                std.flush();
                Runtime.getRuntime().halt(LocalRun.EXIT_CANCELLED);
              },
              "stop-signal");
      Runtime.getRuntime().addShutdownHook(hook);
      int code = local.run(options, cancel);
      finished.set(!cancel.isCancelled());
      reported.countDown();
      return code;
    }
  }
}
