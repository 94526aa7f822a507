package io.autoservice.common.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.plan.PlanLimits;
import io.autoservice.common.text.SafeText;
import io.autoservice.proto.v1.ParamKind;
import io.autoservice.proto.v1.TaskParam;
import io.autoservice.proto.v1.TaskSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Task parameter schemas ({@link ParamSchema}) to the wire's {@code TaskSchema} and back. The agent
 * sends its handlers' schemas in Hello; the controller checks plans against them at dispatch. What
 * comes from an agent is hostile: counts, names and choices are bounded, and a schema that breaks a
 * bound is refused whole, naming its field.
 */
public final class TaskSchemaWire {
  public static final int MAX_SCHEMAS = 256;
  public static final int MAX_PARAMS = 64;
  public static final int MAX_CHOICES = 64;
  public static final int MAX_CHOICE_CHARS = 128;
  public static final int MAX_DEFAULT_JSON_CHARS = 1024;
  public static final int MAX_DESCRIPTION_CHARS = 200;
  private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

  private TaskSchemaWire() {}

  public static TaskSchema toProto(String taskType, ParamSchema schema) {
    TaskSchema.Builder b = TaskSchema.newBuilder().setTaskType(taskType);
    for (ParamSpec s : schema.specs()) {
      TaskParam.Builder p =
          TaskParam.newBuilder()
              .setName(s.name())
              .setKind(kind(s.type()))
              .setRequired(s.required())
              .addAllChoices(s.choices());
      if (s.min() != null) {
        p.setMin(s.min());
      }
      if (s.max() != null) {
        p.setMax(s.max());
      }
      if (s.defaultValue() != null && !s.defaultValue().isNull()) {
        String json = s.defaultValue().toString();
        if (json.length() <= MAX_DEFAULT_JSON_CHARS) {
          p.setDefaultJson(json);
        }
      }
      String d = s.description();
      p.setDescription(
          d.length() <= MAX_DESCRIPTION_CHARS ? d : d.substring(0, MAX_DESCRIPTION_CHARS));
      b.addParams(p);
    }
    return b.build();
  }

  /**
   * The schemas by task type. Throws {@link IllegalArgumentException} naming the field (e.g. {@code
   * task_schemas[2].params[0].name: …}) when any is malformed or past a bound.
   */
  public static Map<String, ParamSchema> fromProto(List<TaskSchema> schemas) {
    if (schemas.size() > MAX_SCHEMAS) {
      throw new IllegalArgumentException(
          "task_schemas: " + schemas.size() + " schemas (expected: at most " + MAX_SCHEMAS + ")");
    }
    Map<String, ParamSchema> out = new LinkedHashMap<>();
    for (int i = 0; i < schemas.size(); i++) {
      TaskSchema t = schemas.get(i);
      String place = "task_schemas[" + i + "]";
      if (!PlanLimits.TASK_TYPE.matcher(t.getTaskType()).matches()) {
        throw new IllegalArgumentException(
            place
                + ".task_type: expected 1-64 lower-case letters, digits or '_' but got "
                + quote(t.getTaskType()));
      }
      if (out.containsKey(t.getTaskType())) {
        throw new IllegalArgumentException(
            place + ".task_type: \"" + t.getTaskType() + "\" is given twice");
      }
      if (t.getParamsCount() > MAX_PARAMS) {
        throw new IllegalArgumentException(
            place
                + ".params: "
                + t.getParamsCount()
                + " parameters (expected: at most "
                + MAX_PARAMS
                + ")");
      }
      List<ParamSpec> specs = new ArrayList<>();
      for (int j = 0; j < t.getParamsCount(); j++) {
        specs.add(spec(place + ".params[" + j + "]", t.getParams(j)));
      }
      try {
        out.put(t.getTaskType(), ParamSchema.of(specs.toArray(ParamSpec[]::new)));
      } catch (IllegalArgumentException duplicate) {
        throw new IllegalArgumentException(place + ".params: " + duplicate.getMessage());
      }
    }
    return out;
  }

  private static ParamSpec spec(String place, TaskParam p) {
    if (!PARAM_NAME.matcher(p.getName()).matches()) {
      throw new IllegalArgumentException(
          place + ".name: expected 1-64 letters, digits or '_' but got " + quote(p.getName()));
    }
    if ((p.hasMin() && !Double.isFinite(p.getMin()))
        || (p.hasMax() && !Double.isFinite(p.getMax()))) {
      throw new IllegalArgumentException(place + ": min and max must be finite numbers");
    }
    if (p.getChoicesCount() > MAX_CHOICES) {
      throw new IllegalArgumentException(
          place
              + ".choices: "
              + p.getChoicesCount()
              + " choices (expected: at most "
              + MAX_CHOICES
              + ")");
    }
    for (String c : p.getChoicesList()) {
      if (c.length() > MAX_CHOICE_CHARS || SafeText.hasControls(c)) {
        throw new IllegalArgumentException(
            place
                + ".choices: "
                + quote(c)
                + " is not 0-"
                + MAX_CHOICE_CHARS
                + " characters without control characters");
      }
    }
    if (p.getDescription().length() > MAX_DESCRIPTION_CHARS
        || SafeText.hasControls(p.getDescription())) {
      throw new IllegalArgumentException(
          place
              + ".description: expected at most "
              + MAX_DESCRIPTION_CHARS
              + " characters without control characters");
    }
    return new ParamSpec(
        p.getName(),
        type(p.getKind()),
        p.getRequired(),
        defaultValue(place, p.getDefaultJson()),
        p.hasMin() ? p.getMin() : null,
        p.hasMax() ? p.getMax() : null,
        p.getChoicesList(),
        p.getDescription());
  }

  private static JsonNode defaultValue(String place, String json) {
    if (json.isEmpty()) {
      return null;
    }
    if (json.length() > MAX_DEFAULT_JSON_CHARS) {
      throw new IllegalArgumentException(
          place
              + ".default_json: "
              + json.length()
              + " characters (expected: at most "
              + MAX_DEFAULT_JSON_CHARS
              + ")");
    }
    try {
      return Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(place + ".default_json: not JSON");
    }
  }

  private static String quote(String s) {
    return "\"" + SafeText.line(s.length() <= 80 ? s : s.substring(0, 80) + "…") + "\"";
  }

  static ParamKind kind(ParamType t) {
    return switch (t) {
      case STRING -> ParamKind.PARAM_KIND_STRING;
      case INTEGER -> ParamKind.PARAM_KIND_INTEGER;
      case NUMBER -> ParamKind.PARAM_KIND_NUMBER;
      case BOOLEAN -> ParamKind.PARAM_KIND_BOOLEAN;
      case STRING_LIST -> ParamKind.PARAM_KIND_STRING_LIST;
      case OBJECT -> ParamKind.PARAM_KIND_OBJECT;
      case ANY -> ParamKind.PARAM_KIND_ANY;
    };
  }

  /** A kind from a newer agent is not checked here; the agent checks it. */
  static ParamType type(ParamKind k) {
    return switch (k) {
      case PARAM_KIND_STRING -> ParamType.STRING;
      case PARAM_KIND_INTEGER -> ParamType.INTEGER;
      case PARAM_KIND_NUMBER -> ParamType.NUMBER;
      case PARAM_KIND_BOOLEAN -> ParamType.BOOLEAN;
      case PARAM_KIND_STRING_LIST -> ParamType.STRING_LIST;
      case PARAM_KIND_OBJECT -> ParamType.OBJECT;
      default -> ParamType.ANY;
    };
  }
}
