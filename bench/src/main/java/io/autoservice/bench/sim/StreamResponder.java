package io.autoservice.bench.sim;

import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.ControllerMessage;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * Routes one Connect stream's callbacks to its agent, tagged with the stream's generation, so a
 * late callback of a replaced stream is recognised and ignored.
 */
final class StreamResponder implements ClientResponseObserver<AgentMessage, ControllerMessage> {
  private final SimAgent agent;
  private final int gen;

  StreamResponder(SimAgent agent, int gen) {
    this.agent = agent;
    this.gen = gen;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<AgentMessage> requestStream) {
    agent.streamStarting(gen, requestStream);
    requestStream.setOnReadyHandler(() -> agent.readyAgain(gen));
  }

  @Override
  public void onNext(ControllerMessage m) {
    agent.received(gen, m);
  }

  @Override
  public void onError(Throwable t) {
    agent.closed(gen, Status.fromThrowable(t), Status.trailersFromThrowable(t));
  }

  @Override
  public void onCompleted() {
    agent.closed(
        gen, Status.UNAVAILABLE.withDescription("controller ended the stream"), new Metadata());
  }
}
