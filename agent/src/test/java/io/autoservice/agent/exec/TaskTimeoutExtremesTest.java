package io.autoservice.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.BuiltinTasks;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.plan.TaskParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The deterministic edge of {@link PlanValidatorPropertiesTest}: for every built-in task and every
 * numeric parameter, the extreme values its schema accepts (its bounds, or the largest and smallest
 * numbers a plan can write when it has none) must leave the executor able to compute the task's
 * timeout. The executor does that before the task starts and outside the task's own error handling,
 * so a handler that throws there would end {@code agent run} with a stack trace and no report,
 * which no plan may do.
 */
class TaskTimeoutExtremesTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  @TestFactory
  Stream<DynamicTest> shouldComputeATimeoutForEveryExtremeValueASchemaAccepts() {
    List<DynamicTest> tests = new ArrayList<>();
    for (boolean windows : List.of(true, false)) {
      for (TaskHandler handler : BuiltinTasks.registry(windows).all()) {
        ParamSchema schema = PlanValidator.schemaFor(handler);
        ObjectNode base = requiredParams(schema);
        for (ParamSpec spec : schema.specs()) {
          if (spec.type() != ParamType.INTEGER && spec.type() != ParamType.NUMBER) {
            continue;
          }
          for (JsonNode value : extremes(spec)) {
            ObjectNode params = base.deepCopy();
            params.set(spec.name(), value);
            String name =
                (windows ? "windows " : "")
                    + handler.descriptor().type()
                    + "."
                    + spec.name()
                    + " = "
                    + value;
            tests.add(
                dynamicTest(
                    name,
                    () -> {
                      if (!schema.validate("tasks[0]", params).isEmpty()) {
                        return; // refused before it runs: nothing to compute
                      }
                      TaskParams p = new TaskParams(params, schema);
                      Duration timeout;
                      try {
                        timeout =
                            p.number(PlanValidator.TIMEOUT_SECONDS.name())
                                .map(s -> Duration.ofNanos((long) (s * 1e9)))
                                .orElseGet(() -> handler.defaultTimeout(p));
                      } catch (RuntimeException e) {
                        throw new AssertionError(
                            name + " is accepted, but the task's timeout cannot be computed: " + e,
                            e);
                      }
                      assertThat(timeout).as(name).isPositive();
                    }));
          }
        }
      }
    }
    return tests.stream();
  }

  /** The bounds, else the largest and smallest numbers JSON can write for the kind. */
  private static List<JsonNode> extremes(ParamSpec spec) {
    List<JsonNode> out = new ArrayList<>();
    boolean integer = spec.type() == ParamType.INTEGER;
    if (spec.max() != null) {
      out.add(integer ? F.numberNode((long) Math.floor(spec.max())) : F.numberNode(spec.max()));
    } else {
      out.add(F.numberNode(Long.MAX_VALUE));
      out.add(F.numberNode(1e300));
    }
    if (spec.min() != null) {
      out.add(integer ? F.numberNode((long) Math.ceil(spec.min())) : F.numberNode(spec.min()));
    } else {
      out.add(F.numberNode(Long.MIN_VALUE));
      out.add(F.numberNode(-1e300));
    }
    return out;
  }

  /** A valid value for each required parameter, so that the one under test decides. */
  private static ObjectNode requiredParams(ParamSchema schema) {
    ObjectNode params = F.objectNode();
    for (ParamSpec spec : schema.specs()) {
      if (!spec.required()) {
        continue;
      }
      String choice = spec.choices().isEmpty() ? null : spec.choices().get(0);
      switch (spec.type()) {
        case STRING -> params.put(spec.name(), choice == null ? "127.0.0.1" : choice);
        case INTEGER, NUMBER ->
            params.put(spec.name(), spec.min() != null ? Math.ceil(spec.min()) : 1);
        case BOOLEAN -> params.put(spec.name(), false);
        case STRING_LIST -> params.putArray(spec.name()).add(choice == null ? "x" : choice);
        case OBJECT -> params.putObject(spec.name());
        case ANY -> params.put(spec.name(), "x");
      }
    }
    return params;
  }
}
