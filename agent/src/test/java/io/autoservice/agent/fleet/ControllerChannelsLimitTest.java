package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.AssignRun;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.Plan;
import io.autoservice.proto.v1.Task;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent's real channel ({@link ControllerChannels#plaintext}) over a real socket: a controller
 * message up to the inbound limit arrives (so a plan past the plan limit still reaches the agent
 * and is refused with its reason), and a larger one ends the stream with RESOURCE_EXHAUSTED, which
 * the client meets with its congestion delay, rather than being buffered.
 */
class ControllerChannelsLimitTest {
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private Server server;
  private ManagedChannel channel;
  private volatile int assignBytes;

  @BeforeEach
  void setUp() throws Exception {
    server =
        grpc.register(
            NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(
                    new AgentGatewayGrpc.AgentGatewayImplBase() {
                      @Override
                      public StreamObserver<AgentMessage> connect(
                          StreamObserver<ControllerMessage> out) {
                        return new StreamObserver<>() {
                          @Override
                          public void onNext(AgentMessage hello) {
                            out.onNext(assignOf(assignBytes));
                          }

                          @Override
                          public void onError(Throwable t) {}

                          @Override
                          public void onCompleted() {
                            out.onCompleted();
                          }
                        };
                      }
                    })
                .build()
                .start());
    channel =
        grpc.register(
            ControllerChannels.plaintext(
                "127.0.0.1:" + server.getPort(), "autoservice-agent/test"));
  }

  /** An AssignRun of about {@code bytes} bytes on the wire. */
  private static ControllerMessage assignOf(int bytes) {
    Struct params =
        Struct.newBuilder()
            .putFields("name", Value.newBuilder().setStringValue("x".repeat(bytes)).build())
            .build();
    return ControllerMessage.newBuilder()
        .setAssignRun(
            AssignRun.newBuilder()
                .setRunId("run-1")
                .setPlan(
                    Plan.newBuilder()
                        .addTasks(Task.newBuilder().setType("hello_service").setParams(params))))
        .build();
  }

  /**
   * Opens the stream, sends Hello, and returns how it went: the message received, or the status it
   * ended with.
   */
  private Object exchange(int bytes) throws Exception {
    assignBytes = bytes;
    CompletableFuture<Object> result = new CompletableFuture<>();
    StreamObserver<AgentMessage> requests =
        AgentGatewayGrpc.newStub(channel)
            .connect(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ControllerMessage m) {
                    result.complete(m);
                  }

                  @Override
                  public void onError(Throwable t) {
                    result.complete(Status.fromThrowable(t));
                  }

                  @Override
                  public void onCompleted() {
                    result.complete(Status.OK);
                  }
                });
    requests.onNext(
        AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentId("a-1")).build());
    Object got = result.get(30, TimeUnit.SECONDS);
    requests.onError(Status.CANCELLED.asRuntimeException());
    return got;
  }

  @Test
  void shouldAcceptAMessageOfSixMebibytesMoreThanAPlanMayBe() throws Exception {
    Object got = exchange(6 * 1024 * 1024);

    assertThat(got).isInstanceOf(ControllerMessage.class);
    assertThat(((ControllerMessage) got).getSerializedSize())
        .isGreaterThan(6 * 1024 * 1024)
        .isLessThanOrEqualTo(ControllerChannels.MAX_INBOUND_MESSAGE_BYTES);
  }

  @Test
  void shouldEndTheStreamWithResourceExhaustedForALargerMessage() throws Exception {
    Object got = exchange(9 * 1024 * 1024);

    assertThat(got).isInstanceOf(Status.class);
    Status status = (Status) got;
    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(status.getDescription()).contains("exceeds maximum size 8388608");
    assertThat(StreamCloseKind.of(status)).isEqualTo(StreamCloseKind.CONGESTION);
  }
}
