package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.Welcome;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent jar given three controller addresses: a closed port, then two replicas on
 * 127.0.0.1. It skips the closed port, is welcomed by the first replica, and when that replica dies
 * says Hello to the second.
 */
class AgentFailoverIT {
  @TempDir Path tmp;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private AgentProcess agent;

  @AfterEach
  void tearDown() {
    if (agent != null) {
      agent.process().toHandle().destroyForcibly();
    }
  }

  @Test
  void shouldSkipAClosedPortAndFailOverToTheNextReplica() throws Exception {
    // given
    Welcoming first = new Welcoming();
    Welcoming second = new Welcoming();
    Server firstServer = serve(first);
    Server secondServer = serve(second);
    String controllers =
        "127.0.0.1:"
            + closedPort()
            + ",127.0.0.1:"
            + firstServer.getPort()
            + ",127.0.0.1:"
            + secondServer.getPort();

    // when
    agent =
        AgentProcess.start(
            List.of(
                "connect",
                "--controller",
                controllers,
                "--data",
                tmp.resolve("agent-data").toString(),
                "--insecure"),
            Map.of(),
            null);

    // then: welcomed by the first replica, and its log says where it is
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> first.hellos.get() == 1);
    String connectedToFirst = "Connected to the controller at 127.0.0.1:" + firstServer.getPort();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> agent.stderrSoFar().contains(connectedToFirst));
    assertThat(second.hellos.get()).isZero();

    // when: the first replica dies
    firstServer.shutdownNow();

    // then: the second replica welcomes it within the floor's few seconds
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> second.hellos.get() == 1);
    String connectedToSecond = "Connected to the controller at 127.0.0.1:" + secondServer.getPort();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> agent.stderrSoFar().contains(connectedToSecond));
  }

  private Server serve(Welcoming controller) throws Exception {
    return grpc.register(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(controller)
            .build()
            .start());
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A controller that welcomes every Hello and keeps the stream open. */
  private static final class Welcoming extends AgentGatewayGrpc.AgentGatewayImplBase {
    final AtomicInteger hellos = new AtomicInteger();

    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<ControllerMessage> out) {
      return new StreamObserver<>() {
        @Override
        public void onNext(AgentMessage m) {
          if (m.hasHello()) {
            hellos.incrementAndGet();
            synchronized (out) {
              out.onNext(
                  ControllerMessage.newBuilder()
                      .setWelcome(
                          Welcome.newBuilder()
                              .setAgentId(m.getHello().getAgentId())
                              .setHeartbeatIntervalSeconds(15))
                      .build());
            }
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
