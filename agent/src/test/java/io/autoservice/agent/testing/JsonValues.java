package io.autoservice.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * JSON values for the agent's property tests: anything a plan from a file or from the wire can
 * carry (NaN and infinities included, which only a {@code Struct} can), biased towards the values
 * parameters are checked against (small numbers, the choices tasks offer, path-like text).
 */
public final class JsonValues {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private JsonValues() {}

  public static Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(20),
        Arbitraries.of(
            "",
            " ",
            "C",
            "C:",
            "127.0.0.1",
            "example.org",
            "checkhealth",
            "scanhealth",
            "restorehealth",
            "quick",
            "full",
            "sequential_read",
            "random_read",
            "tcp",
            "udp",
            "..\\data\\programs\\x.exe",
            "/bin/sh",
            "\u0000",
            "-n",
            "; rm -rf /",
            "$(reboot)"));
  }

  public static Arbitrary<JsonNode> scalar() {
    return Arbitraries.oneOf(
        Arbitraries.just(F.nullNode()),
        Arbitraries.of(true, false).map(F::booleanNode),
        Arbitraries.integers().between(-5, 100).map(F::numberNode),
        Arbitraries.integers().map(F::numberNode),
        Arbitraries.longs().map(F::numberNode),
        Arbitraries.doubles().map(F::numberNode),
        Arbitraries.doubles().between(-1, 1_000).map(F::numberNode),
        Arbitraries.of(
            DoubleNode.valueOf(Double.NaN),
            DoubleNode.valueOf(Double.POSITIVE_INFINITY),
            DoubleNode.valueOf(Double.NEGATIVE_INFINITY),
            DoubleNode.valueOf(-0.0),
            DoubleNode.valueOf(1e300),
            F.numberNode(BigInteger.TEN.pow(30)),
            F.numberNode(Long.MAX_VALUE),
            F.numberNode(Long.MIN_VALUE)),
        text().map(F::textNode));
  }

  public static Arbitrary<JsonNode> value(int depth) {
    if (depth <= 0) {
      return scalar();
    }
    Arbitrary<JsonNode> list =
        value(depth - 1)
            .list()
            .ofMaxSize(4)
            .map(
                items -> {
                  ArrayNode a = F.arrayNode();
                  items.forEach(a::add);
                  return a;
                });
    Arbitrary<JsonNode> texts =
        text()
            .list()
            .ofMaxSize(4)
            .map(
                items -> {
                  ArrayNode a = F.arrayNode();
                  items.forEach(a::add);
                  return a;
                });
    return Arbitraries.frequencyOf(
        Tuple.of(6, scalar()),
        Tuple.of(1, list),
        Tuple.of(1, texts),
        Tuple.of(1, object(depth - 1, List.of())));
  }

  /** An object whose keys are mostly the given names. */
  public static Arbitrary<ObjectNode> object(int depth, List<String> names) {
    Arbitrary<String> key =
        names.isEmpty()
            ? text()
            : Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(names)), Tuple.of(1, text()));
    return Combinators.combine(key, value(depth))
        .as(Tuple::of)
        .list()
        .ofMaxSize(6)
        .map(
            fields -> {
              ObjectNode o = F.objectNode();
              fields.forEach(f -> o.set(f.get1(), f.get2()));
              return o;
            });
  }
}
