package io.autoservice.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.AgentIdList;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.GetReportRequest;
import io.autoservice.proto.v1.Heartbeat;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.MachineInfo;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The agent gateway over real Netty on loopback, driven by a hand-written agent. */
class AgentGatewayIT {
  @TempDir Path data;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private ControllerServer server;
  private ManagedChannel channel;

  /** One agent stream whose incoming messages and close status the test reads. */
  final class FakeAgent implements StreamObserver<ControllerMessage> {
    final BlockingQueue<ControllerMessage> received = new LinkedBlockingQueue<>();
    final BlockingQueue<Status> closed = new LinkedBlockingQueue<>();
    final StreamObserver<AgentMessage> out = AgentGatewayGrpc.newStub(channel).connect(this);

    @Override
    public void onNext(ControllerMessage m) {
      received.add(m);
    }

    @Override
    public void onError(Throwable t) {
      closed.add(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      closed.add(Status.OK);
    }

    ControllerMessage next() throws InterruptedException {
      ControllerMessage m = received.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("a message from the controller").isNotNull();
      return m;
    }

    void hello(String id) {
      out.onNext(
          AgentMessage.newBuilder()
              .setHello(
                  Hello.newBuilder()
                      .setAgentId(id)
                      .setMachine(MachineInfo.newBuilder().setHostname("pc-" + id))
                      .addSupportedTaskTypes("hello_service")
                      .setProtocolRevision(1))
              .build());
    }

    void event(String runId, long seq, EventPayload p) {
      out.onNext(
          AgentMessage.newBuilder()
              .setRunEvent(WireMapper.toProto(new RunEvent(runId, seq, Instant.now(), p)))
              .build());
    }
  }

  @BeforeEach
  void start() throws Exception {
    server =
        grpc.register(
            ControllerServer.start(
                ControllerSettings.defaults()
                    .withManagementListen("", null)
                    .with("127.0.0.1:0", data),
                Clock.systemUTC(),
                true));
    channel =
        grpc.register(
            NettyChannelBuilder.forAddress("127.0.0.1", server.address().port())
                .usePlaintext()
                .build());
  }

  /** The console API as the admin that the controller's first start created. */
  private ConsoleServiceGrpc.ConsoleServiceBlockingStub console() throws Exception {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + Files.readString(server.adminTokenFile().orElseThrow()).strip());
    return ConsoleServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  @Test
  void shouldRefuseAStreamThatDoesNotStartWithHello() throws Exception {
    FakeAgent agent = new FakeAgent();

    agent.out.onNext(
        AgentMessage.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance()).build());

    Status s = agent.closed.poll(10, TimeUnit.SECONDS);
    assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(s.getDescription())
        .startsWith("Expected Hello as the first message but got HEARTBEAT");
  }

  @Test
  void shouldWelcomeFirstThenAssignAndAckEventsAfterPersisting() throws Exception {
    FakeAgent agent = new FakeAgent();
    agent.hello("a1");
    assertThat(agent.next().hasWelcome()).isTrue();

    var console = console();
    String runId =
        console
            .dispatch(
                DispatchRequest.newBuilder()
                    .setPlan(WireMapper.toProto(PlanParser.parse("[{\"type\":\"hello_service\"}]")))
                    .setAgentIds(AgentIdList.newBuilder().addIds("a1"))
                    .build())
            .getRuns(0)
            .getRunId();
    ControllerMessage assign = agent.next();
    assertThat(assign.getAssignRun().getRunId()).isEqualTo(runId);
    assertThat(assign.getAssignRun().getPlan().getTasks(0).getType()).isEqualTo("hello_service");

    agent.out.onNext(
        AgentMessage.newBuilder()
            .setCommandAck(
                CommandAck.newBuilder()
                    .setRunId(runId)
                    .setCommand(CommandAck.Command.COMMAND_ASSIGN_RUN)
                    .setAccepted(true))
            .build());
    agent.event(runId, 1, new EventPayload.RunStarted(List.of("hello_service")));
    agent.event(
        runId,
        2,
        new EventPayload.RunFinished(
            new RunReport(
                runId, RunStatus.OK, List.of(), 0.5, Instant.now(), Json.object(), null)));
    long acked = 0;
    while (acked < 2) {
      ControllerMessage m = agent.next();
      if (m.hasEventAck()) {
        acked = m.getEventAck().getSequence();
      }
    }
    agent.event(runId, 2, new EventPayload.RunStarted(List.of("duplicate")));
    assertThat(agent.next().getEventAck().getSequence())
        .as("a duplicate is acked, not stored")
        .isEqualTo(2);

    var report = console.getReport(GetReportRequest.newBuilder().setRunId(runId).build());
    assertThat(report.getRun().getStatus())
        .isEqualTo(io.autoservice.proto.v1.RunStatus.RUN_STATUS_OK);
    assertThat(report.getReport().getRunId()).isEqualTo(runId);
  }

  @Test
  void shouldCloseAnOlderStreamWhenTheSameAgentConnectsAgain() throws Exception {
    FakeAgent first = new FakeAgent();
    first.hello("a2");
    assertThat(first.next().hasWelcome()).isTrue();

    FakeAgent second = new FakeAgent();
    second.hello("a2");

    assertThat(second.next().hasWelcome()).isTrue();
    Status s = first.closed.poll(10, TimeUnit.SECONDS);
    assertThat(s.getCode()).isEqualTo(Status.Code.ABORTED);
  }

  @Test
  void shouldRefuseEventsForAnotherAgentsRun() throws Exception {
    FakeAgent owner = new FakeAgent();
    owner.hello("owner");
    owner.next();
    var console = console();
    String runId =
        console
            .dispatch(
                DispatchRequest.newBuilder()
                    .setPlan(WireMapper.toProto(PlanParser.parse("[{\"type\":\"hello_service\"}]")))
                    .setAgentIds(AgentIdList.newBuilder().addIds("owner"))
                    .build())
            .getRuns(0)
            .getRunId();
    FakeAgent intruder = new FakeAgent();
    intruder.hello("intruder");
    intruder.next();

    intruder.event(runId, 1, new EventPayload.RunStarted(List.of("x")));

    Status s = intruder.closed.poll(10, TimeUnit.SECONDS);
    assertThat(s.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(s.getDescription()).contains("not assigned to agent intruder");
  }
}
