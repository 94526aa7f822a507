package io.autoservice.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.proto.v1.AgentIdList;
import io.autoservice.proto.v1.ConsoleServiceGrpc.ConsoleServiceBlockingStub;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.Plan;
import io.autoservice.proto.v1.Task;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's Dispatch RPC applies the plan gate itself, whatever client calls it: the CLI's
 * parser is not the only door.
 */
class DispatchPlanGateIT {
  @TempDir Path data;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private Loopback loopback;
  private ConsoleServiceBlockingStub console;

  @BeforeEach
  void start() throws Exception {
    loopback =
        grpc.register(
            new Loopback(data, ControllerSettings.defaults().withManagementListen("", null)));
    console = loopback.console(loopback.channel());
    StreamingAgent agent = new StreamingAgent(loopback.channel(), "pc-1").hello();
    assertThat(agent.next().hasWelcome()).isTrue();
  }

  /** {"a":{"a":…{"leaf":1}}} with {@code levels} objects. */
  static Struct nested(int levels) {
    Struct s =
        Struct.newBuilder().putFields("leaf", Value.newBuilder().setNumberValue(1).build()).build();
    for (int i = 1; i < levels; i++) {
      s = Struct.newBuilder().putFields("a", Value.newBuilder().setStructValue(s).build()).build();
    }
    return s;
  }

  private static DispatchRequest toPc1(Plan.Builder plan) {
    return DispatchRequest.newBuilder()
        .setPlan(plan)
        .setAgentIds(AgentIdList.newBuilder().addIds("pc-1"))
        .build();
  }

  private void assertRefused(DispatchRequest req, String description) {
    assertThatThrownBy(() -> console.dispatch(req))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains(description);
            });
  }

  @Test
  void shouldRefuseAFiveMebibytePlanSentStraightToTheRpc() {
    // given: 1,000 tasks of 5 KiB each, past the 4 MiB the CLI's parser allows
    Plan.Builder plan = Plan.newBuilder();
    String note = "n".repeat(5 * 1024 + 300);
    for (int i = 0; i < 1_000; i++) {
      plan.addTasks(
          Task.newBuilder()
              .setType("hello_service")
              .setParams(
                  Struct.newBuilder()
                      .putFields("note", Value.newBuilder().setStringValue(note).build())));
    }

    // then
    assertRefused(toPc1(plan), "plan: more than 4194304 bytes as JSON (expected: at most 4194304)");
  }

  @Test
  void shouldRefuseMetadataNestedPastTheGateNamingTheField() {
    assertRefused(
        toPc1(
            Plan.newBuilder()
                .addTasks(Task.newBuilder().setType("hello_service"))
                .setMetadata(nested(17))),
        "metadata" + ".a".repeat(16) + ": nested deeper than 16 levels");
  }

  @Test
  void shouldRefuseParamsNestedPastWhatTheWireDecodesAsInvalidArgumentNotAnApplicationError() {
    // given: 40 levels, more than protobuf's recursion limit lets the server decode
    DispatchRequest req =
        toPc1(
            Plan.newBuilder()
                .addTasks(Task.newBuilder().setType("hello_service").setParams(nested(40))));

    // then
    assertRefused(req, "tasks[0].params" + ".a".repeat(16) + ": nested deeper than 16 levels");
  }

  @Test
  void shouldRefuseParamsNestedPastWhatEvenTheConsoleDecodesAsInvalidArgument() {
    DispatchRequest req =
        toPc1(
            Plan.newBuilder()
                .addTasks(Task.newBuilder().setType("hello_service").setParams(nested(500))));

    assertRefused(
        req,
        "plan: nested far deeper than the 16 levels of objects and lists params and metadata may have");
  }

  @Test
  void shouldRefuseAnEmptyTaskTypeNamingTheTask() {
    assertRefused(
        toPc1(
            Plan.newBuilder()
                .addTasks(Task.newBuilder().setType("hello_service"))
                .addTasks(Task.newBuilder())),
        "tasks[1].type");
  }

  @Test
  void shouldStillDispatchAPlanAtTheDepthLimit() {
    var runs =
        console.dispatch(
            toPc1(
                Plan.newBuilder()
                    .addTasks(Task.newBuilder().setType("hello_service").setParams(nested(16)))
                    .setMetadata(nested(16))));

    assertThat(runs.getRunsCount()).isEqualTo(1);
  }
}
