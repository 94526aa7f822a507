package io.autoservice.common.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** The one JSON configuration shared by every module, so reports look the same wherever written. */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  /** Two-space indent and {@code "key": value}, as Python's {@code json.dumps(indent=2)} prints. */
  private static final ObjectWriter PRETTY =
      MAPPER.writer(
          new DefaultPrettyPrinter()
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n"))
              .withSeparators(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

  private Json() {}

  /** The shared mapper. Do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** One line, no spaces: the form marker lines carry. */
  public static String compact(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Two-space indented, the form of the final report on stdout. */
  public static String pretty(JsonNode node) {
    try {
      return PRETTY.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses JSON text, throwing {@link JsonProcessingException} with Jackson's location on error.
   */
  public static JsonNode parse(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }

  /**
   * A copy in which every whole-valued number is an integer node ({@code 0.0} becomes {@code 0}).
   * The wire carries JSON numbers as doubles (protobuf Struct) and gives whole ones back as
   * integers; applying the same rule where results are made keeps a report printed by {@code agent
   * run} and by {@code console run} identical to the character.
   */
  public static JsonNode wholeNumbersAsIntegers(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = object();
      node.fields()
          .forEachRemaining(f -> out.set(f.getKey(), wholeNumbersAsIntegers(f.getValue())));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = array();
      node.forEach(item -> out.add(wholeNumbersAsIntegers(item)));
      return out;
    }
    if (node.isFloatingPointNumber() || node.isBigDecimal()) {
      double d = node.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) <= 9_007_199_254_740_992d && !Double.isInfinite(d)) {
        return JsonNodeFactory.instance.numberNode((long) d);
      }
    }
    return node;
  }

  /** Rounds a duration or measurement for reports (3 decimals is well below timer noise). */
  public static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
