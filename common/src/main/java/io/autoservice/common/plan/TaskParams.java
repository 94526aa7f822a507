package io.autoservice.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed, read-only access to a task's validated parameters, with the schema's defaults applied.
 * Handlers read parameters only through this, so a default lives in one place: the schema.
 */
public final class TaskParams {
  private final ObjectNode raw;
  private final ParamSchema schema;

  public TaskParams(ObjectNode raw, ParamSchema schema) {
    this.raw = raw;
    this.schema = schema;
  }

  /** The value given, else the schema's default, else empty. */
  public Optional<JsonNode> get(String name) {
    JsonNode v = raw.get(name);
    if (v != null && !v.isNull()) {
      return Optional.of(v);
    }
    return schema.spec(name).map(ParamSpec::defaultValue);
  }

  public boolean has(String name) {
    JsonNode v = raw.get(name);
    return v != null && !v.isNull();
  }

  public Optional<String> string(String name) {
    return get(name).map(JsonNode::asText);
  }

  public Optional<Long> integer(String name) {
    return get(name).map(JsonNode::asLong);
  }

  public Optional<Double> number(String name) {
    return get(name).map(JsonNode::asDouble);
  }

  public boolean flag(String name) {
    return get(name).map(JsonNode::asBoolean).orElse(false);
  }

  public List<String> strings(String name) {
    List<String> out = new ArrayList<>();
    get(name).ifPresent(v -> v.forEach(item -> out.add(item.asText())));
    return out;
  }

  /** The parameters as the plan gave them. */
  public ObjectNode raw() {
    return raw;
  }
}
