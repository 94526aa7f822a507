package io.autoservice.controller.cli;

import io.autoservice.common.json.Json;
import io.autoservice.common.settings.ResolvedSettings;
import io.autoservice.common.settings.SettingsException;
import io.autoservice.controller.server.ControllerSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code controller config}: the settings {@code serve} would start with, and where each came from.
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Prints every setting's effective value and its source (default, file, env AUTOSERVICE_<KEY>,"
          + " flag), secrets masked.",
      "Exits 1 with the message 'serve' would stop with when a key or value is wrong."
    })
final class ConfigCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "Settings file (JSON).")
  Path config;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "As for serve.")
  String listen;

  @Option(names = "--data", paramLabel = "DIR", description = "As for serve.")
  Path data;

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
    ResolvedSettings<ControllerSettings> resolved;
    try {
      resolved = ControllerSettings.resolve(config, env, listen, data);
    } catch (SettingsException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    resolved.warnings().forEach(w -> err.println("warning: " + w));
    out.print(json ? Json.pretty(resolved.json()) + System.lineSeparator() : resolved.text());
    out.flush();
    return 0;
  }
}
