package io.autoservice.agent.tasks.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.support.JsonPuts;
import io.autoservice.common.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model's answer checked against what was enumerated. Pure; never throws.
 *
 * <p>Expected: {@code {analysis_summary:{…}, to_disable:[{id, …}], keep_enabled:[{id, …}]}}. What
 * cannot be used is left out with a note, never acted on: a missing or non-list section (taken as
 * empty), an entry that is not an object or has no text {@code id}, an id that was not enumerated
 * (the model invented it: listed in {@link #ignored} as {@code not_found_in_enumeration}), an id
 * recommended twice, and an id the model put in both lists (kept enabled: the safe reading).
 *
 * @param toDisable usable recommendations to disable, in the model's order (copies of its entries)
 * @param keepEnabled entries for enumerated ids the model wants kept
 * @param analysisSummary the model's {@code analysis_summary} object (empty if absent)
 * @param ignored {@code {id, reason}} for each recommendation to disable that was left out
 * @param notes one line per problem found in the answer
 */
public record Recommendations(
    List<ObjectNode> toDisable,
    List<ObjectNode> keepEnabled,
    ObjectNode analysisSummary,
    List<ObjectNode> ignored,
    List<String> notes) {

  public Recommendations {
    toDisable = List.copyOf(toDisable);
    keepEnabled = List.copyOf(keepEnabled);
    ignored = List.copyOf(ignored);
    notes = List.copyOf(notes);
  }

  /** No recommendations (nothing was enumerated, so the model was not asked). */
  public static Recommendations none() {
    return new Recommendations(List.of(), List.of(), Json.object(), List.of(), List.of());
  }

  /** Reads {@code content} (the model's JSON object) against the enumerated {@code knownIds}. */
  public static Recommendations from(JsonNode content, Set<String> knownIds) {
    List<String> notes = new ArrayList<>();
    List<ObjectNode> ignored = new ArrayList<>();
    JsonNode root = content == null ? Json.object() : content;

    Map<String, ObjectNode> keep = new LinkedHashMap<>();
    int unknownKept = 0;
    for (JsonNode e : section(root, "keep_enabled", notes)) {
      String id = id(e);
      if (id == null) {
        notes.add("an entry of keep_enabled without an id was ignored");
      } else if (!knownIds.contains(id)) {
        unknownKept++;
      } else {
        keep.putIfAbsent(id, ((ObjectNode) e).deepCopy());
      }
    }
    if (unknownKept > 0) {
      notes.add(unknownKept + " keep_enabled id(s) the model invented were ignored");
    }

    Map<String, ObjectNode> disable = new LinkedHashMap<>();
    Set<String> both = new LinkedHashSet<>();
    for (JsonNode e : section(root, "to_disable", notes)) {
      String id = id(e);
      if (id == null) {
        notes.add("an entry of to_disable without an id was ignored");
        ignored.add(ignoredEntry(e.isObject() ? e.path("id").asText(null) : null, "no_id"));
      } else if (!knownIds.contains(id)) {
        notes.add("the model recommended \"" + id + "\", which was not enumerated: ignored");
        ignored.add(ignoredEntry(id, "not_found_in_enumeration"));
      } else if (keep.containsKey(id)) {
        both.add(id);
      } else if (disable.putIfAbsent(id, ((ObjectNode) e).deepCopy()) != null) {
        notes.add("\"" + id + "\" was recommended twice; counted once");
      }
    }
    for (String id : both) {
      notes.add("the model listed \"" + id + "\" both to disable and to keep: kept enabled");
      ignored.add(ignoredEntry(id, "also_in_keep_enabled"));
    }

    JsonNode summary = root.get("analysis_summary");
    ObjectNode analysis;
    if (summary != null && summary.isObject()) {
      analysis = ((ObjectNode) summary).deepCopy();
    } else {
      analysis = Json.object();
      notes.add("the model's answer has no analysis_summary");
    }
    return new Recommendations(
        new ArrayList<>(disable.values()),
        new ArrayList<>(keep.values()),
        analysis,
        ignored,
        notes);
  }

  private static List<JsonNode> section(JsonNode root, String key, List<String> notes) {
    JsonNode list = root.get(key);
    List<JsonNode> out = new ArrayList<>();
    if (list == null || list.isNull()) {
      notes.add("the model's answer has no " + key + " list (taken as empty)");
    } else if (!list.isArray()) {
      notes.add("the model's " + key + " is not a list (ignored)");
    } else {
      list.forEach(out::add);
    }
    return out;
  }

  private static String id(JsonNode e) {
    if (e == null || !e.isObject()) {
      return null;
    }
    JsonNode id = e.get("id");
    return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
  }

  private static ObjectNode ignoredEntry(String id, String reason) {
    ObjectNode n = JsonPuts.put(Json.object(), "id", id);
    n.put("reason", reason);
    return n;
  }
}
