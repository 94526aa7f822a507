package io.autoservice.common.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The hostile inputs the property tests are unlikely to stumble on: deep nesting, huge keys and
 * values, oversized plans that did not come through the parser, and numbers JSON cannot write.
 */
class PlanLimitsTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private static PlanException refusal(String json) {
    return assertTimeoutPreemptively(
        BOUND, () -> assertThrows(PlanException.class, () -> PlanParser.parse(json)));
  }

  @Test
  void shouldRefuseDeepNestingAsInvalidJsonNotAStackOverflow() {
    // given: 200,000 nested lists, far past Jackson's nesting limit
    String json = "[".repeat(200_000) + "]".repeat(200_000);

    // when
    PlanException e = refusal(json);

    // then
    assertThat(e.problems()).singleElement().asString().startsWith("plan: invalid JSON");
  }

  @Test
  void shouldRefuseADuplicateKeyOfMegabytesQuicklyWithAShortMessage() {
    // given: Jackson names a duplicate key; neither it nor the message clean-up may blow up
    for (String key : List.of(" ".repeat(1_900_000), "k".repeat(1_900_000))) {
      String json = "{\"" + key + "\":1,\"" + key + "\":2}";

      // when
      PlanException e = refusal(json);

      // then
      assertThat(e.getMessage()).startsWith("plan: invalid JSON").hasSizeLessThan(3_000);
    }
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void shouldReadNoMoreThanTheLimitFromAFileWithoutASize() {
    // given: a device reports size 0 and never ends
    Path endless = Path.of("/dev/zero");

    // when
    PlanException e =
        assertTimeoutPreemptively(
            BOUND, () -> assertThrows(PlanException.class, () -> PlanParser.parseFile(endless)));

    // then
    assertThat(e.problems()).containsExactly("plan: /dev/zero is larger than 4194304 bytes");
  }

  @Test
  void shouldQuoteOnlyTheStartOfAHugeValueInAProblem() {
    // given: a 1 MB type name of the wrong kind... as a list element
    String big = "x".repeat(1_000_000);
    String json = "{\"tasks\":[{\"type\":[\"" + big + "\"]},\"" + big + "\"]}";

    // when
    PlanException e = refusal(json);

    // then
    assertThat(e.problems())
        .containsExactly(
            "tasks[0].type: expected a task type name, got a list",
            "tasks[1]: expected a task object, got the string \""
                + "x".repeat(199)
                + "… (1000002 characters)");
  }

  @Test
  void shouldRefuseTenThousandTasksFromTheWireByCount() {
    // given: a plan built without the parser, as the wire mapper builds it
    List<TaskSpec> tasks = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      tasks.add(new TaskSpec(i, null, "hello_service", Json.object()));
    }

    // when
    List<String> problems = PlanGate.problems(new Plan(tasks, Json.object()));

    // then
    assertThat(problems).containsExactly("tasks: 10000 tasks (expected: at most 1000)");
  }

  @Test
  void shouldRefuseAPlanLargerThanTheLimitAsJson() {
    // given: one task whose parameters together are past the limit
    ObjectNode params = Json.object();
    for (int i = 0; i < 5; i++) {
      params.put("name" + i, "y".repeat(PlanLimits.MAX_STRING_CHARS));
    }
    Plan plan = new Plan(List.of(new TaskSpec(0, null, "hello_service", params)), Json.object());

    // when
    List<String> problems = PlanGate.problems(plan);

    // then
    assertThat(problems)
        .containsExactly("plan: more than 4194304 bytes as JSON (expected: at most 4194304)");
  }

  @Test
  void shouldAcceptAPlanJustWithinTheLimits() {
    List<TaskSpec> tasks = new ArrayList<>();
    for (int i = 0; i < PlanParser.MAX_TASKS; i++) {
      tasks.add(
          new TaskSpec(i, "t" + i, "hello_service", Json.object().put("name", "z".repeat(4_000))));
    }

    assertThat(PlanGate.problems(new Plan(tasks, Json.object()))).isEmpty();
  }

  @Test
  void shouldRefuseNaNAndInfinitiesThatOnlyTheWireCanCarry() {
    // given: a Struct number is a double, so a plan from the controller can hold these
    ParamSchema schema =
        ParamSchema.of(
            ParamSpec.optional("timeout_seconds", ParamType.NUMBER, "").withRange(0.001, 100.0),
            ParamSpec.optional("ratio", ParamType.NUMBER, ""),
            ParamSpec.optional("count", ParamType.INTEGER, ""));
    ObjectNode params = Json.object();
    params.set("timeout_seconds", DoubleNode.valueOf(Double.NaN));
    params.set("ratio", DoubleNode.valueOf(Double.POSITIVE_INFINITY));
    params.set("count", JsonNodeFactory.instance.numberNode(BigInteger.TEN.pow(400)));

    // when
    List<String> problems = schema.validate("tasks[0]", params);

    // then
    assertThat(problems)
        .containsExactly(
            "tasks[0].timeout_seconds: NaN is out of range (expected: 0.001 to 100)",
            "tasks[0].ratio: Infinity is out of range (expected: a finite number)",
            "tasks[0].count: 1"
                + "0".repeat(199)
                + "… (401 characters) is out of range (expected: a finite number)");
  }

  @Test
  void shouldQuoteOnlyTheStartOfAHugeChoice() {
    ParamSchema schema =
        ParamSchema.of(ParamSpec.optional("mode", ParamType.STRING, "").withChoices("a", "b"));

    List<String> problems =
        schema.validate("tasks[3]", Json.object().put("mode", "q".repeat(100_000)));

    assertThat(problems)
        .singleElement()
        .asString()
        .startsWith("tasks[3].mode: \"qqq")
        .endsWith("… (100000 characters)\" is not one of a, b")
        .hasSizeLessThan(300);
  }
}
