package io.autoservice.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.PlanGate;
import io.autoservice.common.plan.PlanLimits;
import io.autoservice.common.plan.TaskSpec;
import io.autoservice.proto.v1.AssignRun;
import io.autoservice.proto.v1.ControllerMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A plan the gate lets in always fits through protobuf's recursion limit, with room to spare. */
class PlanWireDepthTest {
  /** protobuf-java's default, used by both ends. */
  private static final int WIRE_LIMIT = 100;

  private static ObjectNode nested(int levels) {
    ObjectNode root = Json.object();
    ObjectNode at = root;
    for (int i = 1; i < levels; i++) {
      at = at.putObject("a");
    }
    at.put("leaf", "x");
    return root;
  }

  /** The smallest recursion limit that decodes the AssignRun carrying {@code plan}. */
  private static int levelsNeeded(Plan plan) throws java.io.IOException {
    byte[] bytes =
        ControllerMessage.newBuilder()
            .setAssignRun(AssignRun.newBuilder().setRunId("r").setPlan(WireMapper.toProto(plan)))
            .build()
            .toByteArray();
    for (int limit = 1; ; limit++) {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      in.setRecursionLimit(limit);
      try {
        ControllerMessage.parseFrom(in);
        return limit;
      } catch (InvalidProtocolBufferException tooDeep) {
        // try one more
      }
    }
  }

  @Test
  void shouldDecodeTheDeepestPlanTheGateAllowsWithHalfTheWireLimitToSpare() throws Exception {
    // given: params and metadata nested exactly to the gate's limit
    Plan plan =
        new Plan(
            List.of(new TaskSpec(0, "t", "hello_service", nested(PlanLimits.MAX_DEPTH))),
            nested(PlanLimits.MAX_DEPTH));
    assertThat(PlanGate.problems(plan)).isEmpty();

    // when
    int needed = levelsNeeded(plan);

    // then: AssignRun, Plan, Task below the envelope, then 3 per JSON object level (Struct, map
    // entry, Value)
    assertThat(needed).isEqualTo(3 + 3 * PlanLimits.MAX_DEPTH).isLessThanOrEqualTo(WIRE_LIMIT - 40);
  }

  @Test
  void shouldTurnAStructBuiltDeeperThanTheWireAllowsIntoAClearErrorNotAStackOverflow() {
    // given: a Struct 100,000 levels deep, as only code (never the wire) can build
    Struct s =
        Struct.newBuilder().putFields("leaf", Value.newBuilder().setNumberValue(1).build()).build();
    for (int i = 0; i < 100_000; i++) {
      s = Struct.newBuilder().putFields("a", Value.newBuilder().setStructValue(s).build()).build();
    }
    Struct deep = s;

    // then
    assertThatThrownBy(() -> StructMapper.toJson(deep))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("struct: nested deeper than 256 levels");
  }
}
