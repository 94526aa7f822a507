package io.autoservice.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.proto.v1.TaskParam;
import io.autoservice.proto.v1.TaskSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskSchemaWireTest {
  private static final ParamSchema PING =
      ParamSchema.of(
          ParamSpec.required("host", ParamType.STRING, "Host to ping."),
          ParamSpec.optional("count", ParamType.INTEGER, "Pings.").withRange(1.0, 100.0),
          ParamSpec.optional("mode", ParamType.STRING, "").withChoices("fast", "slow"));

  @Test
  void shouldCheckTheSameWayAfterTheTrip() {
    // given
    Map<String, ParamSchema> back =
        TaskSchemaWire.fromProto(List.of(TaskSchemaWire.toProto("ping_test", PING)));
    var params = Json.object().put("count", 500).put("mode", "loud");

    // then
    assertThat(back.get("ping_test").validate("tasks[0]", params))
        .isEqualTo(PING.validate("tasks[0]", params))
        .hasSize(3);
  }

  @Test
  void shouldCarryDefaultsAndDescriptionsForFormsAndRefuseHostileOnes() {
    ParamSchema withDefault =
        ParamSchema.of(
            ParamSpec.optional("count", ParamType.INTEGER, "Echo requests to send.")
                .withDefault(Json.mapper().getNodeFactory().numberNode(4)));
    TaskSchema wire = TaskSchemaWire.toProto("ping_test", withDefault);
    assertThat(wire.getParams(0).getDefaultJson()).isEqualTo("4");
    assertThat(wire.getParams(0).getDescription()).isEqualTo("Echo requests to send.");
    ParamSpec back = TaskSchemaWire.fromProto(List.of(wire)).get("ping_test").specs().get(0);
    assertThat(back.defaultValue().asInt()).isEqualTo(4);
    assertThat(back.description()).isEqualTo("Echo requests to send.");

    TaskParam.Builder p = TaskParam.newBuilder().setName("n");
    assertThatThrownBy(
            () ->
                TaskSchemaWire.fromProto(
                    List.of(
                        TaskSchema.newBuilder()
                            .setTaskType("x")
                            .addParams(p.clone().setDefaultJson("{not json"))
                            .build())))
        .hasMessage("task_schemas[0].params[0].default_json: not JSON");
    assertThatThrownBy(
            () ->
                TaskSchemaWire.fromProto(
                    List.of(
                        TaskSchema.newBuilder()
                            .setTaskType("x")
                            .addParams(p.clone().setDescription("x".repeat(201)))
                            .build())))
        .hasMessageContaining("task_schemas[0].params[0].description: expected at most 200");
  }

  @Test
  void shouldRefuseMoreSchemasOrParametersThanAHelloMayCarry() {
    List<TaskSchema> many = new ArrayList<>();
    for (int i = 0; i <= TaskSchemaWire.MAX_SCHEMAS; i++) {
      many.add(TaskSchema.newBuilder().setTaskType("t" + i).build());
    }
    assertThatThrownBy(() -> TaskSchemaWire.fromProto(many))
        .hasMessage("task_schemas: 257 schemas (expected: at most 256)");

    TaskSchema.Builder wide = TaskSchema.newBuilder().setTaskType("wide");
    for (int i = 0; i <= TaskSchemaWire.MAX_PARAMS; i++) {
      wide.addParams(TaskParam.newBuilder().setName("p" + i));
    }
    assertThatThrownBy(() -> TaskSchemaWire.fromProto(List.of(wide.build())))
        .hasMessage("task_schemas[0].params: 65 parameters (expected: at most 64)");
  }

  @Test
  void shouldNameTheMalformedField() {
    assertThatThrownBy(
            () ->
                TaskSchemaWire.fromProto(
                    List.of(
                        TaskSchema.newBuilder().setTaskType("ok").build(),
                        TaskSchema.newBuilder()
                            .setTaskType("x")
                            .addParams(TaskParam.newBuilder().setName("bad\u001bname"))
                            .build())))
        .hasMessage(
            "task_schemas[1].params[0].name: expected 1-64 letters, digits or '_' but got \"bad\\ename\"");
    assertThatThrownBy(
            () ->
                TaskSchemaWire.fromProto(
                    List.of(
                        TaskSchema.newBuilder()
                            .setTaskType("x")
                            .addParams(TaskParam.newBuilder().setName("n").setMin(Double.NaN))
                            .build())))
        .hasMessage("task_schemas[0].params[0]: min and max must be finite numbers");
    assertThatThrownBy(
            () ->
                TaskSchemaWire.fromProto(
                    List.of(
                        TaskSchema.newBuilder()
                            .setTaskType("x")
                            .addParams(TaskParam.newBuilder().setName("n"))
                            .addParams(TaskParam.newBuilder().setName("n"))
                            .build())))
        .hasMessage("task_schemas[0].params: duplicate parameter: n");
    assertThatThrownBy(
            () ->
                TaskSchemaWire.fromProto(
                    List.of(TaskSchema.newBuilder().setTaskType("Ping Test").build())))
        .hasMessageStartingWith("task_schemas[0].task_type: ");
  }
}
