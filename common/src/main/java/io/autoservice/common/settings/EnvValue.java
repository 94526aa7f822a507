package io.autoservice.common.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.text.SafeText;

/** An environment variable's text as the JSON value a settings file would hold. */
final class EnvValue {
  private EnvValue() {}

  static JsonNode parse(String var, SettingKey.Kind kind, String text) throws SettingsException {
    String v = text.strip();
    return switch (kind) {
      case TEXT -> TextNode.valueOf(text);
      case NUMBER -> {
        try {
          yield LongNode.valueOf(Long.parseLong(v));
        } catch (NumberFormatException e) {
          throw new SettingsException(var + ": " + quoted(text) + " is not a number");
        }
      }
      case BOOLEAN -> {
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
          throw new SettingsException(var + ": " + quoted(text) + " is not true or false");
        }
        yield BooleanNode.valueOf(v.equalsIgnoreCase("true"));
      }
      case LIST -> v.startsWith("[") ? json(var, v, true) : commaList(v);
      case JSON -> json(var, v, false);
    };
  }

  private static ArrayNode commaList(String v) {
    ArrayNode a = Json.array();
    for (String item : v.split(",")) {
      if (!item.isBlank()) {
        a.add(item.strip());
      }
    }
    return a;
  }

  private static JsonNode json(String var, String v, boolean array) throws SettingsException {
    JsonNode node;
    try {
      node = Json.mapper().readTree(v);
    } catch (JsonProcessingException e) {
      throw new SettingsException(var + ": not JSON: " + e.getOriginalMessage());
    }
    if (node == null || (array ? !node.isArray() : !node.isObject())) {
      throw new SettingsException(
          var + ": expected " + (array ? "a JSON array or a comma list" : "a JSON object"));
    }
    return node;
  }

  private static String quoted(String text) {
    return "\"" + SafeText.line(text) + "\"";
  }
}
