package io.autoservice.controller.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * One test of a report field: {@code field op value}. The field comes from an agent's report, so
 * anything may be there: a number compares only with a number, text and booleans compare as text,
 * and a field that is missing or of another kind never matches (except {@code ne}, for which a
 * missing field is "not equal": violations found and not said repaired are not repaired).
 */
record FieldCondition(String field, Op op, String value) {

  enum Op {
    EQ,
    NE,
    GT,
    GTE,
    LT,
    LTE;

    static Op parse(String s, String key) {
      for (Op o : values()) {
        if (o.name().equalsIgnoreCase(s == null ? "" : s.strip())) {
          return o;
        }
      }
      throw new IllegalArgumentException(
          key + ": '" + s + "' (expected: eq, ne, gt, gte, lt or lte)");
    }

    String symbol() {
      return switch (this) {
        case EQ -> "=";
        case NE -> "≠";
        case GT -> ">";
        case GTE -> "≥";
        case LT -> "<";
        case LTE -> "≤";
      };
    }
  }

  /** Whether {@code item}'s field meets the condition. */
  boolean test(JsonNode item) {
    JsonNode v = ResultFields.at(item, field);
    if (v.isMissingNode() || v.isNull()) {
      return op == Op.NE;
    }
    if (op == Op.EQ || op == Op.NE) {
      boolean equal =
          v.isNumber() && isNumber(value)
              ? v.asDouble() == Double.parseDouble(value)
              : (v.isTextual() || v.isBoolean() || v.isNumber())
                  && v.asText().toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT));
      return (op == Op.EQ) == equal;
    }
    if (!v.isNumber() || !isNumber(value)) {
      return false;
    }
    double x = v.asDouble();
    double limit = Double.parseDouble(value);
    return switch (op) {
      case GT -> x > limit;
      case GTE -> x >= limit;
      case LT -> x < limit;
      case LTE -> x <= limit;
      default -> false;
    };
  }

  private static boolean isNumber(String s) {
    try {
      double d = Double.parseDouble(s);
      return Double.isFinite(d);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
