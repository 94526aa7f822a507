package io.autoservice.agent.tasks.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The result shapes of the AI tasks (docs/tasks.md). The original's summary is {@code
 * {human_readable, results}}; as for every task here, the original's summary keys other than {@code
 * human_readable} go into our {@code summary.results}, so {@code summary.results.results} holds the
 * original's {@code results} object and the desktop dialect (which lays {@code summary.results}
 * flat) gives the original UI exactly the shape it reads.
 */
final class AiOutcomes {
  private final Vocabulary w;
  private final String model;
  private final boolean apply;

  AiOutcomes(Vocabulary w, String model, boolean apply) {
    this.w = w;
    this.model = model;
    this.apply = apply;
  }

  /** The settings are unusable: {@code results{error_type[, required]}}. */
  static TaskOutcome invalidSettings(AiSettings.Invalid e) {
    ObjectNode hr = Json.object().put("error", e.getMessage()).put("reason", e.getMessage());
    ObjectNode r = Json.object().put("error_type", e.errorType());
    if (e.errorType().equals("missing_parameters")) {
      r.putArray("required").add("api_key").add("model");
    }
    return TaskOutcome.of(TaskStatus.ERROR, hr, wrap(r));
  }

  TaskOutcome enumerationFailed(String message, double secs) {
    String m = "Failed to enumerate " + w.noun() + ": " + message;
    ObjectNode hr =
        Json.object()
            .put("error", m)
            .put("reason", m)
            .put("model_used", model)
            .put("duration_seconds", Json.round(secs, 2));
    ObjectNode r = Json.object().put("error_type", "enumeration_failed").put("enumerated_count", 0);
    return TaskOutcome.of(TaskStatus.ERROR, hr, wrap(r));
  }

  /** The model could not be asked or its answer not read: everything enumerated is still listed. */
  TaskOutcome aiFailed(Listing<?> listing, ChatClient.Failed f, double secs) {
    String m = "AI analysis failed: " + f.getMessage();
    ObjectNode hr =
        Json.object()
            .put("error", m)
            .put("reason", m)
            .put("items_enumerated", listing.items().size())
            .put("model_used", model)
            .put("duration_seconds", Json.round(secs, 2));
    notes(hr, listing.notes(), List.of());
    ObjectNode r = Json.object();
    r.put("error_type", "ai_failed");
    r.put("failure_kind", f.kind());
    r.put("enumerated_count", listing.items().size());
    ArrayNode items = r.putArray(w.errorItemsKey());
    listing.items().forEach(i -> items.add(i.toJson()));
    return TaskOutcome.of(TaskStatus.ERROR, hr, wrap(r));
  }

  /** The analysis, and what applying it did; see the handlers for the status rules. */
  TaskOutcome finished(
      Listing<?> listing,
      Recommendations recs,
      AiOptimizer.Applied a,
      ObjectNode usage,
      double secs) {
    int disabled = a.disabled.size();
    int skipped = a.skipped.size();
    int errors = a.errors.size();
    TaskStatus status = TaskStatus.SUCCESS;
    String reason = null;
    if (apply && errors > 0) {
      status = disabled > 0 ? TaskStatus.WARNING : TaskStatus.ERROR;
      JsonNode first = a.errors.get(0);
      reason =
          errors
              + " of "
              + recs.toDisable().size()
              + " recommended "
              + w.noun()
              + " could not be disabled"
              + " (first: "
              + first.path(w.labelKey()).asText()
              + ": "
              + first.path("error").asText()
              + ")";
    } else if (apply && skipped > 0) {
      status = TaskStatus.WARNING;
      JsonNode first = a.skipped.get(0);
      reason =
          skipped
              + " of "
              + recs.toDisable().size()
              + " recommendations were not applied"
              + " (first: "
              + first.path(w.labelKey()).asText()
              + ": "
              + first.path("reason").asText()
              + ")";
    }

    ObjectNode hr = Json.object();
    hr.put("mode", apply ? Vocabulary.APPLIED_MODE : w.previewMode());
    hr.put(w.hrTotal(), listing.items().size());
    hr.put("recommendations", recs.toDisable().size());
    hr.put(w.hrDisabled(), disabled);
    hr.put(w.hrSkipped(), skipped);
    hr.put("errors", errors);
    hr.put(w.hrKept(), recs.keepEnabled().size());
    JsonNode estimate = recs.analysisSummary().get(w.estimateSource());
    hr.put(
        w.hrEstimate(),
        estimate != null && estimate.isValueNode() && !estimate.asText().isBlank()
            ? estimate.asText()
            : "Unknown");
    hr.put("model_used", model);
    hr.put("duration_seconds", Json.round(secs, 2));
    notes(hr, listing.notes(), recs.notes());
    if (reason != null) {
      hr.put("reason", reason);
    }

    ObjectNode r = Json.object();
    r.put("enumerated_count", listing.items().size());
    ArrayNode all = r.putArray(w.allKey());
    listing.items().forEach(i -> all.add(i.toJson()));
    r.set("to_disable", array(recs.toDisable()));
    r.set("keep_enabled", array(recs.keepEnabled()));
    r.set("analysis_summary", recs.analysisSummary());
    r.set("disabled", array(a.disabled));
    r.set("skipped", array(a.skipped));
    r.set("errors", array(a.errors));
    r.put("applied", apply);
    r.set("ai_usage", usage == null ? Json.object() : usage);
    r.set("ignored_recommendations", array(recs.ignored()));
    return TaskOutcome.of(status, hr, wrap(r));
  }

  /** The outcome with every text containing the key masked (the model's server could echo it). */
  static TaskOutcome scrubbed(TaskOutcome o, ApiKey key) {
    return new TaskOutcome(
        o.status(),
        (ObjectNode) scrub(o.summary().deepCopy(), key),
        (ObjectNode) scrub(o.extra().deepCopy(), key));
  }

  private static JsonNode scrub(JsonNode n, ApiKey key) {
    if (n.isObject()) {
      ObjectNode o = (ObjectNode) n;
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        e.setValue(scrub(e.getValue(), key));
      }
    } else if (n.isArray()) {
      ArrayNode a = (ArrayNode) n;
      for (int i = 0; i < a.size(); i++) {
        a.set(i, scrub(a.get(i), key));
      }
    } else if (n.isTextual()) {
      String s = key.scrub(n.asText());
      return s.equals(n.asText()) ? n : TextNode.valueOf(s);
    }
    return n;
  }

  private static void notes(ObjectNode hr, List<String> a, List<String> b) {
    ArrayNode notes = hr.putArray("notes");
    a.forEach(notes::add);
    b.forEach(notes::add);
  }

  private static ArrayNode array(List<ObjectNode> list) {
    ArrayNode a = Json.array();
    list.forEach(a::add);
    return a;
  }

  private static ObjectNode wrap(ObjectNode results) {
    return Json.object().set("results", results);
  }
}
