package io.autoservice.common.plan;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One parameter a task accepts.
 *
 * @param name the key in the task object
 * @param type its JSON kind
 * @param required whether a plan must give it
 * @param defaultValue used when absent (may be {@code null})
 * @param min smallest allowed number, or {@code null}
 * @param max largest allowed number, or {@code null}
 * @param choices allowed string values (compared case-insensitively); empty means any
 * @param description one line for {@code --help} and the README's task table
 */
public record ParamSpec(
    String name,
    ParamType type,
    boolean required,
    JsonNode defaultValue,
    Double min,
    Double max,
    List<String> choices,
    String description) {

  public ParamSpec {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    choices = choices == null ? List.of() : List.copyOf(choices);
    description = description == null ? "" : description;
  }

  public static ParamSpec optional(String name, ParamType type, String description) {
    return new ParamSpec(name, type, false, null, null, null, List.of(), description);
  }

  public static ParamSpec required(String name, ParamType type, String description) {
    return new ParamSpec(name, type, true, null, null, null, List.of(), description);
  }

  public ParamSpec withDefault(JsonNode value) {
    return new ParamSpec(name, type, required, value, min, max, choices, description);
  }

  public ParamSpec withRange(Double min, Double max) {
    return new ParamSpec(name, type, required, defaultValue, min, max, choices, description);
  }

  public ParamSpec withChoices(String... values) {
    return new ParamSpec(
        name, type, required, defaultValue, min, max, List.of(values), description);
  }
}
