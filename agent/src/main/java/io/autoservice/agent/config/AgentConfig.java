package io.autoservice.agent.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.autoservice.agent.tools.Tool;
import io.autoservice.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The agent's own configuration file (JSON). Every key is optional; see the README's table.
 *
 * @param tools tool key ({@code SMARTCTL}, …) to an executable or its folder
 * @param toolFolders roots of the portable layout ({@code <root>/<Name - version>/…})
 * @param labels labels this agent reports to the controller, e.g. {@code site=front-desk}
 * @param secrets named secrets tasks may read (e.g. {@code openai_api_key}); never logged
 */
public record AgentConfig(
    Map<String, String> tools,
    @JsonProperty("tool_folders") List<String> toolFolders,
    Map<String, String> labels,
    Map<String, String> secrets) {

  /** Where {@code run} looks when {@code --config} is not given. */
  public static final String ENV_VAR = "AUTOSERVICE_AGENT_CONFIG";

  public AgentConfig {
    tools = tools == null ? Map.of() : upperKeys(tools);
    toolFolders = toolFolders == null ? List.of() : List.copyOf(toolFolders);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    List<String> known = Tool.ALL.stream().map(Tool::key).toList();
    for (String key : tools.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            "tools." + key + ": unknown tool (expected one of " + String.join(", ", known) + ")");
      }
    }
  }

  public static AgentConfig empty() {
    return new AgentConfig(null, null, null, null);
  }

  /** Reads a config file; errors name the file and the key. */
  public static AgentConfig load(Path file) throws ConfigException {
    ObjectMapper strict = Json.mapper().copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try {
      return strict.readValue(Files.readAllBytes(file), AgentConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(
          file + ": unknown key \"" + e.getPropertyName() + "\" (expected: tools, tool_folders, labels, secrets)");
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      throw new ConfigException(file + ": " + (cause == e ? e.getOriginalMessage() : cause.getMessage()));
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
  }

  /** The file named by {@code --config}, else by {@link #ENV_VAR}, else nothing. */
  public static AgentConfig resolve(Path explicit, Map<String, String> env) throws ConfigException {
    if (explicit != null) {
      return load(explicit);
    }
    String fromEnv = env.get(ENV_VAR);
    return fromEnv == null || fromEnv.isBlank() ? empty() : load(Path.of(fromEnv));
  }

  private static Map<String, String> upperKeys(Map<String, String> m) {
    return m.entrySet().stream()
        .collect(Collectors.toUnmodifiableMap(e -> e.getKey().toUpperCase(Locale.ROOT), Map.Entry::getValue));
  }

  /** A config file that cannot be used. */
  public static final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
      super(message);
    }
  }
}
