package io.autoservice.controller.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Defensive reads of an agent's result JSON: a value of the wrong kind reads as absent, never as an
 * exception, and strings are looked at only up to a bound.
 */
final class Read {
  private static final int MAX_SCANNED = 200;
  private static final Pattern NUMBER = Pattern.compile("-?\\d{1,12}(?:\\.\\d{1,6})?");

  private Read() {}

  /** A JSON number (or a plain numeric string), else null. */
  static Double number(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return null;
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    if (n.isTextual() && n.asText().length() <= 40) {
      String s = n.asText().strip();
      if (NUMBER.matcher(s).matches()) {
        return Double.parseDouble(s);
      }
    }
    return null;
  }

  /** The first of these that is a number. */
  static Double first(JsonNode... nodes) {
    for (JsonNode n : nodes) {
      Double v = number(n);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /**
   * The largest number written in a short text such as {@code "45 °C"} or {@code "30–43 °C"} (a
   * drive's hottest sensor is the one that matters), else null.
   */
  static Double largestIn(JsonNode n) {
    if (n == null || n.isNumber()) {
      return number(n);
    }
    if (!n.isTextual()) {
      return null;
    }
    String s = n.asText();
    Matcher m = NUMBER.matcher(s.length() > MAX_SCANNED ? s.substring(0, MAX_SCANNED) : s);
    Double max = null;
    while (m.find()) {
      double v = Double.parseDouble(m.group());
      max = max == null ? v : Math.max(max, v);
    }
    return max;
  }

  /** Text, else null. */
  static String text(JsonNode n) {
    return n != null && n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
  }

  /** The size of an array, else null. */
  static Double size(JsonNode n) {
    return n != null && n.isArray() ? (double) n.size() : null;
  }
}
