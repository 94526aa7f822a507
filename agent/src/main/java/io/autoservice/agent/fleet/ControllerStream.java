package io.autoservice.agent.fleet;

import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.RunEvent;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

/**
 * One Connect stream and what waits to be written on it. The gRPC callbacks do nothing but hop onto
 * the client's stream context; every other method is called there, which makes this the stream's
 * only writer without a lock (a gRPC {@code StreamObserver} is not thread-safe).
 *
 * <p>Writing follows gRPC's manual flow control: {@link #drain} writes while the transport is ready
 * and stops when it is not; the onReady callback calls it again. Control messages (Hello,
 * CommandAck, Heartbeat) go first; run events follow once the controller has sent Welcome, since
 * only Welcome says where each run resumes.
 */
final class ControllerStream implements ClientResponseObserver<AgentMessage, ControllerMessage> {
  /** What the client does with this stream's callbacks; always called in the stream context. */
  interface Handler {
    void onMessage(ControllerStream stream, ControllerMessage message);

    void onReady(ControllerStream stream);

    void onClosed(ControllerStream stream, Status status, Metadata trailers);
  }

  private final Executor context;
  private final Handler handler;
  private final ArrayDeque<AgentMessage> control = new ArrayDeque<>();
  private ClientCallStreamObserver<AgentMessage> call;
  private boolean welcomed;
  private boolean heartbeatQueued;
  private boolean finished;
  private ScheduledFuture<?> heartbeat;

  ControllerStream(Executor context, Handler handler) {
    this.context = context;
    this.handler = handler;
  }

  // ---- gRPC callbacks (any thread): hop to the stream context

  @Override
  public void beforeStart(ClientCallStreamObserver<AgentMessage> requestStream) {
    this.call = requestStream;
    requestStream.setOnReadyHandler(() -> context.execute(() -> handler.onReady(this)));
  }

  @Override
  public void onNext(ControllerMessage message) {
    context.execute(() -> handler.onMessage(this, message));
  }

  @Override
  public void onError(Throwable t) {
    Status status = Status.fromThrowable(t);
    Metadata trailers = Status.trailersFromThrowable(t);
    context.execute(() -> handler.onClosed(this, status, trailers));
  }

  @Override
  public void onCompleted() {
    context.execute(() -> handler.onClosed(this, Status.OK, new Metadata()));
  }

  // ---- stream context

  /** Queues a control message; a heartbeat already waiting makes another one redundant. */
  void queue(AgentMessage message) {
    if (message.hasHeartbeat()) {
      if (heartbeatQueued) {
        return;
      }
      heartbeatQueued = true;
    }
    control.add(message);
  }

  /** Writes while the transport is ready: control messages first, then the outbox's events. */
  void drain(Outbox outbox) {
    while (!finished && call.isReady()) {
      AgentMessage next = control.poll();
      if (next != null) {
        heartbeatQueued &= !next.hasHeartbeat();
      } else if (welcomed) {
        RunEvent event = outbox.next();
        if (event == null) {
          return;
        }
        next = AgentMessage.newBuilder().setRunEvent(event).build();
      } else {
        return;
      }
      call.onNext(next);
    }
  }

  boolean isWelcomed() {
    return welcomed;
  }

  boolean isFinished() {
    return finished;
  }

  /** Welcome arrived: events may flow. */
  void welcomed() {
    welcomed = true;
  }

  /** Replaces the pending heartbeat timer. */
  void heartbeat(ScheduledFuture<?> next) {
    heartbeat = next;
  }

  /** The stream was closed by the peer or the transport: write nothing more. */
  void ended() {
    finished = true;
    stopHeartbeat();
  }

  /** Ends our side politely: the controller sees a half-close and closes the stream. */
  void halfClose() {
    if (!finished) {
      ended();
      call.onCompleted();
    }
  }

  /** Ends the stream at once. */
  void cancel(String why) {
    if (!finished) {
      ended();
      call.cancel(why, null);
    }
  }

  private void stopHeartbeat() {
    if (heartbeat != null) {
      heartbeat.cancel(false);
      heartbeat = null;
    }
  }
}
