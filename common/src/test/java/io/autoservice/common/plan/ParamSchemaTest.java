package io.autoservice.common.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParamSchemaTest {

  private static ObjectNode params(String json) throws Exception {
    return (ObjectNode) Json.parse(json);
  }

  @Test
  void shouldNameARequiredParameterThatIsMissing() throws Exception {
    // given
    ParamSchema schema = ParamSchema.of(ParamSpec.required("host", ParamType.STRING, "target"));

    // when
    List<String> problems = schema.validate("tasks[0]", params("{}"));

    // then
    assertThat(problems).containsExactly("tasks[0].host: is required (a string)");
  }

  @Test
  void shouldCountAnExplicitNullAsAbsent() throws Exception {
    // given
    ParamSchema schema =
        ParamSchema.of(
            ParamSpec.required("host", ParamType.STRING, "target"),
            ParamSpec.optional("count", ParamType.INTEGER, "pings"));

    // when
    List<String> problems = schema.validate("tasks[1]", params("{\"host\":null,\"count\":null}"));

    // then
    assertThat(problems).containsExactly("tasks[1].host: is required (a string)");
  }

  @Test
  void shouldAcceptAMissingOptionalParameter() throws Exception {
    // given
    ParamSchema schema = ParamSchema.of(ParamSpec.optional("count", ParamType.INTEGER, "pings"));

    // when
    List<String> problems = schema.validate("tasks[0]", params("{}"));

    // then
    assertThat(problems).isEmpty();
  }

  @Test
  void shouldSayAnIntegerWasExpectedForAString() throws Exception {
    // given
    ParamSchema schema = ParamSchema.of(ParamSpec.optional("count", ParamType.INTEGER, "pings"));

    // when
    List<String> problems = schema.validate("tasks[2]", params("{\"count\":\"four\"}"));

    // then
    assertThat(problems)
        .containsExactly("tasks[2].count: expected an integer, got the string \"four\"");
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        Arguments.of(ParamType.STRING, "5", "expected a string, got the number 5"),
        Arguments.of(ParamType.STRING, "[\"a\"]", "expected a string, got a list"),
        Arguments.of(ParamType.INTEGER, "2.5", "expected an integer, got the number 2.5"),
        Arguments.of(ParamType.INTEGER, "true", "expected an integer, got true"),
        Arguments.of(ParamType.NUMBER, "\"1.5\"", "expected a number, got the string \"1.5\""),
        Arguments.of(
            ParamType.BOOLEAN, "\"yes\"", "expected true or false, got the string \"yes\""),
        Arguments.of(ParamType.BOOLEAN, "1", "expected true or false, got the number 1"),
        Arguments.of(
            ParamType.STRING_LIST, "\"a\"", "expected a list of strings, got the string \"a\""),
        Arguments.of(ParamType.STRING_LIST, "[\"a\",1]", "expected a list of strings, got a list"),
        Arguments.of(ParamType.OBJECT, "[]", "expected an object, got a list"),
        Arguments.of(ParamType.OBJECT, "false", "expected an object, got false"));
  }

  @ParameterizedTest(name = "{0} given {1}")
  @MethodSource("wrongTypes")
  void shouldNameTheExpectedKindForAValueOfTheWrongKind(
      ParamType type, String value, String expected) throws Exception {
    // given
    ParamSchema schema = ParamSchema.of(ParamSpec.optional("p", type, ""));

    // when
    List<String> problems = schema.validate("tasks[0]", params("{\"p\":" + value + "}"));

    // then
    assertThat(problems).containsExactly("tasks[0].p: " + expected);
  }

  static Stream<Arguments> rightTypes() {
    return Stream.of(
        Arguments.of(ParamType.STRING, "\"\""),
        Arguments.of(ParamType.INTEGER, "4"),
        Arguments.of(ParamType.INTEGER, "4.0"),
        Arguments.of(ParamType.INTEGER, "-12"),
        Arguments.of(ParamType.NUMBER, "0.25"),
        Arguments.of(ParamType.NUMBER, "3"),
        Arguments.of(ParamType.BOOLEAN, "false"),
        Arguments.of(ParamType.STRING_LIST, "[]"),
        Arguments.of(ParamType.STRING_LIST, "[\"system.tmp\",\"firefox.cache\"]"),
        Arguments.of(ParamType.OBJECT, "{\"a\":1}"),
        Arguments.of(ParamType.ANY, "[1,\"x\",{}]"),
        Arguments.of(ParamType.ANY, "\"x\""));
  }

  @ParameterizedTest(name = "{0} given {1}")
  @MethodSource("rightTypes")
  void shouldAcceptAValueOfTheRightKind(ParamType type, String value) throws Exception {
    // given
    ParamSchema schema = ParamSchema.of(ParamSpec.required("p", type, ""));

    // when
    List<String> problems = schema.validate("tasks[0]", params("{\"p\":" + value + "}"));

    // then
    assertThat(problems).isEmpty();
  }

  @Test
  void shouldNameANumberOutsideTheRange() throws Exception {
    // given
    ParamSchema schema =
        ParamSchema.of(ParamSpec.optional("count", ParamType.INTEGER, "").withRange(1.0, 100.0));

    // when
    List<String> low = schema.validate("tasks[0]", params("{\"count\":0}"));
    List<String> high = schema.validate("tasks[0]", params("{\"count\":101}"));
    List<String> edges =
        Stream.of("1", "100")
            .flatMap(v -> validate(schema, "{\"count\":" + v + "}").stream())
            .toList();

    // then
    assertThat(low).containsExactly("tasks[0].count: 0 is out of range (expected: 1 to 100)");
    assertThat(high).containsExactly("tasks[0].count: 101 is out of range (expected: 1 to 100)");
    assertThat(edges).isEmpty();
  }

  @Test
  void shouldNameAOneSidedRange() throws Exception {
    // given
    ParamSchema schema =
        ParamSchema.of(
            ParamSpec.optional("minutes", ParamType.NUMBER, "").withRange(0.5, null),
            ParamSpec.optional("streams", ParamType.INTEGER, "").withRange(null, 8.0));

    // when
    List<String> problems = schema.validate("tasks[3]", params("{\"minutes\":0.25,\"streams\":9}"));

    // then
    assertThat(problems)
        .containsExactly(
            "tasks[3].minutes: 0.25 is out of range (expected: >= 0.5)",
            "tasks[3].streams: 9 is out of range (expected: <= 8)");
  }

  @Test
  void shouldCompareChoicesIgnoringCase() throws Exception {
    // given
    ParamSchema schema =
        ParamSchema.of(
            ParamSpec.optional("mode", ParamType.STRING, "").withChoices("read_only", "fix"));

    // when
    List<String> upper = schema.validate("tasks[0]", params("{\"mode\":\"READ_ONLY\"}"));
    List<String> mixed = schema.validate("tasks[0]", params("{\"mode\":\"Fix\"}"));
    List<String> bad = schema.validate("tasks[0]", params("{\"mode\":\"repair\"}"));

    // then
    assertThat(upper).isEmpty();
    assertThat(mixed).isEmpty();
    assertThat(bad).containsExactly("tasks[0].mode: \"repair\" is not one of read_only, fix");
  }

  @Test
  void shouldIgnoreKeysTheSchemaDoesNotName() throws Exception {
    // given: keys the AutoService UI adds
    ParamSchema schema = ParamSchema.of(ParamSpec.optional("drive", ParamType.STRING, ""));

    // when
    List<String> problems =
        schema.validate(
            "tasks[0]",
            params("{\"drive\":\"C:\",\"ui_label\":\"CHKDSK\",\"isDiagnostic\":true,\"x\":[1]}"));

    // then
    assertThat(problems).isEmpty();
  }

  @Test
  void shouldCollectEveryProblemInSchemaOrder() throws Exception {
    // given
    ParamSchema schema =
        ParamSchema.of(
            ParamSpec.required("host", ParamType.STRING, ""),
            ParamSpec.optional("count", ParamType.INTEGER, "").withRange(1.0, 10.0),
            ParamSpec.optional("protocol", ParamType.STRING, "").withChoices("tcp", "udp"));

    // when
    List<String> problems =
        schema.validate("tasks[4]", params("{\"protocol\":\"icmp\",\"count\":0}"));

    // then
    assertThat(problems)
        .containsExactly(
            "tasks[4].host: is required (a string)",
            "tasks[4].count: 0 is out of range (expected: 1 to 10)",
            "tasks[4].protocol: \"icmp\" is not one of tcp, udp");
  }

  @Test
  void shouldNotCheckRangeOrChoicesOfAValueOfTheWrongKind() throws Exception {
    // given
    ParamSchema schema =
        ParamSchema.of(
            ParamSpec.optional("count", ParamType.INTEGER, "").withRange(1.0, 10.0),
            ParamSpec.optional("mode", ParamType.STRING, "").withChoices("a"));

    // when
    List<String> problems = schema.validate("tasks[0]", params("{\"count\":\"x\",\"mode\":5}"));

    // then
    assertThat(problems)
        .containsExactly(
            "tasks[0].count: expected an integer, got the string \"x\"",
            "tasks[0].mode: expected a string, got the number 5");
  }

  @Test
  void shouldAddParametersWithPlusAndKeepTheOriginal() throws Exception {
    // given
    ParamSchema base = ParamSchema.of(ParamSpec.optional("drive", ParamType.STRING, ""));

    // when
    ParamSchema more =
        base.plus(
            ParamSpec.optional("timeout_seconds", ParamType.INTEGER, "").withRange(1.0, null));

    // then
    assertThat(more.specs())
        .extracting(ParamSpec::name)
        .containsExactly("drive", "timeout_seconds");
    assertThat(base.specs()).extracting(ParamSpec::name).containsExactly("drive");
    assertThat(more.validate("tasks[0]", params("{\"timeout_seconds\":0}")))
        .containsExactly("tasks[0].timeout_seconds: 0 is out of range (expected: >= 1)");
    assertThat(more.spec("timeout_seconds")).isPresent();
    assertThat(base.spec("timeout_seconds")).isEmpty();
  }

  @Test
  void shouldRefuseADuplicateParameter() {
    // given
    ParamSchema base = ParamSchema.of(ParamSpec.optional("drive", ParamType.STRING, ""));

    // when / then
    assertThatThrownBy(() -> base.plus(ParamSpec.optional("drive", ParamType.STRING, "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate parameter: drive");
  }

  @Test
  void shouldKeepTheDefaultOfASpec() {
    // given
    ParamSpec spec = ParamSpec.optional("count", ParamType.INTEGER, "pings");

    // when
    ParamSpec withDefault = spec.withDefault(IntNode.valueOf(4)).withRange(1.0, 10.0).withChoices();

    // then
    assertThat(withDefault.defaultValue()).isEqualTo(IntNode.valueOf(4));
    assertThat(withDefault.min()).isEqualTo(1.0);
    assertThat(withDefault.max()).isEqualTo(10.0);
    assertThat(withDefault.description()).isEqualTo("pings");
    assertThat(withDefault.required()).isFalse();
  }

  private static List<String> validate(ParamSchema schema, String json) {
    try {
      return schema.validate("tasks[0]", params(json));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
