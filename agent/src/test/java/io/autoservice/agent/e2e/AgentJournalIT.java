package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.AssignRun;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.EventAck;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.OpenRun;
import io.autoservice.proto.v1.RunEvent;
import io.autoservice.proto.v1.RunReport;
import io.autoservice.proto.v1.RunStatus;
import io.autoservice.proto.v1.TaskStatus;
import io.autoservice.proto.v1.Welcome;
import io.autoservice.testsupport.Eventually;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent jar in fleet mode, killed with SIGKILL and started again on the same data folder,
 * against a controller in the test JVM on a loopback port: the journal makes delivery exact.
 */
class AgentJournalIT {
  static final String SLOW =
      "{\"tasks\":[{\"type\":\"hello_service\",\"params\":{\"seconds\":30}},"
          + "{\"type\":\"hello_service\",\"params\":{\"name\":\"never\"}}]}";
  static final String QUICK =
      "{\"tasks\":[{\"type\":\"hello_service\",\"params\":{\"seconds\":1}},"
          + "{\"type\":\"hello_service\",\"params\":{\"name\":\"Journal\"}}]}";

  @TempDir Path tmp;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private Path data;
  private LoopbackController controller;
  private Server server;
  private final List<AgentProcess> agents = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    data = tmp.resolve("agent-data");
    controller = new LoopbackController();
    server =
        grpc.register(
            NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(controller)
                .build()
                .start());
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AgentProcess agent : agents) {
      agent.process().toHandle().destroyForcibly();
    }
  }

  private AgentProcess startAgent() {
    AgentProcess agent =
        AgentProcess.start(
            List.of(
                "connect",
                "--controller",
                "127.0.0.1:" + server.getPort(),
                "--data",
                data.toString(),
                "--insecure"),
            Map.of(),
            null);
    agents.add(agent);
    return agent;
  }

  private static AgentProcess.Outcome kill(AgentProcess agent) {
    agent.process().toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no last words
    return agent.await();
  }

  private List<String> journalFiles() throws Exception {
    Path dir = data.resolve("journal");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }

  @Test
  void shouldCloseTheRunningTaskInErrorAfterAKillAndRestart() throws Exception {
    // given: a run in its 30 s task, each event acked as it is persisted
    AgentProcess first = startAgent();
    LoopbackController.Conn c1 = controller.nextConnection();
    c1.assign("run-kill", SLOW);
    waitFor(() -> c1.events("run-kill").stream().anyMatch(RunEvent::hasTaskStarted), "TaskStarted");

    // when: the agent is killed mid-task and started again on the same data folder
    AgentProcess.Outcome killed = kill(first);
    AgentProcess second = startAgent();
    LoopbackController.Conn c2 = controller.nextConnection();
    c2.assign("run-kill", SLOW); // the controller resends an assignment it has no ack for
    waitFor(() -> controller.finished("run-kill"), "the RunFinished of run-kill");

    // then: one report, the running task error, the next one not run, every event once
    assertThat(killed.exitCode()).isNotZero();
    assertThat(c2.hello().getOpenRunsList()).extracting(OpenRun::getRunId).contains("run-kill");
    List<RunEvent> received = new ArrayList<>(c1.events("run-kill"));
    received.addAll(c2.events("run-kill"));
    long n = received.get(received.size() - 1).getSequence();
    assertThat(received)
        .extracting(RunEvent::getSequence)
        .as("sequences received over both connections")
        .isEqualTo(LongStream.rangeClosed(1, n).boxed().toList());
    assertThat(received.stream().filter(RunEvent::hasRunStarted)).hasSize(1);
    assertThat(received.stream().filter(RunEvent::hasRunFinished)).hasSize(1);
    RunReport report = received.get(received.size() - 1).getRunFinished().getReport();
    assertThat(report.getStatus()).isEqualTo(RunStatus.RUN_STATUS_COMPLETED_WITH_ERRORS);
    assertThat(report.getTasksList())
        .extracting(t -> t.getStatus())
        .containsExactly(TaskStatus.TASK_STATUS_ERROR, TaskStatus.TASK_STATUS_SKIPPED);
    assertThat(
            report
                .getTasks(0)
                .getSummary()
                .getFieldsMap()
                .get("human_readable")
                .getStructValue()
                .getFieldsMap()
                .get("reason")
                .getStringValue())
        .isEqualTo("agent restarted during task");
    // The ack of the resent assignment is its own message: it may arrive after RunFinished.
    waitFor(() -> !c2.acks().isEmpty(), "the agent's ack of the resent assignment");
    assertThat(c2.acks()).singleElement().satisfies(a -> assertThat(a.getAccepted()).isTrue());
    // and: kept until the next Welcome confirms the controller holds all of it, then forgotten
    assertThat(journalFiles()).isNotEmpty();
    c2.drop();
    controller.nextConnection();
    waitFor(() -> journalFiles().isEmpty(), "the journal to forget the confirmed run");

    // and: a stop signal still ends the restarted agent cleanly
    second.process().toHandle().destroy();
    AgentProcess.Outcome stopped = second.await();
    assertThat(stopped.exitCode()).as(stopped.stderr()).isZero();
    assertThat(stopped.stderr()).contains("interrupted by an agent restart");
  }

  @Test
  void shouldDeliverEveryEventExactlyOnceWhenNothingWasAckedBeforeARestart() throws Exception {
    // given: a controller that acks nothing and keeps only events 1..2 (it lost the rest)
    controller.ack = false;
    controller.persistUpTo = 2;
    AgentProcess first = startAgent();
    LoopbackController.Conn c1 = controller.nextConnection();
    c1.assign("run-quiet", QUICK);
    waitFor(() -> c1.events("run-quiet").stream().anyMatch(RunEvent::hasRunFinished), "the run");
    List<RunEvent> sent = c1.events("run-quiet");
    long n = sent.size();

    // when: the agent is killed with all of it unacked, and started again
    kill(first);
    controller.ack = true;
    controller.persistUpTo = Long.MAX_VALUE;
    AgentProcess second = startAgent();
    LoopbackController.Conn c2 = controller.nextConnection();
    waitFor(() -> controller.finished("run-quiet"), "the RunFinished of run-quiet");
    c2.drop(); // the next Welcome confirms the whole run
    controller.nextConnection();
    waitFor(() -> journalFiles().isEmpty(), "the journal to forget the confirmed run");

    // then: Hello holds the whole run; 3..n come again, once each, as they were first sent
    assertThat(c1.sequences("run-quiet")).isEqualTo(LongStream.rangeClosed(1, n).boxed().toList());
    assertThat(c2.hello().getOpenRunsList())
        .singleElement()
        .satisfies(r -> assertThat(r.getLastSequence()).isEqualTo(n));
    assertThat(c2.sequences("run-quiet")).isEqualTo(LongStream.rangeClosed(3, n).boxed().toList());
    assertThat(c2.events("run-quiet")).isEqualTo(sent.subList(2, (int) n));
    assertThat(controller.stored("run-quiet")).isEqualTo(sent);
    RunReport report = sent.get((int) n - 1).getRunFinished().getReport();
    assertThat(report.getStatus()).isEqualTo(RunStatus.RUN_STATUS_OK);
    second.process().toHandle().destroy();
    second.await();
  }

  static void waitFor(Eventually.Probe<Boolean> check, String what) throws Exception {
    Eventually.until(what, Duration.ofSeconds(60), check);
  }

  /**
   * A controller that persists events in memory (ignoring a sequence it holds, as the real one
   * does), acks the highest contiguous sequence it holds, and answers Hello with what it holds of
   * each open run.
   */
  static final class LoopbackController extends AgentGatewayGrpc.AgentGatewayImplBase {
    private final Map<String, NavigableMap<Long, RunEvent>> store = new ConcurrentHashMap<>();
    private final BlockingQueue<Conn> welcomed = new LinkedBlockingQueue<>();

    /** Ack events as they are persisted. */
    volatile boolean ack = true;

    /** Events above this sequence are "lost" (not persisted), as by a controller crash. */
    volatile long persistUpTo = Long.MAX_VALUE;

    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<ControllerMessage> responses) {
      return new Conn(responses);
    }

    Conn nextConnection() throws InterruptedException {
      Conn c = welcomed.poll(60, TimeUnit.SECONDS);
      if (c == null) {
        throw new AssertionError("expected the agent to connect within 60 s");
      }
      return c;
    }

    long held(String runId) {
      NavigableMap<Long, RunEvent> events =
          store.getOrDefault(runId, new ConcurrentSkipListMap<>());
      long held = 0;
      while (events.containsKey(held + 1)) {
        held++;
      }
      return held;
    }

    List<RunEvent> stored(String runId) {
      return List.copyOf(store.getOrDefault(runId, new ConcurrentSkipListMap<>()).values());
    }

    boolean finished(String runId) {
      List<RunEvent> events = stored(runId);
      return !events.isEmpty()
          && events.get(events.size() - 1).hasRunFinished()
          && held(runId) == events.size();
    }

    /** One agent stream. */
    final class Conn implements StreamObserver<AgentMessage> {
      private final StreamObserver<ControllerMessage> out;
      private final List<AgentMessage> received = new CopyOnWriteArrayList<>();

      Conn(StreamObserver<ControllerMessage> out) {
        this.out = out;
      }

      @Override
      public void onNext(AgentMessage m) {
        received.add(m);
        if (m.hasHello()) {
          Welcome.Builder w =
              Welcome.newBuilder()
                  .setAgentId(m.getHello().getAgentId())
                  .setHeartbeatIntervalSeconds(15);
          for (OpenRun open : m.getHello().getOpenRunsList()) {
            w.addAcked(
                EventAck.newBuilder().setRunId(open.getRunId()).setSequence(held(open.getRunId())));
          }
          send(ControllerMessage.newBuilder().setWelcome(w).build());
          welcomed.add(this);
        } else if (m.hasRunEvent()) {
          RunEvent e = m.getRunEvent();
          if (e.getSequence() <= persistUpTo) {
            store
                .computeIfAbsent(e.getRunId(), id -> new ConcurrentSkipListMap<>())
                .putIfAbsent(e.getSequence(), e);
          }
          if (ack) {
            send(
                ControllerMessage.newBuilder()
                    .setEventAck(
                        EventAck.newBuilder()
                            .setRunId(e.getRunId())
                            .setSequence(held(e.getRunId())))
                    .build());
          }
        }
      }

      /** Ends the stream as a network drop does; the agent reconnects and says Hello again. */
      synchronized void drop() {
        out.onError(
            io.grpc.Status.UNAVAILABLE.withDescription("dropped by the test").asRuntimeException());
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public synchronized void onCompleted() {
        out.onCompleted();
      }

      synchronized void send(ControllerMessage m) {
        out.onNext(m);
      }

      void assign(String runId, String planJson) throws Exception {
        send(
            ControllerMessage.newBuilder()
                .setAssignRun(
                    AssignRun.newBuilder()
                        .setRunId(runId)
                        .setPlan(WireMapper.toProto(PlanParser.parse(planJson))))
                .build());
      }

      Hello hello() {
        return received.get(0).getHello();
      }

      List<RunEvent> events(String runId) {
        return received.stream()
            .filter(AgentMessage::hasRunEvent)
            .map(AgentMessage::getRunEvent)
            .filter(e -> e.getRunId().equals(runId))
            .toList();
      }

      List<Long> sequences(String runId) {
        return events(runId).stream().map(RunEvent::getSequence).toList();
      }

      List<CommandAck> acks() {
        return received.stream()
            .filter(AgentMessage::hasCommandAck)
            .map(AgentMessage::getCommandAck)
            .toList();
      }
    }
  }
}
