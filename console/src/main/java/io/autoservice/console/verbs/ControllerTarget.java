package io.autoservice.console.verbs;

import io.autoservice.common.net.HostPort;
import io.autoservice.console.client.ConsoleTarget;
import io.autoservice.console.client.TlsOptions;
import io.autoservice.console.client.TokenSource;
import io.autoservice.console.client.UsageException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The parent of every command that works through a running controller ({@code console}, {@code
 * users}, {@code enroll}, {@code agents}): where it is, how to verify it ({@link TlsOptions}), and
 * the bearer token ({@link TokenSource}). The options are inherited by the verbs.
 */
public abstract class ControllerTarget implements ConsoleTarget {
  @CommandLine.Spec protected CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--controller",
      paramLabel = "HOST:PORT[,HOST:PORT...]",
      scope = ScopeType.INHERIT,
      converter = Converters.ControllerListConverter.class,
      defaultValue = "${env:AUTOSERVICE_CONTROLLER:-127.0.0.1:7443}",
      description =
          "The controller to talk to; several replicas separated by commas, the next one called"
              + " when one cannot be reached. Default: $AUTOSERVICE_CONTROLLER, else"
              + " 127.0.0.1:7443.")
  protected Converters.ControllerList controller;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      scope = ScopeType.INHERIT,
      description =
          "Bearer token. Other users can see it in the process list: prefer --token-file or"
              + " $AUTOSERVICE_TOKEN.")
  protected String token;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description =
          "File holding the bearer token, e.g. <data>/admin.token. Default: $AUTOSERVICE_TOKEN,"
              + " else the file named by $AUTOSERVICE_TOKEN_FILE.")
  protected Path tokenFile;

  @CommandLine.Mixin TlsOptions tls = new TlsOptions();

  /** The first controller address given. */
  @Override
  public HostPort controller() {
    return controller.addresses().get(0);
  }

  @Override
  public List<HostPort> controllers() {
    return controller.addresses();
  }

  @Override
  public String token() throws UsageException {
    return TokenSource.resolve(token, tokenFile, System.getenv());
  }

  @Override
  public Path caFile() throws UsageException {
    return tls.resolve(tokenFile, System.getenv());
  }

  /** Without a verb: say which are missing and show the usage. */
  protected int missingVerb(String verbs) {
    spec.commandLine().getErr().println("error: a verb is missing (" + verbs + ")");
    spec.commandLine().usage(spec.commandLine().getErr());
    return ConsoleCommand.EXIT_USAGE;
  }
}
