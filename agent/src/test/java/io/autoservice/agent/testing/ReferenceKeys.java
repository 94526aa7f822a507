package io.autoservice.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Compares the keys of the original UI's sample results with ours: every key path the sample's
 * {@code summary} has must exist in our result's summary laid flat (the {@code autoservice}
 * dialect's shape), so the original renderers find what they read. Values are not compared: the
 * samples are invented numbers.
 */
public final class ReferenceKeys {
  private ReferenceKeys() {}

  /**
   * Key paths present in {@code reference} but missing in {@code ours} (e.g. {@code
   * latency_ms.avg}, {@code drives[].usage_percent}). For lists, the keys of the reference's items
   * are looked up in our first item; an empty list on our side checks nothing below it.
   */
  public static List<String> missing(JsonNode reference, JsonNode ours) {
    List<String> out = new ArrayList<>();
    walk("", reference, ours, out);
    return out;
  }

  private static void walk(String path, JsonNode ref, JsonNode ours, List<String> out) {
    if (ref.isObject()) {
      if (!ours.isObject()) {
        out.add(path.isEmpty() ? "(root)" : path + " (expected an object)");
        return;
      }
      for (Iterator<String> it = ref.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        String child = path.isEmpty() ? key : path + "." + key;
        if (!ours.has(key)) {
          out.add(child);
        } else {
          walk(child, ref.get(key), ours.get(key), out);
        }
      }
    } else if (ref.isArray() && ref.size() > 0 && ref.get(0).isObject()) {
      if (!ours.isArray()) {
        out.add(path + " (expected a list)");
      } else if (ours.size() > 0) {
        for (JsonNode item : ref) {
          walk(path + "[]", item, ours.get(0), out);
        }
      }
    }
  }
}
