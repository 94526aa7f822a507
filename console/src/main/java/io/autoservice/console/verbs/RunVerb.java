package io.autoservice.console.verbs;

import io.autoservice.common.protocol.MarkerDialect;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.run.RemoteRun;
import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code console run --agent ID PLAN}: the single-machine remote mode, a drop-in for {@code agent
 * run} that runs the plan on a fleet agent. Ctrl-C cancels the remote run and waits up to 30 s for
 * its cancelled report.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a plan on one agent, printed as 'agent run' prints a local run.",
      "Markers and log lines go to stderr, the final report to stdout. Ctrl-C cancels the remote"
          + " run and prints its cancelled report (waiting up to 30 s).",
      "Exit status: 0 the run completed (task errors included); 1 the plan is invalid or refused,"
          + " or the run ended in error or expired; 2 usage error; 3 controller unreachable;"
          + " 130 cancelled."
    })
public final class RunVerb extends ConsoleVerb {
  /** Room for one whole marker line, so it leaves in one write (cumulative progress lines grow). */
  private static final int LINE_BUFFER = 1 << 20;

  @Option(
      names = "--agent",
      paramLabel = "ID",
      required = true,
      description = "The agent to run on.")
  String agent;

  @Parameters(
      index = "0",
      paramLabel = "PLAN",
      description = "A plan file, JSON text, or - for stdin.")
  String plan;

  @Option(
      names = "--markers",
      paramLabel = "DIALECT",
      defaultValue = "seed",
      converter = Converters.DialectConverter.class,
      description =
          "Marker dialect: seed (documented) or autoservice (the desktop UI's). Default:"
              + " ${DEFAULT-VALUE}.")
  MarkerDialect dialect;

  @Option(
      names = {"-o", "--output-file"},
      paramLabel = "FILE",
      description = "Also write the final report here (folders are created).")
  Path outputFile;

  @Option(
      names = "--force",
      description =
          "Run even if the agent does not advertise a task type of the plan (it skips that task).")
  boolean force;

  @Override
  protected int run(ConsoleClient client) {
    // UTF-8 whatever the console's code page. Buffered without autoflush, so each line leaves in
    // one write when the printer flushes it: a log line from another thread never splits a marker.
    PrintStream stdout =
        new PrintStream(new BufferedOutputStream(System.out), false, StandardCharsets.UTF_8);
    PrintStream stderr =
        new PrintStream(
            new BufferedOutputStream(System.err, LINE_BUFFER), false, StandardCharsets.UTF_8);
    RemoteRun remote = new RemoteRun(client, stdout, stderr, Clock.systemUTC());
    AtomicBoolean finished = new AtomicBoolean();
    Thread hook =
        new Thread(() -> onStopSignal(remote, finished, stdout, stderr), "console-run-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return remote.run(plan, System.in, new RemoteRun.Options(agent, dialect, outputFile, force));
    } finally {
      finished.set(true);
      stdout.flush();
      stderr.flush();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Shutting down: the hook is running and ends the process itself.
      }
    }
  }

  private static void onStopSignal(
      RemoteRun remote, AtomicBoolean finished, PrintStream out, PrintStream err) {
    if (finished.get()) {
      return;
    }
    err.println("Stop signal received: cancelling the remote run");
    err.flush();
    remote.cancel("cancelled");
    try {
      if (!remote.awaitDone(RemoteRun.STOP_GRACE)) {
        remote.abandon(
            "cancel requested, but the run was not confirmed cancelled within "
                + RemoteRun.STOP_GRACE.toSeconds()
                + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.flush();
    err.flush();
    Runtime.getRuntime().halt(ConsoleCommand.EXIT_CANCELLED);
  }
}
