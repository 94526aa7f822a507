package io.autoservice.common.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autoservice.common.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A settings record with the source of each key and the warnings met on the way, and the {@code
 * config} commands' view of it: every key's effective value, secrets masked.
 *
 * @param settings the record
 * @param keys its keys in order
 * @param sources each key's source
 * @param given the values as the layers gave them (for JSON values the record cannot print back)
 * @param warnings e.g. a variable a typo away from a setting
 */
public record ResolvedSettings<T extends Record>(
    T settings,
    List<SettingKey> keys,
    Map<String, SettingSource> sources,
    ObjectNode given,
    List<String> warnings) {

  public static final String MASK = "********";

  // Inside a secret's JSON these say where the value is, not what it is.
  private static final Set<String> NOT_SECRET_FIELDS = Set.of("env", "file", "base_urls");

  public ResolvedSettings {
    sources = Map.copyOf(sources);
    warnings = List.copyOf(warnings);
  }

  /** The effective value of {@code key} as JSON, masked when it is a secret. */
  public JsonNode shown(SettingKey key) {
    JsonNode value =
        key.kind() == SettingKey.Kind.JSON && given.has(key.name())
            ? given.get(key.name())
            : SettingsTree.render(SettingsTree.value(key, settings));
    return key.secret() ? mask(value, false) : value;
  }

  /** {@code key = value (source)} lines, one per key. */
  public String text() {
    int width = keys.stream().mapToInt(k -> k.name().length()).max().orElse(0);
    StringBuilder b = new StringBuilder();
    for (SettingKey k : keys) {
      JsonNode v = shown(k);
      String value = v.isTextual() ? v.asText() : Json.compact(v);
      b.append(
          String.format("%-" + width + "s = %s  (%s)%n", k.name(), value, sources.get(k.name())));
    }
    return io.autoservice.common.text.SafeText.lines(b.toString());
  }

  /** {@code {"key": {"value": …, "source": "env AUTOSERVICE_…"}, …}}. */
  public ObjectNode json() {
    ObjectNode o = Json.object();
    for (SettingKey k : keys) {
      ObjectNode entry = o.putObject(k.name());
      entry.set("value", shown(k));
      entry.put("source", sources.get(k.name()).toString());
    }
    return o;
  }

  private static JsonNode mask(JsonNode value, boolean keep) {
    if (keep || value == null || value.isNull() || value.isNumber() || value.isBoolean()) {
      return value;
    }
    if (value.isTextual()) {
      return value.asText().isEmpty() ? value : TextNode.valueOf(MASK);
    }
    if (value.isArray()) {
      var a = Json.array();
      value.forEach(v -> a.add(mask(v, false)));
      return a;
    }
    ObjectNode o = Json.object();
    value
        .properties()
        .forEach(
            e -> o.set(e.getKey(), mask(e.getValue(), NOT_SECRET_FIELDS.contains(e.getKey()))));
    return o;
  }
}
