package io.autoservice.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autoservice.common.json.Json;
import org.junit.jupiter.api.Test;

class TaskParamsTest {

  private static final ParamSchema PING =
      ParamSchema.of(
          ParamSpec.required("host", ParamType.STRING, "target"),
          ParamSpec.optional("count", ParamType.INTEGER, "pings").withDefault(IntNode.valueOf(4)),
          ParamSpec.optional("interval", ParamType.NUMBER, ""),
          ParamSpec.optional("verbose", ParamType.BOOLEAN, "").withDefault(BooleanNode.TRUE),
          ParamSpec.optional("ipv6", ParamType.BOOLEAN, ""),
          ParamSpec.optional("options", ParamType.STRING_LIST, ""),
          ParamSpec.optional("label", ParamType.STRING, "").withDefault(TextNode.valueOf("ping")));

  private static ObjectNode params(String json) throws Exception {
    return (ObjectNode) Json.parse(json);
  }

  @Test
  void shouldReturnTheGivenValues() throws Exception {
    // given
    TaskParams p =
        new TaskParams(
            params(
                "{\"host\":\"a.example\",\"count\":10,\"interval\":0.5,\"verbose\":false,"
                    + "\"options\":[\"x\",\"y\"]}"),
            PING);

    // when / then
    assertThat(p.string("host")).contains("a.example");
    assertThat(p.integer("count")).contains(10L);
    assertThat(p.number("interval")).contains(0.5);
    assertThat(p.flag("verbose")).isFalse();
    assertThat(p.strings("options")).containsExactly("x", "y");
  }

  @Test
  void shouldFallBackToTheSchemaDefaults() throws Exception {
    // given
    TaskParams p = new TaskParams(params("{\"host\":\"a.example\"}"), PING);

    // when / then
    assertThat(p.integer("count")).contains(4L);
    assertThat(p.flag("verbose")).isTrue();
    assertThat(p.string("label")).contains("ping");
    assertThat(p.has("count")).isFalse();
  }

  @Test
  void shouldTreatAnExplicitNullAsAbsentAndUseTheDefault() throws Exception {
    // given
    TaskParams p = new TaskParams(params("{\"count\":null,\"verbose\":null}"), PING);

    // when / then
    assertThat(p.integer("count")).contains(4L);
    assertThat(p.flag("verbose")).isTrue();
    assertThat(p.has("count")).isFalse();
  }

  @Test
  void shouldBeEmptyWhenAbsentWithoutDefault() throws Exception {
    // given
    TaskParams p = new TaskParams(params("{}"), PING);

    // when / then
    assertThat(p.get("interval")).isEmpty();
    assertThat(p.number("interval")).isEmpty();
    assertThat(p.string("host")).isEmpty();
    assertThat(p.flag("ipv6")).isFalse();
    assertThat(p.strings("options")).isEmpty();
    assertThat(p.get("not_in_schema")).isEmpty();
  }

  @Test
  void shouldReadAWholeValuedFloatAsAnInteger() throws Exception {
    // given
    TaskParams p = new TaskParams(params("{\"count\":6.0}"), PING);

    // when / then
    assertThat(p.integer("count")).contains(6L);
  }

  @Test
  void shouldStillReadKeysTheSchemaDoesNotName() throws Exception {
    // given
    TaskParams p = new TaskParams(params("{\"ui_label\":\"Ping\"}"), PING);

    // when / then
    assertThat(p.has("ui_label")).isTrue();
    assertThat(p.string("ui_label")).contains("Ping");
    assertThat(p.raw().get("ui_label").asText()).isEqualTo("Ping");
  }
}
