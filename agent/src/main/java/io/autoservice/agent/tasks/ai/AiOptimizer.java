package io.autoservice.agent.tasks.ai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps both AI tasks share: read the settings, enumerate, ask the model once, check its answer
 * against the enumeration ({@link Recommendations}), and, when asked to, disable what it recommends
 * through the task's {@link Target}. {@link AiOutcomes} builds the result shapes.
 *
 * <p>Nothing the model names is acted on unless it was enumerated. With {@code apply} off nothing
 * is changed at all. The API key is scrubbed from every log line and from the whole outcome.
 */
public final class AiOptimizer<T extends AiCandidate> {
  /** The part that differs per task: what to enumerate and how to disable one thing. */
  public interface Target<T extends AiCandidate> {
    /** Everything that could be disabled; throws only when nothing at all could be read. */
    Listing<T> list(TaskContext ctx) throws IOException;

    /** Disables one enumerated thing in a way that can be undone; never deletes anything. */
    ChangeResult disable(T item, ObjectNode recommendation, TaskContext ctx);
  }

  private final Vocabulary words;
  private final ChatClient client;

  public AiOptimizer(Vocabulary words, ChatClient client) {
    this.words = words;
    this.client = client;
  }

  public TaskOutcome run(TaskContext ctx, Target<T> target) {
    long t0 = System.nanoTime();
    AiSettings s;
    try {
      s = AiSettings.from(ctx, words.inverseFlag());
    } catch (AiSettings.Invalid e) {
      return AiOutcomes.invalidSettings(e);
    }
    ApiKey key = s.key();
    AiOutcomes out = new AiOutcomes(words, s.model(), s.apply());
    TaskOutcome outcome = runWith(ctx, target, s, out, t0);
    return AiOutcomes.scrubbed(outcome, key);
  }

  private TaskOutcome runWith(
      TaskContext ctx, Target<T> target, AiSettings s, AiOutcomes out, long t0) {
    ApiKey key = s.key();
    ctx.log(
        key.scrub(
            "AI "
                + words.noun()
                + ": "
                + (s.apply() ? "applying changes" : "preview only, nothing is changed")
                + "; model "
                + s.model()
                + " at "
                + s.endpoint()
                + "; API key from "
                + key.source()));
    ctx.progress(5, "listing " + words.noun());
    Listing<T> listing;
    try {
      listing = target.list(ctx);
    } catch (IOException | UncheckedIOException | SecurityException e) {
      return out.enumerationFailed(key.scrub(String.valueOf(e.getMessage())), secs(t0));
    }
    listing.notes().forEach(n -> ctx.log(key.scrub("note: " + n)));
    ctx.log("Found " + listing.items().size() + " " + words.noun());
    Map<String, T> byId = new LinkedHashMap<>();
    listing.items().stream()
        .filter(AiCandidate::offerToModel)
        .forEach(i -> byId.putIfAbsent(i.id(), i));
    if (byId.isEmpty()) {
      ctx.progress(100, "nothing to analyse");
      if (!listing.items().isEmpty()) {
        ctx.log("All " + listing.items().size() + " " + words.noun() + " are already disabled");
      }
      return out.finished(listing, Recommendations.none(), new Applied(), Json.object(), secs(t0));
    }

    ctx.progress(20, "asking " + s.model() + " about " + byId.size() + " " + words.noun());
    ctx.log(key.scrub("Sending " + byId.size() + " " + words.noun() + " to " + s.model()));
    ChatClient.Reply reply;
    try {
      reply =
          client.complete(
              s,
              words.systemPrompt(),
              userMessage(byId.values()),
              words.temperature(),
              ctx.cancellation(),
              ctx.remaining());
    } catch (ChatClient.Failed f) {
      ctx.log(key.scrub("AI analysis failed: " + f.getMessage()));
      return out.aiFailed(listing, f, secs(t0));
    }
    Recommendations recs = Recommendations.from(reply.content(), byId.keySet());
    recs.notes().forEach(n -> ctx.log(key.scrub("note: " + n)));
    ctx.log(
        "The model recommends disabling "
            + recs.toDisable().size()
            + " and keeping "
            + recs.keepEnabled().size());

    Applied applied = new Applied();
    int n = recs.toDisable().size();
    for (int i = 0; i < n; i++) {
      ObjectNode rec = recs.toDisable().get(i);
      T item = byId.get(rec.get("id").asText());
      if (!s.apply()) {
        ctx.log(key.scrub("Recommended: " + item.label() + " — " + rec.path("reason").asText("")));
        continue;
      }
      if (ctx.cancellation().isCancelled()) {
        applied.skipped.add(entry(item, "reason", "not applied: " + ctx.cancellation().reason()));
        continue;
      }
      ctx.progress(60 + 35.0 * i / n, "disabling " + item.label());
      ChangeResult r;
      try {
        r = target.disable(item, rec, ctx);
      } catch (RuntimeException e) {
        r = ChangeResult.failed("unexpected: " + e);
      }
      switch (r.kind()) {
        case DISABLED -> {
          ObjectNode d = entry(item, null, null);
          for (String f : words.recommendationFields()) {
            if (rec.has(f)) {
              d.set(f, rec.get(f).deepCopy());
            }
          }
          d.setAll(r.facts());
          applied.disabled.add(d);
          ctx.log(
              key.scrub(
                  "Disabled "
                      + item.label()
                      + "; to undo: "
                      + r.facts().path("restore").asText("")));
        }
        case SKIPPED -> {
          applied.skipped.add(entry(item, "reason", r.detail()));
          ctx.log(key.scrub("Skipped " + item.label() + ": " + r.detail()));
        }
        case FAILED -> {
          applied.errors.add(entry(item, "error", r.detail()));
          ctx.log(key.scrub("Could not disable " + item.label() + ": " + r.detail()));
        }
      }
    }
    ctx.progress(100, "done");
    return out.finished(listing, recs, applied, reply.usage(), secs(t0));
  }

  /** The user message: the count, the rule about ids, and the candidates as JSON. */
  String userMessage(Iterable<T> items) {
    ArrayNode list = Json.array();
    items.forEach(i -> list.add(i.forModel()));
    return "Analyze these "
        + list.size()
        + " "
        + words.noun()
        + " and answer with the JSON object described. "
        + "Use each id exactly as given.\n\n"
        + Json.pretty(list);
  }

  private ObjectNode entry(T item, String key, String value) {
    ObjectNode e = Json.object();
    e.put("id", item.id());
    e.put(words.labelKey(), item.label());
    if (key != null) {
      e.put(key, value);
    }
    return e;
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  /** What the apply step did. */
  static final class Applied {
    final List<ObjectNode> disabled = new ArrayList<>();
    final List<ObjectNode> skipped = new ArrayList<>();
    final List<ObjectNode> errors = new ArrayList<>();
  }
}
