package io.autoservice.common.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A settings record built from layers, each key remembering where its value came from: defaults
 * (the record's own) &lt; a JSON file &lt; {@code AUTOSERVICE_<KEY>} environment variables &lt;
 * command-line flags. The record's constructor still validates the merged result; its errors are
 * re-worded to name the file, variable or flag the bad value came from.
 */
public final class LayeredSettings<T extends Record> {
  /** AutoService variables that are not settings (the console's, the agent's tasks'). */
  private static final java.util.Set<String> OTHER_VARIABLES =
      java.util.Set.of(
          "AUTOSERVICE_CONTROLLER",
          "AUTOSERVICE_TOKEN",
          "AUTOSERVICE_TOKEN_FILE",
          "AUTOSERVICE_CA_FILE",
          "AUTOSERVICE_AGENT_CONFIG",
          "AUTOSERVICE_OPENAI_KEY",
          "AUTOSERVICE_CBS_LOG",
          "AUTOSERVICE_OEM_CODEPAGE",
          "AUTOSERVICE_POWER_SUPPLY_DIR");

  private static final ObjectMapper STRICT =
      Json.mapper().copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Class<T> type;
  private final List<SettingKey> keys;
  private final Map<String, SettingKey> byName = new LinkedHashMap<>();
  private final ObjectNode merged = Json.object();
  private final Map<String, SettingSource> sources = new LinkedHashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private Path file;

  private LayeredSettings(Class<T> type) {
    this.type = type;
    this.keys = SettingKey.of(type);
    keys.forEach(k -> byName.put(k.name(), k));
  }

  public static <T extends Record> LayeredSettings<T> of(Class<T> type) {
    return new LayeredSettings<>(type);
  }

  public List<SettingKey> keys() {
    return keys;
  }

  /** The file's keys over the defaults; a key the record does not have is refused. */
  public LayeredSettings<T> file(Path file) throws SettingsException {
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      throw new SettingsException(file + ": not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new SettingsException(file + ": cannot read: " + e.getMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new SettingsException(file + ": expected a JSON object of settings");
    }
    this.file = file;
    for (Map.Entry<String, JsonNode> e : tree.properties()) {
      if (!byName.containsKey(e.getKey())) {
        throw new SettingsException(
            file + ": unknown key \"" + e.getKey() + "\" (expected: " + names() + ")");
      }
      put(e.getKey(), e.getValue(), SettingSource.file(file));
    }
    return this;
  }

  /**
   * Each {@code AUTOSERVICE_<KEY>} variable over the file. Other {@code AUTOSERVICE_} variables are
   * not refused: agent secrets and tool paths live in such variables under names no list can know
   * (a config's {@code env:AUTOSERVICE_…} secrets), so refusing unknown ones would stop a working
   * agent. One a typo away from a setting would silently do nothing, so it gets a warning.
   */
  public LayeredSettings<T> env(Map<String, String> env) throws SettingsException {
    Map<String, SettingKey> byVar = new TreeMap<>();
    keys.forEach(k -> byVar.put(k.envVar(), k));
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String var = e.getKey();
      if (!var.startsWith(SettingKey.ENV_PREFIX)) {
        continue;
      }
      SettingKey key = byVar.get(var);
      if (key != null) {
        put(key.name(), EnvValue.parse(var, key.kind(), e.getValue()), SettingSource.env(var));
      } else if (!OTHER_VARIABLES.contains(var) && !var.startsWith("AUTOSERVICE_TOOL_")) {
        NearMiss.of(var, byVar.keySet())
            .ifPresent(
                near ->
                    warnings.add(
                        var + " is not a setting (did you mean " + near + "?); it is ignored"));
      }
    }
    return this;
  }

  /** A flag's value over everything else; {@code null} (flag not given) changes nothing. */
  public LayeredSettings<T> flag(String key, String flag, Object value) {
    if (value != null) {
      if (!byName.containsKey(key)) {
        throw new IllegalArgumentException("not a setting: " + key);
      }
      put(key, Json.mapper().valueToTree(value.toString()), SettingSource.flag(flag));
    }
    return this;
  }

  /** The record from the merged layers, with each key's source. */
  public ResolvedSettings<T> resolve() throws SettingsException {
    T settings;
    try {
      settings = STRICT.treeToValue(merged, type);
    } catch (JsonMappingException e) {
      String key = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
      Throwable cause = e.getCause();
      String message =
          cause instanceof IllegalArgumentException
              ? cause.getMessage()
              : (key == null ? "" : key + ": ") + e.getOriginalMessage();
      throw new SettingsException(blame(message, key));
    } catch (JsonProcessingException e) {
      throw new SettingsException(e.getOriginalMessage());
    }
    Map<String, SettingSource> all = new LinkedHashMap<>();
    keys.forEach(k -> all.put(k.name(), sources.getOrDefault(k.name(), SettingSource.DEFAULT)));
    return new ResolvedSettings<>(settings, keys, all, merged.deepCopy(), warnings);
  }

  /** The message prefixed with where the key it starts with was set (file, variable or flag). */
  private String blame(String message, String pathKey) {
    String key = pathKey;
    for (SettingKey k : keys) {
      if (message.startsWith(k.name() + ":")
          || message.startsWith(k.name() + "[")
          || message.startsWith(k.name() + ".")) {
        key = k.name();
        break;
      }
    }
    SettingSource source = key == null ? null : sources.get(key);
    if (source == null) {
      return file == null || key != null ? message : file + ": " + message;
    }
    return switch (source.kind()) {
      case "file" -> source.where() + ": " + message;
      default -> source.errorPrefix() + ": " + message;
    };
  }

  private void put(String key, JsonNode value, SettingSource source) {
    merged.set(key, value);
    sources.put(key, source);
  }

  private String names() {
    return keys.stream().map(SettingKey::name).collect(Collectors.joining(", "));
  }
}
