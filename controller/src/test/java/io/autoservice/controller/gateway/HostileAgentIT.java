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
import io.autoservice.proto.v1.AgentIdList;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.AgentState;
import io.autoservice.proto.v1.CancelRunRequest;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.GetReportRequest;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.ListAgentsRequest;
import io.autoservice.proto.v1.MachineInfo;
import io.autoservice.proto.v1.RunState;
import io.autoservice.testsupport.Eventually;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile enrolled PC speaking the agent protocol by hand: over-long strings, undecodable events,
 * odd run ids. Each is refused naming the field (or, for free text, kept shortened); nothing bricks
 * a run or the stream's cleanup.
 */
class HostileAgentIT {
  @TempDir Path data;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private ControllerServer server;
  private ManagedChannel channel;
  private String adminToken;

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
    if (adminToken == null) {
      adminToken = Files.readString(server.adminTokenFile().orElseThrow()).strip();
    }
  }

  private ConsoleServiceGrpc.ConsoleServiceBlockingStub console() throws Exception {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + adminToken);
    return ConsoleServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private StreamingAgent connected(String id) throws Exception {
    StreamingAgent agent = new StreamingAgent(channel, id).hello();
    assertThat(agent.next().hasWelcome()).isTrue();
    return agent;
  }

  private String dispatchTo(String agentId) throws Exception {
    return console()
        .dispatch(
            DispatchRequest.newBuilder()
                .setPlan(WireMapper.toProto(PlanParser.parse("[{\"type\":\"hello_service\"}]")))
                .setAgentIds(AgentIdList.newBuilder().addIds(agentId))
                .build())
        .getRuns(0)
        .getRunId();
  }

  private Status closedStatus(StreamingAgent agent) throws Exception {
    return agent.closed.get(10, TimeUnit.SECONDS).status();
  }

  private AgentState stateOf(String agentId) throws Exception {
    return console().listAgents(ListAgentsRequest.getDefaultInstance()).getAgentsList().stream()
        .filter(a -> a.getAgentId().equals(agentId))
        .findFirst()
        .orElseThrow()
        .getState();
  }

  private io.autoservice.proto.v1.RunSummary runAfter(String runId, RunState state)
      throws Exception {
    return Eventually.until(
        "run " + runId + " " + state,
        Duration.ofSeconds(10),
        () -> console().getReport(GetReportRequest.newBuilder().setRunId(runId).build()).getRun(),
        r -> r.getState() == state);
  }

  @Test
  void shouldRefuseAnOverlongHostnameNamingTheField() throws Exception {
    // given a Hello whose hostname is 300 characters
    StreamingAgent agent = new StreamingAgent(channel, "long-host");
    agent.out.onNext(
        AgentMessage.newBuilder()
            .setHello(
                Hello.newBuilder()
                    .setAgentId("long-host")
                    .setMachine(MachineInfo.newBuilder().setHostname("h".repeat(300)))
                    .addSupportedTaskTypes("hello_service")
                    .setProtocolRevision(1))
            .build());

    // then the stream ends INVALID_ARGUMENT naming the field, not UNKNOWN
    Status s = closedStatus(agent);
    assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(s.getDescription()).contains("hello.machine.hostname");
  }

  @Test
  void shouldRefuseAHelloWithAnOverlongLabelOrAControlCharacter() throws Exception {
    StreamingAgent labels = new StreamingAgent(channel, "labels");
    labels.out.onNext(
        AgentMessage.newBuilder()
            .setHello(
                Hello.newBuilder()
                    .setAgentId("labels")
                    .setMachine(MachineInfo.newBuilder().setHostname("pc"))
                    .putLabels("site", "x".repeat(10_000))
                    .setProtocolRevision(1))
            .build());
    StreamingAgent os = new StreamingAgent(channel, "os");
    os.out.onNext(
        AgentMessage.newBuilder()
            .setHello(
                Hello.newBuilder()
                    .setAgentId("os")
                    .setMachine(
                        MachineInfo.newBuilder().setHostname("pc").setOsName("Win\u001b[2J"))
                    .setProtocolRevision(1))
            .build());

    Status s = closedStatus(labels);
    assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(s.getDescription()).contains("hello.labels");
    Status s2 = closedStatus(os);
    assertThat(s2.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(s2.getDescription()).contains("hello.machine.os_name");
  }

  @Test
  void shouldEndARunTheAgentRefusedWithALongErrorInsteadOfLeavingItAssigned() throws Exception {
    // given an agent that refuses its assignment with a 5,000-character error
    StreamingAgent agent = connected("refuser");
    String runId = dispatchTo("refuser");
    assertThat(agent.next().getAssignRun().getRunId()).isEqualTo(runId);
    agent.out.onNext(
        AgentMessage.newBuilder()
            .setCommandAck(
                CommandAck.newBuilder()
                    .setRunId(runId)
                    .setCommand(CommandAck.Command.COMMAND_ASSIGN_RUN)
                    .setAccepted(false)
                    .setError("e".repeat(5_000)))
            .build());

    // then the run ends error with the error kept, shortened, and the stream stays up
    io.autoservice.proto.v1.RunSummary r = runAfter(runId, RunState.RUN_STATE_FINISHED);
    assertThat(r.getState()).isEqualTo(RunState.RUN_STATE_FINISHED);
    assertThat(r.getStatus()).isEqualTo(io.autoservice.proto.v1.RunStatus.RUN_STATUS_ERROR);
    String error =
        console()
            .getReport(GetReportRequest.newBuilder().setRunId(runId).build())
            .getReport()
            .getError();
    assertThat(error).startsWith("the agent refused the plan: eee").contains("[truncated");
    assertThat(agent.closed).isNotDone();
  }

  @Test
  void shouldFinishARunWhoseReportErrorIsLongAndStartAgainAfterIt() throws Exception {
    // given a run whose RunFinished carries a 5,000-character error
    StreamingAgent agent = connected("long-error");
    String runId = dispatchTo("long-error");
    agent.takeRun(runId);
    agent.event(
        runId,
        2,
        new EventPayload.RunFinished(
            new RunReport(
                runId,
                RunStatus.ERROR,
                List.of(),
                0.1,
                Instant.now(),
                Json.object(),
                "x".repeat(5_000))));

    // then it is acked and finished, its error kept (shortened)
    io.autoservice.proto.v1.RunSummary r = runAfter(runId, RunState.RUN_STATE_FINISHED);
    assertThat(r.getStatus()).isEqualTo(io.autoservice.proto.v1.RunStatus.RUN_STATUS_ERROR);
    var report =
        console().getReport(GetReportRequest.newBuilder().setRunId(runId).build()).getReport();
    assertThat(report.getError()).startsWith("xxx").contains("[truncated");

    // and a restarted controller starts and still shows it
    channel.shutdownNow();
    server.close();
    start();
    assertThat(
            console()
                .getReport(GetReportRequest.newBuilder().setRunId(runId).build())
                .getRun()
                .getStatus())
        .isEqualTo(io.autoservice.proto.v1.RunStatus.RUN_STATUS_ERROR);
  }

  @Test
  void shouldRefuseAnOverlongCancelReasonNamingTheField() throws Exception {
    connected("cancel-me");
    String runId = dispatchTo("cancel-me");

    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                console()
                    .cancelRun(
                        CancelRunRequest.newBuilder()
                            .setRunId(runId)
                            .setReason("r".repeat(1_001))
                            .build()));

    assertThat(t).isInstanceOf(StatusRuntimeException.class);
    Status s = ((StatusRuntimeException) t).getStatus();
    assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(s.getDescription()).contains("reason");
  }

  @Test
  void shouldNeverAckAnEventWithAnOutOfRangeTimeAndStoreItWhenResentWell() throws Exception {
    // given a running run and an event whose timestamp no Instant can hold
    StreamingAgent agent = connected("bad-time");
    String runId = dispatchTo("bad-time");
    agent.takeRun(runId);
    io.autoservice.proto.v1.RunEvent bad =
        WireMapper.toProto(
                new RunEvent(
                    runId,
                    2,
                    Instant.now(),
                    new EventPayload.TaskOutput(0, EventPayload.OutputSource.STDOUT, "line two")))
            .toBuilder()
            .setTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(Long.MAX_VALUE))
            .build();
    agent.out.onNext(AgentMessage.newBuilder().setRunEvent(bad).build());

    // then the stream is refused naming the field, the event is not acked, the agent is not left
    // busy
    Status s = closedStatus(agent);
    assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(s.getDescription()).contains("time");
    assertThat(agent.acked.get()).isLessThan(2);
    assertThat(stateOf("bad-time")).isEqualTo(AgentState.AGENT_STATE_OFFLINE);

    // and the same sequence sent again well is stored, not taken for a duplicate
    StreamingAgent again = new StreamingAgent(channel, "bad-time");
    again.out.onNext(
        AgentMessage.newBuilder()
            .setHello(
                Hello.newBuilder()
                    .setAgentId("bad-time")
                    .setMachine(MachineInfo.newBuilder().setHostname("pc-bad-time"))
                    .addSupportedTaskTypes("hello_service")
                    .addOpenRuns(
                        io.autoservice.proto.v1.OpenRun.newBuilder()
                            .setRunId(runId)
                            .setLastSequence(2))
                    .setProtocolRevision(1))
            .build());
    assertThat(again.next().getWelcome().getAcked(0).getSequence()).isEqualTo(1);
    again.output(runId, 2, "line two");
    again.event(
        runId,
        3,
        new EventPayload.RunFinished(
            new RunReport(
                runId, RunStatus.OK, List.of(), 0.1, Instant.now(), Json.object(), null)));
    assertThat(runAfter(runId, RunState.RUN_STATE_FINISHED).getStatus())
        .isEqualTo(io.autoservice.proto.v1.RunStatus.RUN_STATUS_OK);
    assertThat(
            Eventually.until(
                "both events stored and acked",
                Duration.ofSeconds(10),
                again.acked::get,
                n -> n >= 3))
        .as("both events stored and acked")
        .isEqualTo(3);
  }

  @Test
  void shouldNeverAckAnEventOfAKindThisControllerDoesNotKnow() throws Exception {
    // given an event from a newer agent: a payload field this controller has never heard of
    StreamingAgent agent = connected("newer");
    String runId = dispatchTo("newer");
    agent.takeRun(runId);
    io.autoservice.proto.v1.RunEvent unknown =
        io.autoservice.proto.v1.RunEvent.newBuilder()
            .setRunId(runId)
            .setSequence(2)
            .setTime(WireMapper.toProto(Instant.now()))
            .setUnknownFields(
                com.google.protobuf.UnknownFieldSet.newBuilder()
                    .addField(
                        99,
                        com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(
                                com.google.protobuf.ByteString.copyFromUtf8("future"))
                            .build())
                    .build())
            .build();
    agent.out.onNext(AgentMessage.newBuilder().setRunEvent(unknown).build());

    // then it is refused, not acked, and the agent is not left busy
    Status s = closedStatus(agent);
    assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(agent.acked.get()).isLessThan(2);
    assertThat(stateOf("newer")).isEqualTo(AgentState.AGENT_STATE_OFFLINE);
  }

  @Test
  void shouldRefuseDotRunIdsFromAnAgent() throws Exception {
    StreamingAgent agent = connected("dots");

    agent.output("..", 1, "x");

    Status s = closedStatus(agent);
    assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(s.getDescription()).contains("run_event.run_id");
  }

  @Test
  void shouldShortenAnOverlongOutputLineAndKeepTheRunGoing() throws Exception {
    StreamingAgent agent = connected("chatty");
    String runId = dispatchTo("chatty");
    agent.takeRun(runId);

    agent.output(runId, 2, "o".repeat(100_000));
    agent.event(
        runId,
        3,
        new EventPayload.RunFinished(
            new RunReport(
                runId, RunStatus.OK, List.of(), 0.1, Instant.now(), Json.object(), null)));

    assertThat(runAfter(runId, RunState.RUN_STATE_FINISHED).getStatus())
        .isEqualTo(io.autoservice.proto.v1.RunStatus.RUN_STATUS_OK);
    assertThat(agent.closed).isNotDone();
  }
}
