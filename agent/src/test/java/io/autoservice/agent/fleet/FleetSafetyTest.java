package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.proto.v1.AssignRun;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.Plan;
import io.autoservice.proto.v1.Task;
import io.autoservice.testsupport.GrpcCleanupExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What fleet mode refuses before anything runs, each with its reason in the CommandAck: task types
 * the agent does not know, plans past the parser's limits however they were built, numbers only the
 * wire can carry, and more runs at once than a controller ever sends.
 */
class FleetSafetyTest {
  static final String SLOW =
      "{\"tasks\":[{\"type\":\"hello_service\",\"params\":{\"seconds\":30}}]}";

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

  /** Sends a plan as a controller would, built directly (no parser on the way). */
  private static void assign(FakeController.Conn conn, String runId, Plan plan) {
    conn.send(
        FakeController.message()
            .setAssignRun(AssignRun.newBuilder().setRunId(runId).setPlan(plan))
            .build());
  }

  private static Task.Builder task(String type) {
    return Task.newBuilder().setType(type);
  }

  private CommandAck refusedAndNotRun(FakeController.Conn conn, String runId) throws Exception {
    await().until(() -> conn.acks().stream().anyMatch(a -> a.getRunId().equals(runId)));
    CommandAck ack =
        conn.acks().stream().filter(a -> a.getRunId().equals(runId)).findFirst().orElseThrow();
    assertThat(ack.getAccepted()).isFalse();
    assertThat(conn.events(runId)).isEmpty();
    assertThat(fleet.listener.started).doesNotContain(runId);
    assertThat(Files.readString(dataDir.resolve("taken-runs"))).doesNotContain(runId);
    return ack;
  }

  @Test
  void shouldSkipTaskTypesTheAgentDoesNotKnowAndRunNothingUnknown() throws Exception {
    // given: a plan a technician forced past the controller's check
    FakeController.Conn conn = connect();

    // when
    conn.assign(
        "run-unknown",
        "{\"tasks\":[{\"type\":\"hello_service\"},{\"type\":\"defrag_everything\"},{\"type\":\"run_command\"}]}");

    // then: accepted, the known task runs, the unknown ones are skipped with their reason, as agent
    // run does
    await().until(() -> conn.events("run-unknown").stream().anyMatch(e -> e.hasRunFinished()));
    var report =
        conn.events("run-unknown").stream()
            .filter(e -> e.hasRunFinished())
            .findFirst()
            .orElseThrow()
            .getRunFinished()
            .getReport();
    assertThat(report.getTasks(0).getStatus())
        .isEqualTo(io.autoservice.proto.v1.TaskStatus.TASK_STATUS_SUCCESS);
    assertThat(report.getTasks(1).getStatus())
        .isEqualTo(io.autoservice.proto.v1.TaskStatus.TASK_STATUS_SKIPPED);
    assertThat(report.getTasks(2).getStatus())
        .isEqualTo(io.autoservice.proto.v1.TaskStatus.TASK_STATUS_SKIPPED);
    assertThat(report.getTasks(2).getSummary().toString()).contains("No handler for task type");
    assertThat(conn.events("run-unknown").stream().filter(e -> e.hasTaskStarted()).count())
        .isEqualTo(1);
  }

  @Test
  void shouldRefuseTenThousandTasksFromTheWireWithoutRunningAny() throws Exception {
    // given
    FakeController.Conn conn = connect();
    Plan.Builder plan = Plan.newBuilder();
    for (int i = 0; i < 10_000; i++) {
      plan.addTasks(task("hello_service"));
    }

    // when
    assign(conn, "run-huge", plan.build());

    // then
    assertThat(refusedAndNotRun(conn, "run-huge").getError())
        .isEqualTo(
            "invalid plan: tasks: 10000 tasks (expected: at most " + PlanParser.MAX_TASKS + ")");
  }

  @Test
  void shouldRefuseAPlanLargerThanThePlanLimit() throws Exception {
    // given: 5 MiB of parameters in one task (each value within its own limit), under the
    // channel's message limit
    FakeController.Conn conn = connect();
    String big = "x".repeat(1024 * 1024);
    Struct.Builder params = Struct.newBuilder();
    for (int i = 0; i < 5; i++) {
      params.putFields("name" + i, Value.newBuilder().setStringValue(big).build());
    }
    Plan plan = Plan.newBuilder().addTasks(task("hello_service").setParams(params)).build();

    // when
    assign(conn, "run-big", plan);

    // then
    assertThat(refusedAndNotRun(conn, "run-big").getError())
        .isEqualTo(
            "invalid plan: plan: more than 4194304 bytes as JSON (expected: at most 4194304)");
  }

  @Test
  void shouldRefuseNotANumberThatOnlyTheWireCanCarry() throws Exception {
    // given: NaN compares false with every bound, so a range check alone would let it through
    FakeController.Conn conn = connect();
    Plan plan =
        Plan.newBuilder()
            .addTasks(
                task("hello_service")
                    .setParams(
                        Struct.newBuilder()
                            .putFields(
                                "timeout_seconds",
                                Value.newBuilder().setNumberValue(Double.NaN).build())
                            .putFields(
                                "seconds",
                                Value.newBuilder()
                                    .setNumberValue(Double.POSITIVE_INFINITY)
                                    .build())))
            .build();

    // when
    assign(conn, "run-nan", plan);

    // then
    assertThat(refusedAndNotRun(conn, "run-nan").getError())
        .contains("tasks[0].timeout_seconds: NaN is out of range")
        .contains("tasks[0].seconds: Infinity is out of range");
  }

  @Test
  void shouldNameOnlyTheFirstFiftyProblemsOfAPlanFullOfThem() throws Exception {
    // given
    FakeController.Conn conn = connect();
    Plan.Builder plan = Plan.newBuilder();
    for (int i = 0; i < 1_000; i++) {
      plan.addTasks(
          task("hello_service")
              .setParams(
                  Struct.newBuilder()
                      .putFields("name", Value.newBuilder().setNumberValue(i).build())));
    }

    // when
    assign(conn, "run-noisy", plan.build());

    // then
    String error = refusedAndNotRun(conn, "run-noisy").getError();
    assertThat(error)
        .startsWith("invalid plan: tasks[0].name: expected a string")
        .endsWith("; and 950 more");
    assertThat(error.length()).isLessThan(100_000);
  }

  @Test
  void shouldRefuseMoreRunsAtOnceThanAControllerEverSends() throws Exception {
    // given: a controller that floods assignments instead of sending one at a time
    FakeController.Conn conn = connect();

    // when
    for (int i = 0; i < 20; i++) {
      conn.assign("run-" + i, SLOW);
    }
    await().until(() -> conn.acks().size() == 20);

    // then
    List<CommandAck> acks = conn.acks();
    assertThat(acks.subList(0, FleetRunner.MAX_ACTIVE_RUNS)).allMatch(CommandAck::getAccepted);
    assertThat(acks.subList(FleetRunner.MAX_ACTIVE_RUNS, 20))
        .allSatisfy(
            a -> {
              assertThat(a.getAccepted()).isFalse();
              assertThat(a.getError())
                  .isEqualTo(
                      "the agent already has 8 runs queued or running (expected: one at a time)");
            });
    // and the agent goes on answering
    conn.cancel("run-0");
    await().until(() -> conn.acks().size() == 21);
    assertThat(conn.acks().get(20).getAccepted()).isTrue();
  }
}
