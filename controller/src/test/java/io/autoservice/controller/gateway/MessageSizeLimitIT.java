package io.autoservice.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.proto.v1.AgentIdList;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.ListAgentsRequest;
import io.autoservice.proto.v1.MachineInfo;
import io.autoservice.proto.v1.Plan;
import io.autoservice.proto.v1.Task;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Messages over the controller's 8 MiB inbound limit, from an agent and from a console. */
class MessageSizeLimitIT {
  private static final String NINE_MIB = "x".repeat(9 * 1024 * 1024);

  @TempDir Path data;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private Loopback loopback;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    loopback =
        grpc.register(
            new Loopback(data, ControllerSettings.defaults().withManagementListen("", null)));
    channel = loopback.channel();
  }

  @Test
  void shouldEndAnAgentStreamWhoseMessageIsTooLarge() throws Exception {
    StreamingAgent agent = new StreamingAgent(channel, "big");

    agent.out.onNext(
        AgentMessage.newBuilder()
            .setHello(
                Hello.newBuilder()
                    .setAgentId("big")
                    .setMachine(MachineInfo.newBuilder().setHostname("pc-big"))
                    .putLabels("junk", NINE_MIB))
            .build());

    Status s = agent.closed.get(20, TimeUnit.SECONDS).status();
    assertThat(s.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(s.getDescription()).contains("exceeds maximum size 8388608");
    StreamingAgent next = new StreamingAgent(channel, "small").hello();
    assertThat(next.next().hasWelcome()).as("the controller serves the next agent").isTrue();
  }

  @Test
  void shouldEndTheStreamOfAnAgentThatSendsAnOversizeEventMidStreamWithoutStoringIt()
      throws Exception {
    // given a welcomed agent
    StreamingAgent agent = new StreamingAgent(channel, "mid").hello();
    assertThat(agent.next().hasWelcome()).isTrue();

    // when it sends an event over the limit
    agent.output("some-run", 1, NINE_MIB);

    // then its stream ends: RESOURCE_EXHAUSTED when the controller's trailers arrive, CANCELLED
    // when
    // the stream is reset while the agent is still writing (what PROTOCOL.md says); nothing is
    // acked
    Status s = agent.closed.get(20, TimeUnit.SECONDS).status();
    System.out.println("oversize event mid-stream ended the stream with " + s);
    assertThat(s.getCode()).isIn(Status.Code.RESOURCE_EXHAUSTED, Status.Code.CANCELLED);
    assertThat(agent.acked.get()).isZero();
    StreamingAgent next = new StreamingAgent(channel, "small").hello();
    assertThat(next.next().hasWelcome()).as("the controller serves the next agent").isTrue();
  }

  @Test
  void shouldRefuseAConsoleRequestThatIsTooLarge() {
    var console = loopback.console(channel);
    DispatchRequest huge =
        DispatchRequest.newBuilder()
            .setPlan(
                Plan.newBuilder()
                    .addTasks(Task.newBuilder().setType("hello_service").setId(NINE_MIB)))
            .setAgentIds(AgentIdList.newBuilder().addIds("a1"))
            .build();

    assertThatThrownBy(() -> console.dispatch(huge))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(e.getStatus().getDescription()).contains("exceeds maximum size 8388608");
            });
    assertThat(console.listAgents(ListAgentsRequest.getDefaultInstance()).getAgentsCount())
        .isZero();
  }
}
