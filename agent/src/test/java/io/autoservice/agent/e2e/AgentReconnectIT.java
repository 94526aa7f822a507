package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.AssignRun;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.Plan;
import io.autoservice.proto.v1.Welcome;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent jar against a controller that welcomes it and then, at every Hello, assigns a run
 * whose plan metadata nests deeper than the agent can decode: each stream dies right after Welcome.
 * The agent must not turn that into a reconnect loop.
 */
class AgentReconnectIT {
  @TempDir Path tmp;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private Server server;
  private final List<Long> connects = new CopyOnWriteArrayList<>();
  private AgentProcess agent;

  @BeforeEach
  void setUp() throws Exception {
    server =
        grpc.register(
            NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new UndecodableAssignments())
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
  void shouldKeepAFloorBetweenConnectsWhenEveryStreamDiesRightAfterWelcome() throws Exception {
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
    Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> !connects.isEmpty());
    long first = connects.get(0);

    // when: five seconds go by (the behaviour under test is a rate, so this is a window, not a
    // wait)
    Thread.sleep(5_000);

    // then: a handful of connects, at least a second apart (it was hundreds a second)
    List<Long> within =
        connects.stream().filter(t -> t - first <= TimeUnit.SECONDS.toNanos(5)).toList();
    assertThat(within).as("connects in the first 5 s").hasSizeBetween(2, 5);
    for (int i = 1; i < within.size(); i++) {
      assertThat(within.get(i) - within.get(i - 1))
          .as("gap before connect %d", i + 1)
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(900));
    }
  }

  /** Metadata nesting {@code depth} Structs: more than protobuf's decoder allows at 40. */
  static Struct nested(int depth) {
    Struct s =
        Struct.newBuilder()
            .putFields("leaf", Value.newBuilder().setStringValue("x").build())
            .build();
    for (int i = 0; i < depth; i++) {
      s = Struct.newBuilder().putFields("n", Value.newBuilder().setStructValue(s).build()).build();
    }
    return s;
  }

  private final class UndecodableAssignments extends AgentGatewayGrpc.AgentGatewayImplBase {
    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<ControllerMessage> out) {
      return new StreamObserver<>() {
        @Override
        public void onNext(AgentMessage m) {
          if (!m.hasHello()) {
            return;
          }
          connects.add(System.nanoTime());
          synchronized (out) {
            out.onNext(
                ControllerMessage.newBuilder()
                    .setWelcome(
                        Welcome.newBuilder()
                            .setAgentId(m.getHello().getAgentId())
                            .setHeartbeatIntervalSeconds(15))
                    .build());
            out.onNext(
                ControllerMessage.newBuilder()
                    .setAssignRun(
                        AssignRun.newBuilder()
                            .setRunId("run-deep")
                            .setPlan(Plan.newBuilder().setMetadata(nested(40))))
                    .build());
          }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          synchronized (out) {
            out.onCompleted();
          }
        }
      };
    }
  }
}
