package io.autoservice.controller.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.autoservice.common.result.TaskResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a task result's fields as the rules name them ({@code drives}, {@code usage_percent}),
 * wherever the report keeps them: under {@code summary.results} (our agents) or flat in {@code
 * summary} (the original runner's shape). Dotted paths walk objects; nothing here throws on an
 * unexpected shape.
 */
final class ResultFields {
  /** A path deeper than this is refused: rules are short, reports are hostile. */
  private static final int MAX_DEPTH = 8;

  /** Items read from one array at most: a report with a million drives is not a million alerts. */
  static final int MAX_ITEMS = 64;

  private ResultFields() {}

  /** The node a rule's {@code items} path names in a result, or the result's fields themselves. */
  static List<JsonNode> items(TaskResult r, String itemsPath) {
    JsonNode results = r.summary().path("results");
    if (itemsPath == null || itemsPath.isEmpty()) {
      return List.of(results.isObject() && results.size() > 0 ? results : r.summary());
    }
    JsonNode arr = at(results, itemsPath);
    if (!arr.isArray()) {
      arr = at(r.summary(), itemsPath);
    }
    List<JsonNode> out = new ArrayList<>();
    if (arr.isArray()) {
      for (JsonNode n : arr) {
        if (out.size() == MAX_ITEMS) {
          break;
        }
        if (n.isObject()) {
          out.add(n);
        }
      }
    }
    return out;
  }

  /** The node at a dotted path, or a missing node. */
  static JsonNode at(JsonNode from, String path) {
    JsonNode n = from == null ? MissingNode.getInstance() : from;
    String[] parts = path.split("\\.", MAX_DEPTH + 1);
    if (parts.length > MAX_DEPTH) {
      return MissingNode.getInstance();
    }
    for (String p : parts) {
      n = n.isObject() ? n.path(p) : MissingNode.getInstance();
    }
    return n;
  }

  /** A field as short text for a message, {@code ?} when it is not a scalar. */
  static String text(JsonNode item, String path) {
    JsonNode v = at(item, path);
    if (!v.isValueNode() || v.isNull()) {
      return "?";
    }
    String s = v.asText();
    return s.length() <= 120 ? s : s.substring(0, 119) + "…";
  }
}
