package io.autoservice.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property-based fuzzing of {@link ParamSchema#validate}: for any schema and any JSON values it
 * returns problems (never throws), each names its parameter, and a value it lets through really has
 * the declared kind, is finite, in range and one of the choices.
 */
class ParamSchemaPropertiesTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> NAMES =
      List.of("count", "host", "mode", "timeout_seconds", "devices", "x");

  record Case(ParamSchema schema, ObjectNode params) {}

  @Property(tries = 2000)
  void shouldNeverThrowAndOnlyLetThroughWhatTheSchemaAllows(@ForAll("cases") Case c) {
    List<String> problems = c.schema().validate("tasks[7]", c.params());

    for (String p : problems) {
      assertThat(p).matches("^tasks\\[7\\]\\.(" + String.join("|", NAMES) + "): .+");
    }
    for (ParamSpec spec : c.schema().specs()) {
      JsonNode v = c.params().get(spec.name());
      boolean named =
          problems.stream().anyMatch(p -> p.startsWith("tasks[7]." + spec.name() + ": "));
      if (v == null || v.isNull()) {
        assertThat(named).as("%s absent", spec.name()).isEqualTo(spec.required());
        continue;
      }
      if (named) {
        continue;
      }
      // Let through: then it is what the spec says.
      assertThat(spec.type().accepts(v)).as("%s kind", spec.name()).isTrue();
      if (v.isNumber()) {
        double d = v.asDouble();
        assertThat(Double.isFinite(d)).as("%s finite", spec.name()).isTrue();
        // Numeric comparison, as the schema makes it: -0.0 is within a range starting at 0.
        if (spec.min() != null) {
          assertThat(d >= spec.min()).as("%s = %s >= %s", spec.name(), d, spec.min()).isTrue();
        }
        if (spec.max() != null) {
          assertThat(d <= spec.max()).as("%s = %s <= %s", spec.name(), d, spec.max()).isTrue();
        }
      }
      if (!spec.choices().isEmpty() && v.isTextual()) {
        assertThat(spec.choices()).anyMatch(choice -> choice.equalsIgnoreCase(v.asText()));
      }
      if (!spec.choices().isEmpty() && v.isArray()) {
        v.forEach(
            item ->
                assertThat(spec.choices())
                    .anyMatch(choice -> choice.equalsIgnoreCase(item.asText())));
      }
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<ParamSpec> spec =
        Combinators.combine(
                Arbitraries.of(ParamType.values()),
                Arbitraries.of(true, false),
                Arbitraries.doubles().between(-1e6, 1e6).injectNull(0.5),
                Arbitraries.doubles().between(-1e6, 1e6).injectNull(0.5),
                Arbitraries.of("a", "B", "checkhealth", "Zoë").list().ofMaxSize(3))
            .as(
                (type, required, min, max, choices) ->
                    new ParamSpec("?", type, required, null, min, max, choices, ""));
    Arbitrary<ParamSchema> schema =
        spec.list()
            .ofMaxSize(NAMES.size())
            .map(
                specs -> {
                  List<ParamSpec> named = new ArrayList<>();
                  for (int i = 0; i < specs.size(); i++) {
                    ParamSpec s = specs.get(i);
                    named.add(
                        new ParamSpec(
                            NAMES.get(i),
                            s.type(),
                            s.required(),
                            null,
                            s.min(),
                            s.max(),
                            s.choices(),
                            ""));
                  }
                  return ParamSchema.of(named.toArray(ParamSpec[]::new));
                });
    Arbitrary<JsonNode> value =
        Arbitraries.oneOf(
            JsonArbitraries.value(2, JsonArbitraries.anyText()),
            Arbitraries.of("a", "b", "CHECKHEALTH", "zoë").map(F::textNode),
            Arbitraries.of("a", "b", "checkhealth")
                .list()
                .ofMaxSize(3)
                .map(
                    l -> {
                      var a = F.arrayNode();
                      l.forEach(a::add);
                      return (JsonNode) a;
                    }),
            Arbitraries.of(
                DoubleNode.valueOf(Double.NaN),
                DoubleNode.valueOf(Double.POSITIVE_INFINITY),
                DoubleNode.valueOf(Double.NEGATIVE_INFINITY),
                F.numberNode(BigInteger.TEN.pow(400)),
                F.numberNode(-0.0),
                F.numberNode(2.5),
                F.numberNode(1e300)));
    Arbitrary<ObjectNode> params =
        Combinators.combine(
                Arbitraries.frequencyOf(
                    Tuple.of(5, Arbitraries.of(NAMES)), Tuple.of(1, JsonArbitraries.anyText())),
                value)
            .as(Tuple::of)
            .list()
            .ofMaxSize(8)
            .map(
                fields -> {
                  Map<String, JsonNode> m = new LinkedHashMap<>();
                  fields.forEach(f -> m.put(f.get1(), f.get2()));
                  ObjectNode o = F.objectNode();
                  m.forEach(o::set);
                  return o;
                });
    return Combinators.combine(schema, params).as(Case::new);
  }
}
