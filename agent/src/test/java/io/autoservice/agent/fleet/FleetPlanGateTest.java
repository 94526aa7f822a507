package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.autoservice.proto.v1.AssignRun;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.Plan;
import io.autoservice.proto.v1.Task;
import io.autoservice.testsupport.GrpcCleanupExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An AssignRun's plan passes the same gate on the agent as at the controller's doors. */
class FleetPlanGateTest {
  @TempDir Path dataDir;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private FleetFixture fleet;

  @BeforeEach
  void setUp() throws Exception {
    fleet = new FleetFixture(dataDir, grpc);
  }

  @AfterEach
  void tearDown() throws Exception {
    fleet.close();
  }

  private FakeController.Conn connect() throws Exception {
    fleet.startAgent();
    FakeController.Conn conn = fleet.controller.nextConnection();
    await().until(() -> !conn.received().isEmpty());
    int before = fleet.listener.connected.get();
    conn.welcome();
    await().until(() -> fleet.listener.connected.get() == before + 1);
    return conn;
  }

  private static CommandAck ack(FakeController.Conn conn, String runId, Plan plan) {
    conn.send(
        FakeController.message()
            .setAssignRun(AssignRun.newBuilder().setRunId(runId).setPlan(plan))
            .build());
    await().until(() -> conn.acks().stream().anyMatch(a -> a.getRunId().equals(runId)));
    return conn.acks().stream().filter(a -> a.getRunId().equals(runId)).findFirst().orElseThrow();
  }

  private static Struct nested(int levels) {
    Struct s =
        Struct.newBuilder().putFields("leaf", Value.newBuilder().setNumberValue(1).build()).build();
    for (int i = 1; i < levels; i++) {
      s = Struct.newBuilder().putFields("a", Value.newBuilder().setStructValue(s).build()).build();
    }
    return s;
  }

  @Test
  void shouldRefuseParamsNestedPastTheGateNamingTheField() throws Exception {
    // given
    FakeController.Conn conn = connect();

    // when: an older controller (no gate of its own) sends params 17 levels deep
    CommandAck ack =
        ack(
            conn,
            "run-deep",
            Plan.newBuilder()
                .addTasks(Task.newBuilder().setType("hello_service").setParams(nested(17)))
                .build());

    // then
    assertThat(ack.getAccepted()).isFalse();
    assertThat(ack.getError())
        .isEqualTo(
            "invalid plan: tasks[0].params" + ".a".repeat(16) + ": nested deeper than 16 levels");
    assertThat(conn.events("run-deep")).isEmpty();
  }

  @Test
  void shouldSendEachTaskTypesParameterSchemaInHelloSoTheControllerCanCheckAtDispatch()
      throws Exception {
    // given
    fleet.startAgent();
    FakeController.Conn conn = fleet.controller.nextConnection();
    await().until(() -> !conn.received().isEmpty());

    // when
    var hello = conn.hello();

    // then: one schema per task type it runs, each with the executor's timeout_seconds
    assertThat(hello.getTaskSchemasList())
        .extracting(s -> s.getTaskType())
        .containsExactlyInAnyOrderElementsOf(hello.getSupportedTaskTypesList());
    assertThat(hello.getTaskSchemasList())
        .allSatisfy(
            s ->
                assertThat(s.getParamsList())
                    .extracting(p -> p.getName())
                    .contains("timeout_seconds"));
    assertThat(io.autoservice.common.wire.TaskSchemaWire.fromProto(hello.getTaskSchemasList()))
        .as("within the bounds the controller applies")
        .hasSize(hello.getSupportedTaskTypesCount());
  }

  @Test
  void shouldRefuseAnEmptyTaskTypeInsteadOfSkippingIt() throws Exception {
    FakeController.Conn conn = connect();

    CommandAck ack =
        ack(
            conn,
            "run-untyped",
            Plan.newBuilder()
                .addTasks(Task.newBuilder().setType("hello_service"))
                .addTasks(Task.newBuilder())
                .build());

    assertThat(ack.getAccepted()).isFalse();
    assertThat(ack.getError())
        .isEqualTo("invalid plan: tasks[1].type: expected a task type name but it is empty");
  }
}
