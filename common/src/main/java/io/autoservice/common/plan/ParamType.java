package io.autoservice.common.plan;

import com.fasterxml.jackson.databind.JsonNode;

/** The JSON kinds a task parameter can take. */
public enum ParamType {
  STRING("a string"),
  INTEGER("an integer"),
  NUMBER("a number"),
  BOOLEAN("true or false"),
  STRING_LIST("a list of strings"),
  OBJECT("an object"),
  ANY("any value");

  private final String expected;

  ParamType(String expected) {
    this.expected = expected;
  }

  /** How messages say what was expected. */
  public String expected() {
    return expected;
  }

  /** Whether a JSON value is of this kind. A whole-valued float counts as an integer. */
  public boolean accepts(JsonNode v) {
    return switch (this) {
      case STRING -> v.isTextual();
      case INTEGER ->
          v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
      case NUMBER -> v.isNumber();
      case BOOLEAN -> v.isBoolean();
      case STRING_LIST -> v.isArray() && allText(v);
      case OBJECT -> v.isObject();
      case ANY -> true;
    };
  }

  private static boolean allText(JsonNode list) {
    for (JsonNode item : list) {
      if (!item.isTextual()) {
        return false;
      }
    }
    return true;
  }
}
