package io.autoservice.controller.gateway;

import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.runs.Dispatcher;
import io.autoservice.controller.store.EventWriter;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.ControllerMessage;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.ScheduledExecutorService;

/** The agents' door: one {@link AgentSession} per {@code Connect} stream. */
public final class AgentGatewayService extends AgentGatewayGrpc.AgentGatewayImplBase {
  private final FleetRegistry fleet;
  private final Dispatcher dispatcher;
  private final EventWriter writer;
  private final ScheduledExecutorService retries;
  private final int heartbeatSeconds;

  public AgentGatewayService(
      FleetRegistry fleet,
      Dispatcher dispatcher,
      EventWriter writer,
      ScheduledExecutorService retries,
      int heartbeatSeconds) {
    this.fleet = fleet;
    this.dispatcher = dispatcher;
    this.writer = writer;
    this.retries = retries;
    this.heartbeatSeconds = heartbeatSeconds;
  }

  @Override
  public StreamObserver<AgentMessage> connect(StreamObserver<ControllerMessage> responseObserver) {
    return new AgentSession(
        (ServerCallStreamObserver<ControllerMessage>) responseObserver,
        fleet,
        dispatcher,
        writer,
        retries,
        heartbeatSeconds);
  }
}
