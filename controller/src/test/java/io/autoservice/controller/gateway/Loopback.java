package io.autoservice.controller.gateway;

import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.proto.v1.AgentIdList;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.DispatchRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A real controller on a loopback port with the given settings, channels to it, and the console API
 * as the admin its first start created.
 */
final class Loopback implements AutoCloseable {
  final ControllerServer server;
  final String adminToken;
  private final List<ManagedChannel> channels = new ArrayList<>();

  Loopback(Path data, ControllerSettings settings) throws Exception {
    server = ControllerServer.start(settings.with("127.0.0.1:0", data), Clock.systemUTC(), true);
    adminToken = Files.readString(server.adminTokenFile().orElseThrow()).strip();
  }

  /** A new channel (its own TCP connection) to the controller; closed with this. */
  ManagedChannel channel() {
    ManagedChannel c =
        NettyChannelBuilder.forAddress("127.0.0.1", server.address().port()).usePlaintext().build();
    synchronized (channels) {
      channels.add(c);
    }
    return c;
  }

  /** A stub that carries {@code authorization: Bearer <token>}. */
  static <S extends AbstractStub<S>> S withToken(S stub, String token) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  ConsoleServiceGrpc.ConsoleServiceBlockingStub console(ManagedChannel channel) {
    return withToken(ConsoleServiceGrpc.newBlockingStub(channel), adminToken);
  }

  /** Dispatches a one-task hello_service plan to an agent; returns the run id. */
  String dispatchHello(ManagedChannel channel, String agentId) throws Exception {
    return console(channel)
        .dispatch(
            DispatchRequest.newBuilder()
                .setPlan(WireMapper.toProto(PlanParser.parse("[{\"type\":\"hello_service\"}]")))
                .setAgentIds(AgentIdList.newBuilder().addIds(agentId))
                .build())
        .getRuns(0)
        .getRunId();
  }

  @Override
  public void close() {
    synchronized (channels) {
      channels.forEach(ManagedChannel::shutdownNow);
    }
    server.close();
  }
}
