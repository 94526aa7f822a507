package io.autoservice.common.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.Map;

/**
 * JSON trees to {@code google.protobuf.Struct} and back. Struct numbers are doubles, so a whole
 * number comes back as an integer node: {@code 4} survives the trip as {@code 4}, not {@code 4.0}.
 */
public final class StructMapper {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Doubles represent every integer exactly up to 2^53. */
  private static final double EXACT = 9_007_199_254_740_992d;

  private StructMapper() {}

  public static Struct toStruct(ObjectNode node) {
    Struct.Builder b = Struct.newBuilder();
    node.fields().forEachRemaining(f -> b.putFields(f.getKey(), toValue(f.getValue())));
    return b.build();
  }

  public static Value toValue(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    }
    if (node.isObject()) {
      return Value.newBuilder().setStructValue(toStruct((ObjectNode) node)).build();
    }
    if (node.isArray()) {
      ListValue.Builder list = ListValue.newBuilder();
      node.forEach(item -> list.addValues(toValue(item)));
      return Value.newBuilder().setListValue(list).build();
    }
    if (node.isBoolean()) {
      return Value.newBuilder().setBoolValue(node.booleanValue()).build();
    }
    if (node.isNumber()) {
      return Value.newBuilder().setNumberValue(node.doubleValue()).build();
    }
    return Value.newBuilder().setStringValue(node.asText()).build();
  }

  /**
   * Throws {@link IllegalArgumentException} for a Struct nested deeper than {@link #MAX_DEPTH}
   * levels. Decoded bytes never get there (protobuf's default recursion limit of 100 stops a Struct
   * at about 33 levels, the console's Dispatch decoding at 300 at about 150); a Struct built in
   * memory can, and must not overflow the stack. The plan's own, much lower limit is {@code
   * PlanLimits.MAX_DEPTH}, checked by name of field on the JSON.
   */
  public static ObjectNode toJson(Struct struct) {
    return toJson(struct, 1);
  }

  public static JsonNode toJson(Value value) {
    return toJson(value, 1);
  }

  /**
   * Deeper than anything a peer can send (the console decodes with a recursion limit of 300
   * messages, 2 per list level); only a Struct built in memory gets here.
   */
  static final int MAX_DEPTH = 256;

  private static ObjectNode toJson(Struct struct, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("struct: nested deeper than " + MAX_DEPTH + " levels");
    }
    ObjectNode node = F.objectNode();
    for (Map.Entry<String, Value> e : struct.getFieldsMap().entrySet()) {
      node.set(e.getKey(), toJson(e.getValue(), depth + 1));
    }
    return node;
  }

  private static JsonNode toJson(Value value, int depth) {
    switch (value.getKindCase()) {
      case STRUCT_VALUE:
        return toJson(value.getStructValue(), depth);
      case LIST_VALUE:
        if (depth > MAX_DEPTH) {
          throw new IllegalArgumentException("struct: nested deeper than " + MAX_DEPTH + " levels");
        }
        ArrayNode list = F.arrayNode();
        value.getListValue().getValuesList().forEach(v -> list.add(toJson(v, depth + 1)));
        return list;
      case BOOL_VALUE:
        return F.booleanNode(value.getBoolValue());
      case NUMBER_VALUE:
        double d = value.getNumberValue();
        if (d == Math.rint(d) && Math.abs(d) <= EXACT && !Double.isInfinite(d)) {
          return F.numberNode((long) d);
        }
        return F.numberNode(d);
      case STRING_VALUE:
        return F.textNode(value.getStringValue());
      default:
        return F.nullNode();
    }
  }
}
