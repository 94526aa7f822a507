package io.autoservice.agent.tasks.ai.notifications;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The notification permissions in a Chromium profile's {@code Preferences} file (JSON): {@code
 * profile.content_settings.exceptions.notifications} maps a site pattern ({@code
 * https://www.example.com:443,*}) to {@code {"setting": 1 (allow) | 2 (block), "last_modified":
 * "<µs since 1601>"}}. Pure: bytes in, bytes out.
 */
final class ChromiumPreferences {
  private ChromiumPreferences() {}

  static final int ALLOW = 1;
  static final int BLOCK = 2;

  /** Microseconds from 1601-01-01 (Chromium's time base) to 1970-01-01. */
  static final long EPOCH_1601_MICROS = 11_644_473_600_000_000L;

  /** Numbers read and written back exactly (no float rounding, no lost digits). */
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  /** An allowed site and its {@code last_modified} (or null). */
  record Allowed(String origin, String lastModified) {}

  /** The sites allowed to notify; a file that is not a JSON object is an {@link IOException}. */
  static List<Allowed> allowed(byte[] json) throws IOException {
    JsonNode root = read(json);
    List<Allowed> out = new ArrayList<>();
    JsonNode map = notifications(root);
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode setting = e.getValue().path("setting");
      if (setting.isNumber() && setting.asInt() == ALLOW) {
        JsonNode lm = e.getValue().get("last_modified");
        out.add(new Allowed(e.getKey(), lm == null || lm.isNull() ? null : lm.asText()));
      }
    }
    return out;
  }

  /**
   * The file with {@code origin}'s notifications set to block and its {@code last_modified} set to
   * {@code now}; everything else as it was (key order and numbers kept, written compact as Chromium
   * writes it).
   *
   * @throws IOException if the file is not JSON or {@code origin} is not an allowed site in it
   */
  static byte[] block(byte[] json, String origin, Instant now) throws IOException {
    JsonNode root = read(json);
    JsonNode entry = notifications(root).get(origin);
    if (entry == null || !entry.isObject()) {
      throw new IOException("the site is no longer in the notification permissions");
    }
    ObjectNode e = (ObjectNode) entry;
    e.put("setting", BLOCK);
    e.put("last_modified", Long.toString(chromiumTime(now)));
    return MAPPER.writeValueAsBytes(root);
  }

  /** {@code t} in Chromium's time base: microseconds since 1601-01-01. */
  static long chromiumTime(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000 + EPOCH_1601_MICROS;
  }

  private static JsonNode read(byte[] json) throws IOException {
    JsonNode root = MAPPER.readTree(json);
    if (root == null || !root.isObject()) {
      throw new IOException("not a JSON object");
    }
    return root;
  }

  private static JsonNode notifications(JsonNode root) {
    JsonNode n =
        root.path("profile").path("content_settings").path("exceptions").path("notifications");
    return n.isObject() ? n : MAPPER.createObjectNode();
  }
}
