package io.autoservice.agent.fleet;

import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.AssignRun;
import io.autoservice.proto.v1.CancelRun;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.EventAck;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.RunEvent;
import io.autoservice.proto.v1.Welcome;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A scripted controller for the agent's tests: records what each stream receives and lets the test
 * answer, refuse, close or starve it (manual inbound flow control).
 */
final class FakeController extends AgentGatewayGrpc.AgentGatewayImplBase {
  private final BlockingQueue<Conn> connections = new LinkedBlockingQueue<>();
  private final AtomicInteger connects = new AtomicInteger();

  /** When set, new streams are closed with this status (and trailers) at once. */
  volatile Status refuse;

  volatile Metadata refuseTrailers;

  /** When set, new streams request only the first message (Hello); the test requests more. */
  volatile boolean manualFlow;

  @Override
  public StreamObserver<AgentMessage> connect(StreamObserver<ControllerMessage> responses) {
    connects.incrementAndGet();
    ServerCallStreamObserver<ControllerMessage> out =
        (ServerCallStreamObserver<ControllerMessage>) responses;
    Conn conn = new Conn(out);
    Status refusal = refuse;
    if (refusal != null) {
      out.onError(refusal.asRuntimeException(refuseTrailers));
    } else if (manualFlow) {
      out.disableAutoRequest();
      out.request(1);
    }
    connections.add(conn);
    return conn;
  }

  int connects() {
    return connects.get();
  }

  /** The next stream opened (waits up to 5 s). */
  Conn nextConnection() throws InterruptedException {
    Conn c = connections.poll(5, TimeUnit.SECONDS);
    if (c == null) {
      throw new AssertionError("expected the agent to connect, but it did not within 5 s");
    }
    return c;
  }

  static ControllerMessage.Builder message() {
    return ControllerMessage.newBuilder();
  }

  /** One agent stream as the controller sees it. */
  static final class Conn implements StreamObserver<AgentMessage> {
    private final ServerCallStreamObserver<ControllerMessage> out;
    private final List<AgentMessage> received = new ArrayList<>();
    final CompletableFuture<Status> closed = new CompletableFuture<>();

    /** Runs for each message received, on the agent's sending thread. */
    volatile Consumer<AgentMessage> onMessage = m -> {};

    /** Ack every RunEvent as it arrives, as a controller that persists at once would. */
    volatile boolean autoAck;

    Conn(ServerCallStreamObserver<ControllerMessage> out) {
      this.out = out;
    }

    @Override
    public void onNext(AgentMessage m) {
      synchronized (received) {
        received.add(m);
      }
      onMessage.accept(m);
      if (autoAck && m.hasRunEvent()) {
        ack(m.getRunEvent().getRunId(), m.getRunEvent().getSequence());
      }
    }

    @Override
    public void onError(Throwable t) {
      closed.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      closed.complete(Status.OK);
      synchronized (this) {
        out.onCompleted();
      }
    }

    List<AgentMessage> received() {
      synchronized (received) {
        return List.copyOf(received);
      }
    }

    Hello hello() {
      List<AgentMessage> all = received();
      if (all.isEmpty() || !all.get(0).hasHello()) {
        throw new AssertionError("expected Hello as the first message, but got " + all);
      }
      return all.get(0).getHello();
    }

    List<RunEvent> events(String runId) {
      return received().stream()
          .filter(AgentMessage::hasRunEvent)
          .map(AgentMessage::getRunEvent)
          .filter(e -> e.getRunId().equals(runId))
          .toList();
    }

    List<Long> sequences(String runId) {
      return events(runId).stream().map(RunEvent::getSequence).toList();
    }

    boolean finished(String runId) {
      return events(runId).stream().anyMatch(RunEvent::hasRunFinished);
    }

    List<CommandAck> acks() {
      return received().stream()
          .filter(AgentMessage::hasCommandAck)
          .map(AgentMessage::getCommandAck)
          .toList();
    }

    List<io.autoservice.proto.v1.LocalRunReport> localRuns() {
      return received().stream()
          .filter(AgentMessage::hasLocalRunReport)
          .map(AgentMessage::getLocalRunReport)
          .toList();
    }

    long heartbeats() {
      return received().stream().filter(AgentMessage::hasHeartbeat).count();
    }

    synchronized void send(ControllerMessage m) {
      out.onNext(m);
    }

    void welcome(Map<String, Long> acked, int heartbeatSeconds) {
      Welcome.Builder w =
          Welcome.newBuilder()
              .setAgentId(hello().getAgentId())
              .setHeartbeatIntervalSeconds(heartbeatSeconds);
      acked.forEach((run, seq) -> w.addAcked(EventAck.newBuilder().setRunId(run).setSequence(seq)));
      send(message().setWelcome(w).build());
    }

    void welcome() {
      welcome(Map.of(), 15);
    }

    void assign(String runId, String planJson) throws Exception {
      send(
          message()
              .setAssignRun(
                  AssignRun.newBuilder()
                      .setRunId(runId)
                      .setPlan(WireMapper.toProto(PlanParser.parse(planJson))))
              .build());
    }

    void cancel(String runId) {
      send(
          message()
              .setCancelRun(CancelRun.newBuilder().setRunId(runId).setReason("technician said so"))
              .build());
    }

    void ack(String runId, long sequence) {
      send(
          message()
              .setEventAck(EventAck.newBuilder().setRunId(runId).setSequence(sequence))
              .build());
    }

    synchronized void close(Status status) {
      if (status.isOk()) {
        out.onCompleted();
      } else {
        out.onError(status.asRuntimeException());
      }
    }

    void request(int n) {
      out.request(n);
    }
  }
}
