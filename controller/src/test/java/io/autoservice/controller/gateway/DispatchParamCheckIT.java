package io.autoservice.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.proto.v1.AgentIdList;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.DispatchResponse;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.MachineInfo;
import io.autoservice.proto.v1.ParamKind;
import io.autoservice.proto.v1.Plan;
import io.autoservice.proto.v1.Task;
import io.autoservice.proto.v1.TaskParam;
import io.autoservice.proto.v1.TaskSchema;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Dispatch checks a plan's parameters with each target agent's own schemas, sent in its Hello. */
class DispatchParamCheckIT {
  /** ping_test as an agent describes it: count is an integer from 1 to 100. */
  private static final TaskSchema PING =
      TaskSchema.newBuilder()
          .setTaskType("ping_test")
          .addParams(
              TaskParam.newBuilder()
                  .setName("count")
                  .setKind(ParamKind.PARAM_KIND_INTEGER)
                  .setMin(1)
                  .setMax(100))
          .build();

  @TempDir Path data;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private Loopback loopback;

  /** After a restart: the same data folder (the admin token is only written on the first start). */
  private ControllerServer restarted;

  private ManagedChannel restartedChannel;

  @BeforeEach
  void start() throws Exception {
    loopback =
        grpc.register(
            new Loopback(data, ControllerSettings.defaults().withManagementListen("", null)));
  }

  private void restart() throws Exception {
    loopback.close();
    restarted =
        grpc.register(
            ControllerServer.start(
                ControllerSettings.defaults()
                    .withManagementListen("", null)
                    .with("127.0.0.1:0", data),
                Clock.systemUTC(),
                true));
    restartedChannel =
        grpc.register(
            NettyChannelBuilder.forAddress("127.0.0.1", restarted.address().port())
                .usePlaintext()
                .build());
  }

  private ConsoleServiceGrpc.ConsoleServiceBlockingStub console() {
    return restarted == null
        ? loopback.console(loopback.channel())
        : Loopback.withToken(
            ConsoleServiceGrpc.newBlockingStub(restartedChannel), loopback.adminToken);
  }

  private StreamingAgent connect(String id, List<TaskSchema> schemas) throws Exception {
    StreamingAgent agent = new StreamingAgent(loopback.channel(), id);
    agent.out.onNext(
        AgentMessage.newBuilder()
            .setHello(
                Hello.newBuilder()
                    .setAgentId(id)
                    .setMachine(MachineInfo.newBuilder().setHostname("pc-" + id))
                    .addSupportedTaskTypes("ping_test")
                    .addAllTaskSchemas(schemas)
                    .setProtocolRevision(1))
            .build());
    assertThat(agent.next().hasWelcome()).isTrue();
    return agent;
  }

  private DispatchResponse dispatchPing(String agentId, Value count) {
    return console()
        .dispatch(
            DispatchRequest.newBuilder()
                .setPlan(
                    Plan.newBuilder()
                        .addTasks(
                            Task.newBuilder()
                                .setType("ping_test")
                                .setParams(Struct.newBuilder().putFields("count", count))))
                .setAgentIds(AgentIdList.newBuilder().addIds(agentId))
                .build());
  }

  private static Value text(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }

  private void assertRefusedBad(String agentId) {
    assertThatThrownBy(() -> dispatchPing(agentId, text("four")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(
                      "agent pc-"
                          + agentId
                          + " ("
                          + agentId
                          + "): tasks[0].count: expected an integer, got the string \"four\"");
            });
  }

  @Test
  void shouldRefuseAParameterTheTargetAgentsSchemaRefusesNamingAgentTaskAndParameter()
      throws Exception {
    // given
    connect("a1", List.of(PING));

    // then
    assertRefusedBad("a1");
    assertThat(dispatchPing("a1", Value.newBuilder().setNumberValue(4).build()).getRunsCount())
        .isEqualTo(1);
  }

  @Test
  void shouldCheckADispatchToAnOfflineAgentAfterARestartWithItsStoredSchemas() throws Exception {
    // given: the agent said Hello once, then the controller restarted without it
    connect("a1", List.of(PING)).out.onCompleted();
    restart();

    // then
    assertRefusedBad("a1");
  }

  @Test
  void shouldNotCheckAnOlderAgentThatSentNoSchemas() throws Exception {
    connect("old", List.of());

    assertThat(dispatchPing("old", text("four")).getRunsCount())
        .as("left to the agent's own check")
        .isEqualTo(1);
  }

  @Test
  void shouldIgnoreSchemasPastWhatAHelloMayCarryAndStillServeTheAgent() throws Exception {
    // given: a hostile agent sends 300 schemas
    List<TaskSchema> flood = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      flood.add(PING.toBuilder().setTaskType("t" + i).build());
    }
    flood.add(PING);

    // when
    connect("noisy", flood);

    // then: welcomed, and not checked at dispatch
    assertThat(dispatchPing("noisy", text("four")).getRunsCount()).isEqualTo(1);
  }

  @Test
  void shouldDegradeToNotCheckedWhenTheStoredSchemasCannotBeRead() throws Exception {
    // given: the stored schemas were damaged while the controller was down
    connect("a1", List.of(PING)).out.onCompleted();
    loopback.close();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("controller.db"));
        var s = c.createStatement()) {
      assertThat(s.executeUpdate("UPDATE agent_task_schemas SET schemas = x'ffffffff'"))
          .isEqualTo(1);
    }
    restart();

    // then: a warning, not an error; the agent checks on receipt
    assertThat(dispatchPing("a1", text("four")).getRunsCount()).isEqualTo(1);
  }
}
