package io.autoservice.agent.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.autoservice.agent.tools.Tool;
import io.autoservice.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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
 * @param secrets named secrets tasks may read (e.g. {@code openai_api_key}), each bound to the
 *     servers it may be sent to (see {@link AgentSecrets}); never logged
 * @param journalMaxBytes the cap on the fleet run journal's files in bytes (default 256 MiB); over
 *     it, tool output lines are dropped, never results (see {@code FileRunJournal})
 * @param allowedToolPaths more folders and programs a plan's {@code executable_path} may point at,
 *     besides the tool folders (see {@link ToolPolicy})
 * @param confineTools whether {@code agent run} confines a plan's {@code executable_path} to the
 *     tool folders as fleet mode always does (default false: the original runner's behaviour)
 */
public record AgentConfig(
    Map<String, String> tools,
    @JsonProperty("tool_folders") List<String> toolFolders,
    Map<String, String> labels,
    AgentSecrets secrets,
    @JsonProperty("journal_max_bytes") Long journalMaxBytes,
    @JsonProperty("allowed_tool_paths") List<String> allowedToolPaths,
    @JsonProperty("confine_tools") boolean confineTools) {

  /** The journal cap when {@code journal_max_bytes} is not set: 256 MiB. */
  public static final long DEFAULT_JOURNAL_MAX_BYTES = 256L * 1024 * 1024;

  /** Where {@code run} looks when {@code --config} is not given. */
  public static final String ENV_VAR = "AUTOSERVICE_AGENT_CONFIG";

  @JsonCreator
  public AgentConfig {
    journalMaxBytes = journalMaxBytes == null ? DEFAULT_JOURNAL_MAX_BYTES : journalMaxBytes;
    if (journalMaxBytes < 1) {
      throw new IllegalArgumentException(
          "journal_max_bytes: " + journalMaxBytes + " (expected: a positive number of bytes)");
    }
    tools = tools == null ? Map.of() : upperKeys(tools);
    toolFolders = toolFolders == null ? List.of() : List.copyOf(toolFolders);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    secrets = secrets == null ? AgentSecrets.none() : secrets;
    allowedToolPaths = allowedToolPaths == null ? List.of() : List.copyOf(allowedToolPaths);
    for (int i = 0; i < allowedToolPaths.size(); i++) {
      String entry = allowedToolPaths.get(i);
      if (entry.isBlank()) {
        throw new IllegalArgumentException(
            "allowed_tool_paths[" + i + "]: is empty (expected: a folder or a program)");
      }
      try {
        Path.of(entry);
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException(
            "allowed_tool_paths["
                + i
                + "]: \""
                + entry
                + "\" is not a valid path: "
                + e.getReason());
      }
    }
    List<String> known = Tool.ALL.stream().map(Tool::key).toList();
    for (String key : tools.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            "tools." + key + ": unknown tool (expected one of " + String.join(", ", known) + ")");
      }
    }
  }

  /**
   * A config without {@code journal_max_bytes} (the default cap); each secret bound to
   * api.openai.com only.
   */
  public AgentConfig(
      Map<String, String> tools,
      List<String> toolFolders,
      Map<String, String> labels,
      Map<String, String> secrets) {
    this(tools, toolFolders, labels, secrets, null);
  }

  /** A config without {@code allowed_tool_paths} and {@code confine_tools} (neither set). */
  public AgentConfig(
      Map<String, String> tools,
      List<String> toolFolders,
      Map<String, String> labels,
      Map<String, String> secrets,
      Long journalMaxBytes) {
    this(tools, toolFolders, labels, AgentSecrets.ofValues(secrets), journalMaxBytes, null, false);
  }

  public static AgentConfig empty() {
    return new AgentConfig(null, null, null, null);
  }

  /** Reads a config file; errors name the file and the key. */
  public static AgentConfig load(Path file) throws ConfigException {
    ObjectMapper strict =
        Json.mapper().copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try {
      return strict.readValue(Files.readAllBytes(file), AgentConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(
          file
              + ": unknown key \""
              + e.getPropertyName()
              + "\" (expected: tools, tool_folders, labels, secrets, journal_max_bytes,"
              + " allowed_tool_paths, confine_tools)");
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      throw new ConfigException(
          file + ": " + (cause == e ? e.getOriginalMessage() : cause.getMessage()));
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
        .collect(
            Collectors.toUnmodifiableMap(
                e -> e.getKey().toUpperCase(Locale.ROOT), Map.Entry::getValue));
  }

  /** A config file that cannot be used. */
  public static final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
      super(message);
    }
  }
}
