package io.autoservice.agent.cli;

import io.autoservice.agent.config.AgentConfig;
import io.autoservice.common.json.Json;
import io.autoservice.common.settings.ResolvedSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code agent config}: the configuration {@code run}/{@code connect} would use, and its sources.
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Prints every config key's effective value and its source (default, file, env"
          + " AUTOSERVICE_<KEY>), secrets' values masked.",
      "Exits 1 with the message 'connect' would stop with when a key or value is wrong."
    })
final class ConfigCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Agent config file. Default: $" + AgentConfig.ENV_VAR + ", else none.")
  Path config;

  @Option(names = "--json", description = "One JSON object: key -> {value, source}.")
  boolean json;

  @Spec CommandSpec spec;

  private final Map<String, String> env;

  ConfigCommand() {
    this(System.getenv());
  }

  ConfigCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ResolvedSettings<AgentConfig> resolved;
    try {
      resolved = AgentConfig.resolveWithSources(config, env);
    } catch (AgentConfig.ConfigException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    resolved.warnings().forEach(w -> err.println("warning: " + w));
    out.print(json ? Json.pretty(resolved.json()) + System.lineSeparator() : resolved.text());
    out.flush();
    return 0;
  }
}
