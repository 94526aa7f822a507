package io.autoservice.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters a task type accepts. Keys it does not name are ignored: the AutoService UI adds
 * its own ({@code ui_label}, {@code isDiagnostic}) and the original runner ignored them too.
 */
public final class ParamSchema {
  private final Map<String, ParamSpec> specs = new LinkedHashMap<>();

  private ParamSchema(List<ParamSpec> specs) {
    for (ParamSpec s : specs) {
      if (this.specs.put(s.name(), s) != null) {
        throw new IllegalArgumentException("duplicate parameter: " + s.name());
      }
    }
  }

  public static ParamSchema of(ParamSpec... specs) {
    return new ParamSchema(List.of(specs));
  }

  /** This schema plus more parameters (the executor adds {@code timeout_seconds} to every task). */
  public ParamSchema plus(ParamSpec... more) {
    List<ParamSpec> all = new ArrayList<>(specs.values());
    all.addAll(List.of(more));
    return new ParamSchema(all);
  }

  public List<ParamSpec> specs() {
    return List.copyOf(specs.values());
  }

  public Optional<ParamSpec> spec(String name) {
    return Optional.ofNullable(specs.get(name));
  }

  /**
   * Every problem with the given parameters, each naming its place, e.g. {@code tasks[2].count:
   * expected an integer, got the string "four"}. An explicit {@code null} counts as absent.
   */
  public List<String> validate(String place, ObjectNode params) {
    List<String> problems = new ArrayList<>();
    for (ParamSpec spec : specs.values()) {
      JsonNode value = params.get(spec.name());
      String where = place + "." + spec.name();
      if (value == null || value.isNull()) {
        if (spec.required()) {
          problems.add(where + ": is required (" + spec.type().expected() + ")");
        }
        continue;
      }
      if (!spec.type().accepts(value)) {
        problems.add(
            where + ": expected " + spec.type().expected() + ", got " + PlanParser.kind(value));
        continue;
      }
      if (value.isNumber()) {
        double d = value.asDouble();
        // NaN and infinities: JSON cannot write them, but a plan from the wire (Struct doubles)
        // can, a huge integer becomes one, and NaN would pass every range comparison.
        boolean finite = Double.isFinite(d);
        if (!finite
            || (spec.min() != null && d < spec.min())
            || (spec.max() != null && d > spec.max())) {
          String expected =
              spec.min() == null && spec.max() == null ? "a finite number" : range(spec);
          problems.add(
              where
                  + ": "
                  + shortText(value.asText())
                  + " is out of range (expected: "
                  + expected
                  + ")");
        }
      }
      if (!spec.choices().isEmpty() && value.isArray()) {
        for (JsonNode item : value) {
          if (spec.choices().stream().noneMatch(c -> c.equalsIgnoreCase(item.asText()))) {
            problems.add(
                where
                    + ": \""
                    + shortText(item.asText())
                    + "\" is not one of "
                    + String.join(", ", spec.choices()));
          }
        }
      }
      if (!spec.choices().isEmpty() && value.isTextual()) {
        String v = value.asText().toLowerCase(Locale.ROOT);
        if (spec.choices().stream().noneMatch(c -> c.equalsIgnoreCase(v))) {
          problems.add(
              where
                  + ": \""
                  + shortText(value.asText())
                  + "\" is not one of "
                  + String.join(", ", spec.choices()));
        }
      }
    }
    return problems;
  }

  private static String shortText(String text) {
    return PlanParser.shorten(text, PlanParser.MAX_QUOTED);
  }

  private static String range(ParamSpec s) {
    if (s.min() != null && s.max() != null) {
      return fmt(s.min()) + " to " + fmt(s.max());
    }
    return s.min() != null ? ">= " + fmt(s.min()) : "<= " + fmt(s.max());
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
