package io.autoservice.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.MachineInfo;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hand-driven agent stream: what the controller sent, the highest event ack per run, and how the
 * stream closed (status and trailers).
 */
final class StreamingAgent implements StreamObserver<ControllerMessage> {
  record Closed(Status status, Metadata trailers) {}

  final String agentId;
  final BlockingQueue<ControllerMessage> received = new LinkedBlockingQueue<>();
  final CompletableFuture<Closed> closed = new CompletableFuture<>();

  /** {@code System.nanoTime()} when Welcome arrived. */
  final CompletableFuture<Long> welcomed = new CompletableFuture<>();

  final AtomicLong acked = new AtomicLong();
  final StreamObserver<AgentMessage> out;

  StreamingAgent(Channel channel, String agentId) {
    this.agentId = agentId;
    this.out = AgentGatewayGrpc.newStub(channel).connect(this);
  }

  @Override
  public void onNext(ControllerMessage m) {
    if (m.hasWelcome()) {
      welcomed.complete(System.nanoTime());
    }
    if (m.hasEventAck()) {
      acked.accumulateAndGet(m.getEventAck().getSequence(), Math::max);
    } else {
      received.add(m);
    }
  }

  @Override
  public void onError(Throwable t) {
    Metadata trailers = Status.trailersFromThrowable(t);
    closed.complete(
        new Closed(Status.fromThrowable(t), trailers == null ? new Metadata() : trailers));
  }

  @Override
  public void onCompleted() {
    closed.complete(new Closed(Status.OK, new Metadata()));
  }

  /** The next message other than an EventAck. */
  ControllerMessage next() throws InterruptedException {
    ControllerMessage m = received.poll(10, TimeUnit.SECONDS);
    assertThat(m).as("a message from the controller to " + agentId).isNotNull();
    return m;
  }

  StreamingAgent hello() {
    out.onNext(
        AgentMessage.newBuilder()
            .setHello(
                Hello.newBuilder()
                    .setAgentId(agentId)
                    .setMachine(MachineInfo.newBuilder().setHostname("pc-" + agentId))
                    .addSupportedTaskTypes("hello_service")
                    .setProtocolRevision(1))
            .build());
    return this;
  }

  /** Waits for the AssignRun of {@code runId}, accepts it and sends RunStarted (sequence 1). */
  void takeRun(String runId) throws InterruptedException {
    ControllerMessage m = next();
    assertThat(m.getAssignRun().getRunId()).isEqualTo(runId);
    out.onNext(
        AgentMessage.newBuilder()
            .setCommandAck(
                CommandAck.newBuilder()
                    .setRunId(runId)
                    .setCommand(CommandAck.Command.COMMAND_ASSIGN_RUN)
                    .setAccepted(true))
            .build());
    event(runId, 1, new EventPayload.RunStarted(List.of("hello_service")));
  }

  void event(String runId, long seq, EventPayload p) {
    out.onNext(
        AgentMessage.newBuilder()
            .setRunEvent(WireMapper.toProto(new RunEvent(runId, seq, Instant.now(), p)))
            .build());
  }

  void output(String runId, long seq, String line) {
    event(runId, seq, new EventPayload.TaskOutput(0, EventPayload.OutputSource.STDOUT, line));
  }
}
