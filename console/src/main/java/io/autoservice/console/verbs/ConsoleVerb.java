package io.autoservice.console.verbs;

import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.client.ConsoleException;
import io.autoservice.console.client.ConsoleTarget;
import io.autoservice.console.client.UsageException;
import io.autoservice.console.render.Terminal;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.ParentCommand;

/**
 * What every console verb shares: the client to the controller chosen by {@code --controller}, with
 * the token of {@code --token}/{@code --token-file}/the environment, picocli's out and err writers
 * (so tests capture them), and the one place that turns a failed call into an {@code error: …} line
 * and an exit code. The controller's own commands ({@code users}, {@code enroll}, {@code agents
 * revoke}) extend it too, with their command as the parent.
 */
public abstract class ConsoleVerb implements Callable<Integer> {
  @ParentCommand protected ConsoleTarget console;
  @CommandLine.Spec protected CommandLine.Model.CommandSpec spec;

  /**
   * grpc-java warns through java.util.logging (e.g. "Failed to resolve name"); a console shows one
   * clear line instead. Held here because JUL keeps loggers only weakly.
   */
  private static final Logger GRPC_LOG = Logger.getLogger("io.grpc");

  /** Clock for "5s ago"; fixed in tests that need exact text. */
  Clock clock = Clock.systemUTC();

  private Terminal out;
  private Terminal err;

  /** Runs the verb with an open client; returns the exit code. */
  protected abstract int run(ConsoleClient client) throws Exception;

  /** Opens the client with the parent's controller and token. */
  protected ConsoleClient open() throws UsageException {
    return ConsoleClient.connect(console.controllers(), console.token(), console.caFile());
  }

  /** Opens the client and runs the verb; a verb that can work without a controller overrides. */
  protected int execute() throws Exception {
    try (ConsoleClient client = open()) {
      return run(client);
    }
  }

  @Override
  public final Integer call() {
    GRPC_LOG.setLevel(Level.OFF);
    try {
      int code = execute();
      out().flush();
      err().flush(); // what a verb says on stderr when it succeeds (e.g. where a token goes) too
      return code;
    } catch (ConsoleException e) {
      return fail(e.getMessage(), e.exitCode());
    } catch (UsageException e) {
      err().println("error: " + e.getMessage());
      err().println("Try '" + spec.qualifiedName() + " --help' for usage.");
      err().flush();
      return ConsoleCommand.EXIT_USAGE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ConsoleCommand.EXIT_CANCELLED;
    } catch (Exception e) {
      return fail("unexpected failure: " + e, ConsoleCommand.EXIT_FAILED);
    }
  }

  protected int fail(String message, int code) {
    out().flush();
    err().println("error: " + message);
    err().flush();
    return code;
  }

  /** picocli's out (so tests capture it), through the {@link Terminal} every verb prints with. */
  protected Terminal out() {
    if (out == null) {
      out = new Terminal(spec.commandLine().getOut());
    }
    return out;
  }

  /** picocli's err, through a {@link Terminal}. */
  protected Terminal err() {
    if (err == null) {
      err = new Terminal(spec.commandLine().getErr());
    }
    return err;
  }
}
