package io.autoservice.agent.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.autoservice.agent.tools.Tool;
import io.autoservice.common.logging.LogSettings;
import io.autoservice.common.settings.LayeredSettings;
import io.autoservice.common.settings.ResolvedSettings;
import io.autoservice.common.settings.SettingsException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
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
 * @param logFormat {@code agent connect}'s log: {@code text} (default) or {@code json}
 * @param logLevel its level; {@code null}: WARN, with connects, runs and disconnects at INFO
 * @param logFile a log file besides stderr, rotated; none by default
 * @param logFileMaxMb the size at which it rolls over (default 10)
 * @param logTotalMaxMb the cap on it and its rolled-over copies (default 100)
 * @param logMaxHistoryDays days rolled-over files are kept (default 14)
 * @param reconnectMaxSeconds {@code agent connect}'s longest wait between reconnect attempts
 *     (default 60): the backoff starts at 1 s and doubles up to it, with full jitter
 */
public record AgentConfig(
    Map<String, String> tools,
    @JsonProperty("tool_folders") List<String> toolFolders,
    Map<String, String> labels,
    AgentSecrets secrets,
    @JsonProperty("journal_max_bytes") Long journalMaxBytes,
    @JsonProperty("allowed_tool_paths") List<String> allowedToolPaths,
    @JsonProperty("confine_tools") boolean confineTools,
    @JsonProperty("log_format") String logFormat,
    @JsonProperty("log_level") String logLevel,
    // A string, as tool_folders: Jackson's Path reads "C:/…" as a URI with scheme C.
    @JsonProperty("log_file") String logFile,
    @JsonProperty("log_file_max_mb") Integer logFileMaxMb,
    @JsonProperty("log_total_max_mb") Integer logTotalMaxMb,
    @JsonProperty("log_max_history_days") Integer logMaxHistoryDays,
    @JsonProperty("reconnect_max_seconds") Integer reconnectMaxSeconds) {

  /** The journal cap when {@code journal_max_bytes} is not set: 256 MiB. */
  public static final long DEFAULT_JOURNAL_MAX_BYTES = 256L * 1024 * 1024;

  /** The reconnect backoff's ceiling when {@code reconnect_max_seconds} is not set. */
  public static final int DEFAULT_RECONNECT_MAX_SECONDS = 60;

  /** Above an hour an agent would look lost long after its controller came back. */
  static final int MAX_RECONNECT_MAX_SECONDS = 3600;

  /** Where {@code run} looks when {@code --config} is not given. */
  public static final String ENV_VAR = "AUTOSERVICE_AGENT_CONFIG";

  @JsonCreator
  public AgentConfig {
    logFileMaxMb = logFileMaxMb == null ? 10 : logFileMaxMb;
    logTotalMaxMb = logTotalMaxMb == null ? 100 : logTotalMaxMb;
    logMaxHistoryDays = logMaxHistoryDays == null ? 14 : logMaxHistoryDays;
    LogSettings log =
        new LogSettings(
            logFormat,
            logLevel == null ? "warn" : logLevel,
            logPath(logFile),
            logFileMaxMb,
            logTotalMaxMb,
            logMaxHistoryDays);
    logFormat = log.format();
    logLevel = logLevel == null ? null : log.level();
    journalMaxBytes = journalMaxBytes == null ? DEFAULT_JOURNAL_MAX_BYTES : journalMaxBytes;
    if (journalMaxBytes < 1) {
      throw new IllegalArgumentException(
          "journal_max_bytes: " + journalMaxBytes + " (expected: a positive number of bytes)");
    }
    reconnectMaxSeconds =
        reconnectMaxSeconds == null ? DEFAULT_RECONNECT_MAX_SECONDS : reconnectMaxSeconds;
    // The backoff's first ceiling is 1 s; a smaller maximum would be below it.
    if (reconnectMaxSeconds < 1 || reconnectMaxSeconds > MAX_RECONNECT_MAX_SECONDS) {
      throw new IllegalArgumentException(
          "reconnect_max_seconds: "
              + reconnectMaxSeconds
              + " (expected: 1 to "
              + MAX_RECONNECT_MAX_SECONDS
              + " seconds)");
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

  /** A config without log settings (stderr, the defaults). */
  public AgentConfig(
      Map<String, String> tools,
      List<String> toolFolders,
      Map<String, String> labels,
      AgentSecrets secrets,
      Long journalMaxBytes,
      List<String> allowedToolPaths,
      boolean confineTools) {
    this(
        tools,
        toolFolders,
        labels,
        secrets,
        journalMaxBytes,
        allowedToolPaths,
        confineTools,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** How {@code agent connect} logs (WARN when {@code log_level} is not set). */
  public LogSettings log() {
    return new LogSettings(
        logFormat,
        logLevel == null ? "warn" : logLevel,
        logPath(logFile),
        logFileMaxMb,
        logTotalMaxMb,
        logMaxHistoryDays);
  }

  /** The longest wait between {@code agent connect}'s reconnect attempts. */
  public Duration reconnectMax() {
    return Duration.ofSeconds(reconnectMaxSeconds);
  }

  public static AgentConfig empty() {
    return new AgentConfig(null, null, null, null);
  }

  /** Reads a config file; errors name the file and the key. */
  public static AgentConfig load(Path file) throws ConfigException {
    try {
      return LayeredSettings.of(AgentConfig.class).file(file).resolve().settings();
    } catch (SettingsException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /**
   * The file named by {@code --config}, else by {@link #ENV_VAR}, else none; then {@code
   * AUTOSERVICE_<KEY>} variables of {@code env} over it.
   */
  public static AgentConfig resolve(Path explicit, Map<String, String> env) throws ConfigException {
    return resolveWithSources(explicit, env).settings();
  }

  /** As {@link #resolve}, with each key's source and the warnings met ({@code agent config}). */
  public static ResolvedSettings<AgentConfig> resolveWithSources(
      Path explicit, Map<String, String> env) throws ConfigException {
    String fromEnv = env.get(ENV_VAR);
    Path file =
        explicit != null
            ? explicit
            : fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
    try {
      LayeredSettings<AgentConfig> layers = LayeredSettings.of(AgentConfig.class);
      if (file != null) {
        layers.file(file);
      }
      return layers.env(env).resolve();
    } catch (SettingsException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static Path logPath(String logFile) {
    if (logFile == null || logFile.isBlank()) {
      return null;
    }
    try {
      return Path.of(logFile);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "log_file: \"" + logFile + "\" is not a valid path: " + e.getReason());
    }
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
