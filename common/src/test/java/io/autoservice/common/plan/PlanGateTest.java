package io.autoservice.common.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one gate every plan passes, whatever door it came through. */
class PlanGateTest {

  /** {"a":{"a":{…}}} with {@code levels} objects, the outermost included. */
  static ObjectNode nested(int levels) {
    ObjectNode root = Json.object();
    ObjectNode at = root;
    for (int i = 1; i < levels; i++) {
      at = at.putObject("a");
    }
    at.put("leaf", 1);
    return root;
  }

  private static Plan plan(TaskSpec... tasks) {
    return new Plan(List.of(tasks), Json.object());
  }

  @Test
  void shouldAcceptParamsAndMetadataNestedExactlyToTheLimit() {
    // given
    Plan plan = new Plan(List.of(new TaskSpec(0, "t", "hello_service", nested(16))), nested(16));

    // then
    assertThat(PlanGate.problems(plan)).isEmpty();
  }

  @Test
  void shouldNameTheDeepestAllowedPlaceOfParamsNestedOneLevelTooDeep() {
    // given
    Plan plan =
        plan(
            new TaskSpec(0, null, "hello_service", Json.object()),
            new TaskSpec(1, null, "x", nested(17)));

    // when
    List<String> problems = PlanGate.problems(plan);

    // then
    assertThat(problems)
        .containsExactly("tasks[1].params" + ".a".repeat(16) + ": nested deeper than 16 levels");
  }

  @Test
  void shouldRefuseMetadataNestedThousandsOfLevelsWithoutAStackOverflow() {
    // given: a tree built in memory, deeper than any recursive walk survives
    Plan plan =
        new Plan(List.of(new TaskSpec(0, null, "hello_service", Json.object())), nested(100_000));

    // when
    List<String> problems = PlanGate.problems(plan);

    // then
    assertThat(problems)
        .singleElement()
        .asString()
        .endsWith(": nested deeper than 16 levels")
        .startsWith("metadata.a.a");
  }

  @Test
  void shouldCountListsAsLevelsToo() {
    ObjectNode params = Json.object();
    var list = params.putArray("l");
    for (int i = 2; i < 17; i++) {
      list = list.addArray();
    }
    list.addArray().add(1); // level 17

    assertThat(PlanGate.problems(plan(new TaskSpec(0, null, "hello_service", params))))
        .containsExactly("tasks[0].params.l" + "[0]".repeat(15) + ": nested deeper than 16 levels");
  }

  @Test
  void shouldRefuseAnEmptyTaskTypeAsAnUploadedPlanCouldCarry() {
    assertThat(PlanGate.problems(plan(new TaskSpec(0, null, "", Json.object()))))
        .containsExactly("tasks[0].type: expected a task type name but it is empty");
  }

  @Test
  void shouldRefuseTaskTypesThatAreNotHandlerNamesAndEscapeWhatTheyHold() {
    // when
    List<String> problems =
        PlanGate.problems(
            plan(
                new TaskSpec(0, null, "Hello-Service", Json.object()),
                new TaskSpec(1, null, "evil\u001b[2J", Json.object()),
                new TaskSpec(2, null, "x".repeat(65), Json.object())));

    // then
    assertThat(problems).hasSize(3);
    assertThat(problems.get(0))
        .isEqualTo(
            "tasks[0].type: expected 1-64 lower-case letters, digits or '_' but got \"Hello-Service\"");
    assertThat(problems.get(1)).startsWith("tasks[1].type: ").doesNotContain("\u001b");
    assertThat(problems.get(2)).startsWith("tasks[2].type: ");
  }

  @Test
  void shouldRefuseControlCharactersInKeysAndIdsButKeepLineBreaksInValues() {
    // given
    ObjectNode params = Json.object().put("script", "echo 1\r\necho\t2\n");
    params.put("bad\u0007key", 1);
    params.put("nul", "a\u0000b");

    // when
    List<String> problems =
        PlanGate.problems(plan(new TaskSpec(0, "id\u001b", "hello_service", params)));

    // then
    assertThat(problems)
        .containsExactlyInAnyOrder(
            "tasks[0].id: expected at most 128 characters without control characters but got \"id\\e\"",
            "tasks[0].params: key \"bad\\x07key\" is not 1-256 characters without control characters",
            "tasks[0].params.nul: control character U+0000 at index 1");
  }

  @Test
  void shouldRefuseOverlongStringsKeysAndTooManyKeys() {
    // given
    ObjectNode params = Json.object().put("s", "v".repeat(PlanLimits.MAX_STRING_CHARS + 1));
    params.put("k".repeat(257), 1);
    ObjectNode many = params.putObject("many");
    for (int i = 0; i <= PlanLimits.MAX_KEYS; i++) {
      many.put("k" + i, i);
    }

    // when
    List<String> problems = PlanGate.problems(plan(new TaskSpec(0, null, "hello_service", params)));

    // then
    assertThat(problems)
        .hasSize(3)
        .anySatisfy(
            p ->
                assertThat(p)
                    .isEqualTo("tasks[0].params.s: 1048577 characters (expected: at most 1048576)"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("tasks[0].params: key \"kkkk")
                    .endsWith("is not 1-256 characters without control characters"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .isEqualTo("tasks[0].params.many: 1001 keys (expected: at most 1000)"));
  }

  @Test
  void shouldRefuseAPlanOverTheByteLimitEvenWhenEveryValueIsWithinItsOwn() {
    // given: five 1 MiB values, each allowed, together past 4 MiB
    ObjectNode params = Json.object();
    for (int i = 0; i < 5; i++) {
      params.put("v" + i, "x".repeat(PlanLimits.MAX_STRING_CHARS));
    }

    assertThatThrownBy(() -> PlanGate.check(plan(new TaskSpec(0, null, "hello_service", params))))
        .isInstanceOf(PlanException.class)
        .hasMessage("plan: more than 4194304 bytes as JSON (expected: at most 4194304)");
  }

  @Test
  void shouldSumUpAHostileFlood() {
    ObjectNode params = Json.object();
    for (int i = 0; i < 500; i++) {
      params.put("k" + i, "\u0001");
    }

    List<String> problems = PlanGate.problems(plan(new TaskSpec(0, null, "hello_service", params)));

    assertThat(problems).hasSize(21).last().asString().startsWith("… and ");
  }

  @Test
  void shouldGateAPlanFileButStillReadAStoredPlanText() throws Exception {
    // given: an empty type is refused at the file door (as before), and a deep plan is refused too
    String deep =
        "{\"tasks\":[{\"type\":\"hello_service\",\"params\":" + Json.compact(nested(17)) + "}]}";

    assertThatThrownBy(() -> PlanParser.parseSource(deep, InputStream.nullInputStream()))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining(
            "tasks[0].params" + ".a".repeat(16) + ": nested deeper than 16 levels");
    // a row stored before the gate existed must still read
    assertThat(PlanParser.parse(deep).tasks()).hasSize(1);
  }
}
