package io.autoservice.controller.crash;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.json.Json;
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
import io.autoservice.proto.v1.EventAck;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.MachineInfo;
import io.autoservice.proto.v1.OpenRun;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A simulated agent for the crash test: takes each AssignRun, streams a 23-event run for it, keeps
 * every event until the controller acks it, and after a reconnect resends from the controller's
 * Welcome, as the real agent's journal does. Every ack it receives is reported to {@code onAck}:
 * what the controller promised to keep.
 */
final class CrashAgent implements StreamObserver<ControllerMessage> {
  static final List<String> TASKS =
      List.of(
          "hello_service",
          "disk_space_report",
          "hello_service",
          "disk_space_report",
          "hello_service");

  /** RunStarted, per task TaskStarted + two TaskOutput + TaskFinished, RunFinished: 23 events. */
  static final int EVENTS_PER_RUN = 2 + TASKS.size() * 4 + 1;

  private final String agentId;
  private final ManagedChannel channel;
  private final ScheduledExecutorService timer;
  private final BiConsumer<String, Long> onAck;

  /** Runs not fully acked, in order, with their events. */
  private final Map<String, List<io.autoservice.proto.v1.RunEvent>> open = new LinkedHashMap<>();

  private StreamObserver<AgentMessage> out;
  private volatile boolean stopped;
  private volatile boolean welcomed;

  /** Streams ended so far: once the stream open at a kill has ended, every ack it carried is in. */
  private final AtomicInteger streamsEnded = new AtomicInteger();

  CrashAgent(
      String agentId,
      ManagedChannel channel,
      ScheduledExecutorService timer,
      BiConsumer<String, Long> onAck) {
    this.agentId = agentId;
    this.channel = channel;
    this.timer = timer;
    this.onAck = onAck;
  }

  synchronized void connect() {
    if (stopped) {
      return;
    }
    channel.resetConnectBackoff(); // as the real agent: its own delay decides, not the channel's
    // backoff
    out = AgentGatewayGrpc.newStub(channel).connect(this);
    Hello.Builder h =
        Hello.newBuilder()
            .setAgentId(agentId)
            .setProtocolRevision(1)
            .setMachine(
                MachineInfo.newBuilder()
                    .setHostname("crash-" + agentId)
                    .setOsName("Linux")
                    .setAgentVersion("test"))
            .addAllSupportedTaskTypes(TASKS);
    open.forEach(
        (run, events) ->
            h.addOpenRuns(OpenRun.newBuilder().setRunId(run).setLastSequence(events.size())));
    out.onNext(AgentMessage.newBuilder().setHello(h).build());
  }

  /** Whether a controller has welcomed this agent, so dispatches to it find it. */
  boolean welcomed() {
    return welcomed;
  }

  int streamsEnded() {
    return streamsEnded.get();
  }

  synchronized boolean idle() {
    return open.isEmpty();
  }

  synchronized void stop() {
    stopped = true;
    if (out != null) {
      out.onCompleted();
    }
  }

  @Override
  public synchronized void onNext(ControllerMessage m) {
    switch (m.getKindCase()) {
      case WELCOME -> {
        welcomed = true;
        Map<String, Long> acked = new LinkedHashMap<>();
        m.getWelcome().getAckedList().forEach(a -> acked.put(a.getRunId(), a.getSequence()));
        for (String run : new ArrayList<>(open.keySet())) {
          long from = acked.getOrDefault(run, 0L);
          acked(run, from);
          List<io.autoservice.proto.v1.RunEvent> events = open.get(run);
          if (events != null) {
            events.stream().filter(e -> e.getSequence() > from).forEach(this::send);
          }
        }
      }
      case ASSIGN_RUN -> assigned(m.getAssignRun());
      case EVENT_ACK -> {
        EventAck a = m.getEventAck();
        acked(a.getRunId(), a.getSequence());
      }
      default -> {}
    }
  }

  private void assigned(AssignRun a) {
    out.onNext(
        AgentMessage.newBuilder()
            .setCommandAck(
                CommandAck.newBuilder()
                    .setCommand(CommandAck.Command.COMMAND_ASSIGN_RUN)
                    .setRunId(a.getRunId())
                    .setAccepted(true))
            .build());
    if (open.containsKey(a.getRunId())) {
      return; // a resent assignment of a run already taken
    }
    List<io.autoservice.proto.v1.RunEvent> events = events(a.getRunId());
    open.put(a.getRunId(), events);
    events.forEach(this::send);
  }

  private void acked(String runId, long seq) {
    onAck.accept(runId, seq);
    List<io.autoservice.proto.v1.RunEvent> events = open.get(runId);
    if (events != null && seq >= events.size()) {
      open.remove(
          runId); // the controller holds the whole run: forgotten here, as the real agent does
    }
  }

  private void send(io.autoservice.proto.v1.RunEvent e) {
    out.onNext(AgentMessage.newBuilder().setRunEvent(e).build());
  }

  @Override
  public void onError(Throwable t) {
    streamsEnded.incrementAndGet();
    reconnectLater();
  }

  @Override
  public void onCompleted() {
    streamsEnded.incrementAndGet();
    reconnectLater();
  }

  private void reconnectLater() {
    if (!stopped) {
      timer.schedule(
          this::connect, 200 + ThreadLocalRandom.current().nextInt(300), TimeUnit.MILLISECONDS);
    }
  }

  private static List<io.autoservice.proto.v1.RunEvent> events(String runId) {
    List<EventPayload> payloads = new ArrayList<>();
    List<TaskResult> results = new ArrayList<>();
    payloads.add(new EventPayload.RunStarted(TASKS));
    for (int i = 0; i < TASKS.size(); i++) {
      payloads.add(new EventPayload.TaskStarted(i, TASKS.get(i), null));
      payloads.add(
          new EventPayload.TaskOutput(
              i, EventPayload.OutputSource.STDOUT, "working on " + TASKS.get(i)));
      payloads.add(
          new EventPayload.TaskOutput(i, EventPayload.OutputSource.STDOUT, "x".repeat(200)));
      TaskResult r = TaskResult.ofReason(TASKS.get(i), null, TaskStatus.SUCCESS, "fine", 0.1);
      results.add(r);
      payloads.add(new EventPayload.TaskFinished(i, r));
    }
    payloads.add(new EventPayload.TaskProgress(TASKS.size() - 1, 100, "done"));
    Instant now = Instant.now();
    payloads.add(
        new EventPayload.RunFinished(
            new RunReport(
                runId,
                RunStatus.OK,
                results,
                0.5,
                now,
                Json.object().put("hostname", "crash"),
                null)));
    List<io.autoservice.proto.v1.RunEvent> out = new ArrayList<>();
    for (int i = 0; i < payloads.size(); i++) {
      out.add(WireMapper.toProto(new RunEvent(runId, i + 1, now, payloads.get(i))));
    }
    return out;
  }
}
