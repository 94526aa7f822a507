package io.autoservice.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of JSON trees for the property tests: any JSON value, biased towards the keys and
 * shapes a plan has, so that the generated inputs reach past the first "expected an object".
 */
final class JsonArbitraries {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Keys a plan or a task uses, and a few that mean nothing. */
  static final List<String> KEYS =
      List.of(
          "tasks",
          "type",
          "params",
          "id",
          "metadata",
          "name",
          "count",
          "host",
          "timeout_seconds",
          "executable_path",
          "seconds",
          "",
          " ",
          "ui_label",
          "TYPE");

  private JsonArbitraries() {}

  /** Any text, lone surrogates and NUL included. */
  static Arbitrary<String> anyText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(24),
        Arbitraries.of(
            "sfc_scan",
            "ping_test",
            "hello_service",
            "",
            " ",
            "\u0000",
            "..",
            "{",
            "\"",
            "\uD800",
            "tasks",
            "Zoë",
            "\u202Etxt.exe"));
  }

  /** Text that survives UTF-8 and back (no lone surrogates). */
  static Arbitrary<String> encodableText() {
    return Arbitraries.oneOf(
        Arbitraries.strings()
            .withCharRange('\u0000', '\uD7FF')
            .withCharRange('\uE000', '\uFFFF')
            .ofMaxLength(24),
        Arbitraries.of("sfc_scan", "Zoë", "日本語", "emoji \uD83D\uDE00", ""));
  }

  static Arbitrary<String> key(Arbitrary<String> text) {
    return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(KEYS)), Tuple.of(1, text));
  }

  /** Null, booleans, numbers of every node kind Jackson reads back as such, and text. */
  static Arbitrary<JsonNode> scalar(Arbitrary<String> text) {
    return Arbitraries.oneOf(
        Arbitraries.just(F.nullNode()),
        Arbitraries.of(true, false).map(F::booleanNode),
        Arbitraries.integers().map(F::numberNode),
        Arbitraries.longs()
            .filter(l -> l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)
            .map(F::numberNode),
        Arbitraries.bigIntegers()
            .between(BigInteger.TEN.pow(19), BigInteger.TEN.pow(40))
            .map(F::numberNode),
        Arbitraries.doubles().map(F::numberNode),
        Arbitraries.of(0.5, -0.0, 1e308, 4.9e-324, 3.0).map(F::numberNode),
        text.map(F::textNode));
  }

  /** Any JSON value up to {@code depth} levels of lists and objects. */
  static Arbitrary<JsonNode> value(int depth, Arbitrary<String> text) {
    if (depth <= 0) {
      return scalar(text);
    }
    return Arbitraries.frequencyOf(
        Tuple.of(4, scalar(text)),
        Tuple.of(1, array(depth - 1, text).map(a -> a)),
        Tuple.of(2, object(depth - 1, text).map(o -> o)));
  }

  static Arbitrary<ArrayNode> array(int depth, Arbitrary<String> text) {
    return value(depth, text)
        .list()
        .ofMaxSize(4)
        .map(
            items -> {
              ArrayNode a = F.arrayNode();
              items.forEach(a::add);
              return a;
            });
  }

  static Arbitrary<ObjectNode> object(int depth, Arbitrary<String> text) {
    return Combinators.combine(key(text), value(depth, text))
        .as(Tuple::of)
        .list()
        .ofMaxSize(5)
        .map(
            fields -> {
              ObjectNode o = F.objectNode();
              fields.forEach(f -> o.set(f.get1(), f.get2()));
              return o;
            });
  }

  /** A task object as a plan would write it: mostly a text type, the rest anything. */
  static Arbitrary<JsonNode> taskLike(Arbitrary<String> text) {
    Arbitrary<JsonNode> type =
        Arbitraries.frequencyOf(Tuple.of(4, text.map(F::textNode)), Tuple.of(1, value(1, text)));
    return Combinators.combine(type, object(2, text), Arbitraries.integers().between(0, 3))
        .as(
            (t, rest, shape) -> {
              ObjectNode task = rest.deepCopy();
              if (shape != 3) {
                task.set("type", t);
              }
              if (shape == 1 && !task.has("params")) {
                task.set("params", F.objectNode().put("name", "x"));
              }
              return (JsonNode) task;
            });
  }

  /** Roots shaped like plans in each accepted form, and not. */
  static Arbitrary<JsonNode> planLike(Arbitrary<String> text) {
    Arbitrary<JsonNode> tasks =
        Arbitraries.frequencyOf(Tuple.of(4, taskLike(text)), Tuple.of(1, value(1, text)))
            .list()
            .ofMaxSize(5)
            .map(
                items -> {
                  ArrayNode a = F.arrayNode();
                  items.forEach(a::add);
                  return a;
                });
    Arbitrary<JsonNode> wrapped =
        Combinators.combine(tasks, value(2, text), Arbitraries.integers().between(0, 2))
            .as(
                (list, meta, shape) -> {
                  ObjectNode root = F.objectNode();
                  root.set("tasks", shape == 2 ? meta : list);
                  if (shape == 1) {
                    root.set("metadata", meta);
                  }
                  return (JsonNode) root;
                });
    return Arbitraries.oneOf(wrapped, tasks, taskLike(text), value(3, text));
  }
}
