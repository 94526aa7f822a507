package io.autoservice.agent.tasks.diskcheck;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Small helpers the disk task handlers share: drive parameters, text tails, JSON values. */
final class DiskText {
  /** A drive as a task may name it: one letter, optionally with a colon. Nothing else. */
  static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:?$");

  private DiskText() {}

  /** {@code c}, {@code C:} → {@code C:}; anything else (paths, options, spaces) → empty. */
  static Optional<String> drive(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.strip();
    if (!DRIVE.matcher(v).matches()) {
      return Optional.empty();
    }
    return Optional.of(v.substring(0, 1).toUpperCase(Locale.ROOT) + ":");
  }

  /** The last {@code max} characters of {@code s}. */
  static String tail(String s, int max) {
    return s.length() <= max ? s : s.substring(s.length() - max);
  }

  /** The last non-blank line, stripped, or null. */
  static String lastNonBlank(List<String> lines) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      String s = lines.get(i);
      if (s != null && !s.isBlank()) {
        return s.strip();
      }
    }
    return null;
  }

  /** The last {@code n} non-blank lines, stripped, joined with " | " for a one-line reason. */
  static String lastLines(List<String> lines, int n) {
    StringBuilder sb = new StringBuilder();
    int taken = 0;
    for (int i = lines.size() - 1; i >= 0 && taken < n; i--) {
      String s = lines.get(i);
      if (s != null && !s.isBlank()) {
        sb.insert(0, taken == 0 ? s.strip() : s.strip() + " | ");
        taken++;
      }
    }
    return sb.toString();
  }

  static ArrayNode array(List<String> items) {
    ArrayNode a = Json.array();
    items.forEach(a::add);
    return a;
  }

  static void putLong(ObjectNode node, String key, Long v) {
    if (v == null) {
      node.putNull(key);
    } else {
      node.put(key, v.longValue());
    }
  }

  static void putNum(ObjectNode node, String key, Double v, int decimals) {
    if (v == null || !Double.isFinite(v)) {
      node.putNull(key);
    } else {
      node.put(key, Json.round(v, decimals));
    }
  }
}
