package io.autoservice.controller.hostile;

import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.MachineInfo;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One scripted agent stream that says whatever the case tells it: it records the controller's
 * messages (acks into the controller's ledger) and how the stream ended.
 */
final class HostileAgent implements ClientResponseObserver<AgentMessage, ControllerMessage> {
  private final HostileController controller;
  private final BlockingQueue<ControllerMessage> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Status> closed = new CompletableFuture<>();
  private ClientCallStreamObserver<AgentMessage> out;

  private HostileAgent(HostileController controller) {
    this.controller = controller;
  }

  static HostileAgent connect(HostileController controller) {
    HostileAgent agent = new HostileAgent(controller);
    AgentGatewayGrpc.newStub(controller.channel()).connect(agent);
    return agent;
  }

  /** A well-formed Hello, so the case can reach the messages after it. */
  static Hello hello(String agentId) {
    return Hello.newBuilder()
        .setAgentId(agentId)
        .setMachine(MachineInfo.newBuilder().setHostname("pc-" + agentId).setOsName("Windows 11"))
        .addSupportedTaskTypes("hello_service")
        .setProtocolRevision(1)
        .build();
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<AgentMessage> requestStream) {
    out = requestStream;
  }

  @Override
  public void onNext(ControllerMessage m) {
    if (m.hasEventAck()) {
      controller.acked(m.getEventAck().getRunId(), m.getEventAck().getSequence());
    } else {
      received.add(m);
    }
  }

  @Override
  public void onError(Throwable t) {
    closed.complete(Status.fromThrowable(t));
  }

  @Override
  public void onCompleted() {
    closed.complete(Status.OK);
  }

  void send(AgentMessage m) {
    if (!closed.isDone()) {
      out.onNext(m);
    }
  }

  void send(Hello hello) {
    send(AgentMessage.newBuilder().setHello(hello).build());
  }

  void accept(String runId) {
    send(
        AgentMessage.newBuilder()
            .setCommandAck(
                CommandAck.newBuilder()
                    .setRunId(runId)
                    .setCommand(CommandAck.Command.COMMAND_ASSIGN_RUN)
                    .setAccepted(true))
            .build());
  }

  /** The next message other than an ack, or null if none comes within {@code millis}. */
  ControllerMessage next(long millis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    ControllerMessage m = received.poll();
    while (m == null && !closed.isDone() && System.nanoTime() < end) {
      m = received.poll(20, TimeUnit.MILLISECONDS); // a closed stream sends nothing more
    }
    return m != null ? m : received.poll();
  }

  /** The next AssignRun, skipping Welcome and others; null if none comes in time. */
  ControllerMessage nextAssignment(long millis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end) {
      ControllerMessage m =
          next(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
      if (m != null && m.hasAssignRun()) {
        return m;
      }
    }
    return null;
  }

  boolean isClosed() {
    return closed.isDone();
  }

  /**
   * Ends the case: half-closes and waits for the controller to end the stream, which it must do
   * with a status that says what happened. Returns that status (CANCELLED if it did not end in
   * time).
   */
  Status finish() throws Exception {
    if (!closed.isDone()) {
      try {
        out.onCompleted();
      } catch (IllegalStateException alreadyClosed) {
        // the controller ended it first
      }
    }
    try {
      return closed.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      out.cancel("the controller did not end the stream", null);
      return Status.DEADLINE_EXCEEDED.withDescription(
          "the controller did not end the stream in 10 s");
    }
  }
}
