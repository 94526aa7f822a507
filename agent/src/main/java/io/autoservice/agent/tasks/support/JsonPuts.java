package io.autoservice.agent.tasks.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import java.util.Collection;

/**
 * Result keys whose value may be unknown. The original UI reads an unknown value as JSON {@code
 * null} (the key present), so {@code put*} write {@code null} for a missing value; {@code
 * putIfKnown} leave the key out instead, for keys the original only wrote when it had a value.
 */
public final class JsonPuts {
  private JsonPuts() {}

  public static ObjectNode put(ObjectNode o, String key, Boolean v) {
    return v == null ? o.putNull(key) : o.put(key, v.booleanValue());
  }

  public static ObjectNode put(ObjectNode o, String key, Integer v) {
    return v == null ? o.putNull(key) : o.put(key, v.intValue());
  }

  public static ObjectNode put(ObjectNode o, String key, Long v) {
    return v == null ? o.putNull(key) : o.put(key, v.longValue());
  }

  /** A number, or null when unknown or not finite (JSON has no NaN). */
  public static ObjectNode put(ObjectNode o, String key, Double v) {
    return v == null || !Double.isFinite(v) ? o.putNull(key) : o.put(key, v.doubleValue());
  }

  /** A number rounded to {@code decimals} places (see {@link Json#round}), or null. */
  public static ObjectNode put(ObjectNode o, String key, Double v, int decimals) {
    return v == null || !Double.isFinite(v) ? o.putNull(key) : o.put(key, Json.round(v, decimals));
  }

  public static ObjectNode put(ObjectNode o, String key, String v) {
    return v == null ? o.putNull(key) : o.put(key, v);
  }

  public static ObjectNode put(ObjectNode o, String key, JsonNode v) {
    return v == null ? o.putNull(key) : o.set(key, v);
  }

  /** The strings as a JSON array; an empty one when there are none (null included). */
  public static ObjectNode putStrings(ObjectNode o, String key, Collection<String> v) {
    return o.set(key, strings(v));
  }

  /** The strings as a JSON array (a {@code command}, {@code notes}); empty for null. */
  public static ArrayNode strings(Collection<String> v) {
    ArrayNode a = Json.array();
    if (v != null) {
      v.forEach(a::add);
    }
    return a;
  }

  /** The text, or no key at all when it is null. */
  public static ObjectNode putIfKnown(ObjectNode o, String key, String v) {
    return v == null ? o : o.put(key, v);
  }
}
