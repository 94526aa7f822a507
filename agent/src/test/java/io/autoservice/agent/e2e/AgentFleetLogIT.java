package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.AssignRun;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.LocalRunAck;
import io.autoservice.proto.v1.Welcome;
import io.autoservice.testsupport.Eventually;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent jar in fleet mode against a hostile controller (or a technician's plan): text the
 * controller sends (its agent id for us, an ack's ids and error, a close status, a plan's content)
 * reaches the agent's log only with its control characters escaped, and an assignment the agent
 * cannot take is refused with a CommandAck that says why.
 */
class AgentFleetLogIT {
  static final String ESC_TITLE = "\u001b]0;pwned\u0007";

  @TempDir Path tmp;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private Server server;
  private final List<CommandAck> acks = new CopyOnWriteArrayList<>();
  private final AtomicBoolean once = new AtomicBoolean();
  private AgentProcess agent;

  @BeforeEach
  void setUp() throws Exception {
    server =
        grpc.register(
            NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new HostileController())
                .build()
                .start());
  }

  @AfterEach
  void tearDown() throws Exception {
    if (agent != null) {
      agent.process().toHandle().destroyForcibly();
    }
  }

  @Test
  void shouldEscapeControllerAndPlanTextInItsLogAndRefuseAnInvalidPlanByAck() throws Exception {
    // given
    agent =
        AgentProcess.start(
            List.of(
                "connect",
                "--controller",
                "127.0.0.1:" + server.getPort(),
                "--data",
                tmp.resolve("agent-data").toString(),
                "--insecure"),
            Map.of(),
            null);

    // when: the controller has sent its hostile messages and closed the stream
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !acks.isEmpty());
    Eventually.until(
        Duration.ofSeconds(30),
        () -> agent.stderrSoFar().contains("(UNAVAILABLE: bye "),
        () -> "the stream's close logged; the log so far:\n" + agent.stderrSoFar());
    agent.process().toHandle().destroyForcibly();
    String log = agent.await().stderr();

    // then: the refusal names the problem
    assertThat(acks.get(0).getAccepted()).isFalse();
    assertThat(acks.get(0).getError()).startsWith("invalid plan: ").contains("seconds");
    // and the log shows every piece of hostile text escaped, none raw
    assertThat(log).contains("\\e]0;pwned\\x07");
    assertThat(AgentRunIT.RAW_CONTROL.matcher(log).find()).as(log).isFalse();
  }

  /** A plan whose problem (a text where a number belongs) carries the escape sequence. */
  private static io.autoservice.common.plan.Plan badPlan() {
    try {
      return PlanParser.parse(
          "{\"tasks\":[{\"type\":\"hello_service\","
              + "\"params\":{\"seconds\":\"\\u001b]0;pwned\\u0007\"}}]}");
    } catch (io.autoservice.common.plan.PlanException e) {
      throw new AssertionError(e);
    }
  }

  private final class HostileController extends AgentGatewayGrpc.AgentGatewayImplBase {
    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<ControllerMessage> out) {
      return new StreamObserver<>() {
        @Override
        public synchronized void onNext(AgentMessage m) {
          if (m.hasCommandAck()) {
            acks.add(m.getCommandAck());
            out.onError(
                Status.UNAVAILABLE.withDescription("bye " + ESC_TITLE).asRuntimeException());
            return;
          }
          if (!m.hasHello() || !once.compareAndSet(false, true)) {
            return;
          }
          out.onNext(
              ControllerMessage.newBuilder()
                  .setWelcome(
                      Welcome.newBuilder()
                          .setAgentId("someone-else" + ESC_TITLE)
                          .setHeartbeatIntervalSeconds(15))
                  .build());
          out.onNext(
              ControllerMessage.newBuilder()
                  .setLocalRunAck(
                      LocalRunAck.newBuilder()
                          .setLocalRunId("lr" + ESC_TITLE)
                          .setAccepted(false)
                          .setError("no" + ESC_TITLE))
                  .build());
          out.onNext(
              ControllerMessage.newBuilder()
                  .setAssignRun(
                      AssignRun.newBuilder()
                          .setRunId("run-bad")
                          .setPlan(WireMapper.toProto(badPlan())))
                  .build());
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      };
    }
  }
}
