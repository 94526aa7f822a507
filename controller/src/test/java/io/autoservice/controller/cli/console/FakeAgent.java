package io.autoservice.controller.cli.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.TaskSpec;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.AssignRun;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.MachineInfo;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A scripted agent speaking {@code AgentGateway.Connect} to a real controller: Hello, then for each
 * AssignRun a CommandAck and RunStarted, per task TaskStarted / TaskProgress / TaskOutput /
 * TaskFinished, then RunFinished. {@code hello_service} and {@code disk_space_report} succeed, a
 * task with {@code "fail": true} errors, any other type is skipped. With {@link #hold} set, a run
 * stops after its first TaskStarted until {@link #release} or a CancelRun, which ends it cancelled
 * as the real executor does. Every event sent is recorded, so tests can print the same events
 * themselves.
 */
final class FakeAgent implements AutoCloseable {
  static final List<String> TYPES = List.of("hello_service", "disk_space_report");

  final String agentId;
  final String hostname;
  private final Map<String, String> labels;
  private final ManagedChannel channel;
  private final ExecutorService sender = Executors.newSingleThreadExecutor();
  private final ExecutorService runner = Executors.newCachedThreadPool();
  private final CountDownLatch welcomed = new CountDownLatch(1);
  private final Map<String, List<RunEvent>> sent = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> cancels = new ConcurrentHashMap<>();
  private final Map<String, Long> seqs = new ConcurrentHashMap<>();
  private volatile CountDownLatch release = new CountDownLatch(0);
  private volatile boolean refuse;
  private volatile String noise = "";
  private StreamObserver<AgentMessage> out;

  FakeAgent(String agentId, String hostname, Map<String, String> labels, int port) {
    this.agentId = agentId;
    this.hostname = hostname;
    this.labels = labels;
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  FakeAgent connect() throws InterruptedException {
    out = AgentGatewayGrpc.newStub(channel).connect(new Inbound());
    send(
        AgentMessage.newBuilder()
            .setHello(
                Hello.newBuilder()
                    .setAgentId(agentId)
                    .setMachine(
                        MachineInfo.newBuilder()
                            .setHostname(hostname)
                            .setOsName("Windows 11 Pro")
                            .setOsVersion("10.0.22631")
                            .setAgentVersion("0.1.0-test")
                            .setUsername("tech"))
                    .addAllSupportedTaskTypes(TYPES)
                    .putAllLabels(labels)
                    .setProtocolRevision(1))
            .build());
    if (!welcomed.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no Welcome for " + agentId);
    }
    return this;
  }

  /** Runs from now on stop after their first TaskStarted until released or cancelled. */
  void hold() {
    release = new CountDownLatch(1);
  }

  void release() {
    release.countDown();
  }

  /** The next assignments are refused (CommandAck accepted=false). */
  void refusePlans() {
    refuse = true;
  }

  /** From now on {@code text} ends every progress message, output line and failure reason. */
  void addToEveryText(String text) {
    noise = text;
  }

  /** Sends a heartbeat carrying these figures. */
  void heartbeat(io.autoservice.proto.v1.AgentStats stats) {
    send(
        AgentMessage.newBuilder()
            .setHeartbeat(io.autoservice.proto.v1.Heartbeat.newBuilder().setStats(stats))
            .build());
  }

  /** The events this agent sent for a run, in order. */
  List<RunEvent> sent(String runId) {
    return List.copyOf(sent.getOrDefault(runId, List.of()));
  }

  private final class Inbound implements StreamObserver<ControllerMessage> {
    @Override
    public void onNext(ControllerMessage m) {
      switch (m.getKindCase()) {
        case WELCOME -> welcomed.countDown();
        case ASSIGN_RUN -> assigned(m.getAssignRun());
        case CANCEL_RUN -> {
          String id = m.getCancelRun().getRunId();
          ack(id, CommandAck.Command.COMMAND_CANCEL_RUN, true, "");
          cancels.computeIfAbsent(id, k -> new CountDownLatch(1)).countDown();
        }
        default -> {}
      }
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }

  private void assigned(AssignRun a) {
    String runId = a.getRunId();
    if (refuse) {
      ack(runId, CommandAck.Command.COMMAND_ASSIGN_RUN, false, "tasks[0]: not on this agent");
      return;
    }
    ack(runId, CommandAck.Command.COMMAND_ASSIGN_RUN, true, "");
    CountDownLatch gate = release;
    CountDownLatch cancel = cancels.computeIfAbsent(runId, k -> new CountDownLatch(1));
    Plan plan = WireMapper.fromProto(a.getPlan());
    runner.execute(() -> execute(runId, plan, gate, cancel));
  }

  private void execute(String runId, Plan plan, CountDownLatch gate, CountDownLatch cancel) {
    Instant started = Instant.now();
    List<TaskResult> results = new ArrayList<>();
    emit(runId, new EventPayload.RunStarted(plan.tasks().stream().map(TaskSpec::type).toList()));
    boolean cancelled = false;
    for (TaskSpec t : plan.tasks()) {
      if (cancelled) {
        results.add(TaskResult.ofReason(t.type(), t.id(), TaskStatus.SKIPPED, "run cancelled", 0));
        continue;
      }
      emit(runId, new EventPayload.TaskStarted(t.index(), t.type(), t.id()));
      if (t.index() == 0 && !await(gate, cancel)) {
        cancelled = true;
        TaskResult r = TaskResult.ofReason(t.type(), t.id(), TaskStatus.ERROR, "cancelled", 0.5);
        emit(runId, new EventPayload.TaskFinished(t.index(), r));
        results.add(r);
        continue;
      }
      emit(runId, new EventPayload.TaskProgress(t.index(), 50, "half way" + noise));
      emit(
          runId,
          new EventPayload.TaskOutput(
              t.index(), EventPayload.OutputSource.LOG, "working on " + t.type() + noise));
      TaskResult r = result(t);
      emit(runId, new EventPayload.TaskFinished(t.index(), r));
      results.add(r);
    }
    RunStatus status = cancelled ? RunStatus.CANCELLED : RunStatus.of(results);
    ObjectNode meta =
        Json.object()
            .put("hostname", hostname)
            .put("os_name", "Windows 11 Pro")
            .put("os_version", "10.0.22631")
            .put("agent_version", "0.1.0-test");
    meta.setAll(plan.metadata());
    emit(
        runId,
        new EventPayload.RunFinished(
            new RunReport(runId, status, results, 1.25, started, meta, null)));
  }

  private static boolean await(CountDownLatch gate, CountDownLatch cancel) {
    try {
      while (!gate.await(10, TimeUnit.MILLISECONDS)) {
        if (cancel.getCount() == 0) {
          return false;
        }
      }
      return cancel.getCount() != 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private TaskResult result(TaskSpec t) {
    if (t.params().path("fail").asBoolean(false)) {
      return TaskResult.ofReason(
          t.type(), t.id(), TaskStatus.ERROR, "the tool failed: exit code 3" + noise, 0.25);
    }
    if (!TYPES.contains(t.type())) {
      return TaskResult.ofReason(
          t.type(), t.id(), TaskStatus.SKIPPED, "Unknown task type: " + t.type(), 0);
    }
    ObjectNode summary = Json.object();
    summary.putObject("human_readable").put("message", "Hello, World!");
    summary.putObject("results").put("greeting", "Hello, World!").put("volumes", 2);
    return new TaskResult(t.type(), t.id(), TaskStatus.SUCCESS, summary, 0.25, null);
  }

  private void emit(String runId, EventPayload payload) {
    long seq = seqs.merge(runId, 1L, Long::sum);
    RunEvent e = new RunEvent(runId, seq, Instant.now(), payload);
    sent.computeIfAbsent(runId, k -> Collections.synchronizedList(new ArrayList<>())).add(e);
    send(AgentMessage.newBuilder().setRunEvent(WireMapper.toProto(e)).build());
  }

  private void ack(String runId, CommandAck.Command command, boolean accepted, String error) {
    send(
        AgentMessage.newBuilder()
            .setCommandAck(
                CommandAck.newBuilder()
                    .setRunId(runId)
                    .setCommand(command)
                    .setAccepted(accepted)
                    .setError(error))
            .build());
  }

  private void send(AgentMessage m) {
    sender.execute(() -> out.onNext(m));
  }

  @Override
  public void close() throws InterruptedException {
    if (sender.isShutdown()) {
      return; // closed already (by a test, before its harness)
    }
    release.countDown();
    runner.shutdownNow();
    sender.execute(() -> out.onCompleted());
    sender.shutdown();
    sender.awaitTermination(5, TimeUnit.SECONDS);
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
  }
}
