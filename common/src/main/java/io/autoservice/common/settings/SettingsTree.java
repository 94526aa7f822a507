package io.autoservice.common.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autoservice.common.json.Json;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * A settings record as the JSON a settings file would hold: snake_case keys, paths as written
 * (Jackson's own would turn {@code data} into {@code file:///…/data}), nested records alike.
 */
public final class SettingsTree {
  private SettingsTree() {}

  public static ObjectNode of(Record settings) {
    ObjectNode o = Json.object();
    for (SettingKey k : SettingKey.of(settings.getClass())) {
      o.set(k.name(), render(value(k, settings)));
    }
    return o;
  }

  /** One value as JSON. */
  public static JsonNode render(Object value) {
    if (value == null) {
      return NullNode.getInstance();
    }
    if (value instanceof Path p) {
      return TextNode.valueOf(p.toString());
    }
    if (value instanceof Record r) {
      return of(r);
    }
    if (value instanceof Collection<?> c) {
      var a = Json.array();
      c.forEach(item -> a.add(render(item)));
      return a;
    }
    if (value instanceof Map<?, ?> m) {
      ObjectNode o = Json.object();
      m.forEach((k, v) -> o.set(String.valueOf(k), render(v)));
      return o;
    }
    return Json.mapper().valueToTree(value);
  }

  static Object value(SettingKey key, Record settings) {
    try {
      return key.component().getAccessor().invoke(settings);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + key.name(), e);
    }
  }
}
