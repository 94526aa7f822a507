package io.autoservice.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.proto.v1.AgentIdList;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.AgentState;
import io.autoservice.proto.v1.CancelRunRequest;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.GetReportRequest;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.ListAgentsRequest;
import io.autoservice.proto.v1.MachineInfo;
import io.autoservice.proto.v1.OpenRun;
import io.autoservice.proto.v1.WatchEvent;
import io.autoservice.proto.v1.WatchRunsRequest;
import io.autoservice.testsupport.Eventually;
import io.autoservice.testsupport.TestPostgres;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real controller replicas on one real PostgreSQL: what one is asked reaches the agent held by
 * the other through the store, watchers on either see every event, and an agent that moves to the
 * other replica (the first let go, or died) carries on its run there, each event stored once.
 */
class ReplicaRoutingIT {
  private static final int TTL_SECONDS = 3;
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dataA;
  @TempDir Path dataB;
  private ControllerServer a;
  private ControllerServer b;
  private String token;
  private TestPostgres.Db db;
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    db = TestPostgres.shared().newDatabase();
    a = replica(db, dataA);
    b = replica(db, dataB);
    token = Files.readString(a.adminTokenFile().orElseThrow()).strip();
    assertThat(b.adminTokenFile()).as("the admin exists once, for every replica").isEmpty();
  }

  private static ControllerServer replica(TestPostgres.Db db, Path data) throws Exception {
    return ControllerServer.start(
        ControllerSettings.defaults()
            .withManagementListen("", null)
            .withWebListen("")
            .withStore(db.url(), db.user(), null)
            .withReplicaTtl(TTL_SECONDS)
            .with("127.0.0.1:0", data),
        Clock.systemUTC(),
        true);
  }

  @AfterEach
  void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  private ManagedChannel channel(ControllerServer s) {
    ManagedChannel c =
        NettyChannelBuilder.forAddress("127.0.0.1", s.address().port()).usePlaintext().build();
    channels.add(c);
    return c;
  }

  private ConsoleServiceGrpc.ConsoleServiceBlockingStub console(ControllerServer s) {
    return Loopback.withToken(ConsoleServiceGrpc.newBlockingStub(channel(s)), token);
  }

  private String dispatch(ControllerServer on, String agentId) throws Exception {
    return console(on)
        .dispatch(
            DispatchRequest.newBuilder()
                .setPlan(WireMapper.toProto(PlanParser.parse("[{\"type\":\"hello_service\"}]")))
                .setAgentIds(AgentIdList.newBuilder().addIds(agentId))
                .build())
        .getRuns(0)
        .getRunId();
  }

  /** Collects a WatchRuns stream in the background. */
  private List<WatchEvent> watch(ControllerServer on, String runId) {
    List<WatchEvent> seen = new CopyOnWriteArrayList<>();
    Iterator<WatchEvent> it =
        console(on).watchRuns(WatchRunsRequest.newBuilder().addRunIds(runId).build());
    Thread t =
        new Thread(
            () -> {
              try {
                it.forEachRemaining(seen::add);
              } catch (RuntimeException ended) {
                // the stream ended with the test
              }
            });
    t.setDaemon(true);
    t.start();
    return seen;
  }

  private static List<Long> sequences(List<WatchEvent> seen) {
    return seen.stream()
        .filter(WatchEvent::hasRunEvent)
        .map(e -> e.getRunEvent().getSequence())
        .toList();
  }

  /**
   * Waits until {@code on} lists the agent as online: the agent's row is written just after its
   * Welcome, and another replica learns of it through the store.
   */
  private void awaitOnline(ControllerServer on, String agentId) throws Exception {
    Eventually.until(
        "replica " + on.address() + " sees " + agentId + " online through the store",
        WAIT,
        () -> console(on).listAgents(ListAgentsRequest.getDefaultInstance()).getAgentsList(),
        l ->
            l.stream()
                .anyMatch(
                    x ->
                        x.getAgentId().equals(agentId)
                            && x.getState() == AgentState.AGENT_STATE_ONLINE));
  }

  private static RunReport report(String runId) {
    return new RunReport(runId, RunStatus.OK, List.of(), 0.5, Instant.now(), Json.object(), null);
  }

  private static void awaitAck(StreamingAgent agent, long seq) throws Exception {
    Eventually.until(
        "the agent's events acked up to " + seq, WAIT, agent.acked::get, acked -> acked >= seq);
  }

  @Test
  void shouldRouteADispatchAndACancelToTheReplicaHoldingTheAgentAndFeedWatchersOnTheOther()
      throws Exception {
    StreamingAgent agent = new StreamingAgent(channel(b), "pc-1").hello();
    assertThat(agent.next().hasWelcome()).isTrue();
    Eventually.until(
        "replica A sees the agent online through the store",
        WAIT,
        () -> console(a).listAgents(ListAgentsRequest.getDefaultInstance()).getAgentsList(),
        l -> l.size() == 1 && l.get(0).getState() == AgentState.AGENT_STATE_ONLINE);

    String runId = dispatch(a, "pc-1");
    List<WatchEvent> onA = watch(a, runId);
    agent.takeRun(runId);
    for (long seq = 2; seq <= 40; seq++) {
      agent.output(runId, seq, "line " + seq);
    }
    awaitAck(agent, 40);
    Eventually.until(
        "the watcher on A has every event B ingested, in order",
        WAIT,
        () -> sequences(onA),
        s -> s.size() == 40);
    assertThat(sequences(onA)).isSorted().doesNotHaveDuplicates();

    var cancelled =
        console(a)
            .cancelRun(CancelRunRequest.newBuilder().setRunId(runId).setReason("wrong PC").build());
    assertThat(cancelled.getRun().getRunId()).isEqualTo(runId);
    ControllerMessage m = agent.next();
    assertThat(m.hasCancelRun()).as("the cancel reached the agent on B: " + m).isTrue();
    assertThat(m.getCancelRun().getReason()).isEqualTo("wrong PC");

    agent.event(runId, 41, new EventPayload.RunFinished(report(runId)));
    awaitAck(agent, 41);
    Eventually.until(
        "A's watcher sees the end",
        WAIT,
        () -> sequences(onA),
        s -> s.size() == 41 && s.get(40) == 41);
    var got = console(a).getReport(GetReportRequest.newBuilder().setRunId(runId).build());
    assertThat(got.getReport().getRunId()).isEqualTo(runId);
  }

  @Test
  void shouldCarryARunOnWhenItsAgentMovesToTheOtherReplica() throws Exception {
    StreamingAgent first = new StreamingAgent(channel(a), "pc-2").hello();
    assertThat(first.next().hasWelcome()).isTrue();
    awaitOnline(b, "pc-2");
    String runId = dispatch(b, "pc-2");
    first.takeRun(runId);
    for (long seq = 2; seq <= 10; seq++) {
      first.output(runId, seq, "line " + seq);
    }
    awaitAck(first, 10);
    List<WatchEvent> onB = watch(b, runId);

    // The agent's link to A drops; it comes back through B with the run still open.
    first.out.onCompleted();
    StreamingAgent second = new StreamingAgent(channel(b), "pc-2");
    second.out.onNext(
        AgentMessage.newBuilder()
            .setHello(
                Hello.newBuilder()
                    .setAgentId("pc-2")
                    .setMachine(MachineInfo.newBuilder().setHostname("pc-pc-2"))
                    .addSupportedTaskTypes("hello_service")
                    .addOpenRuns(OpenRun.newBuilder().setRunId(runId))
                    .setProtocolRevision(1))
            .build());
    ControllerMessage welcome = second.next();
    assertThat(welcome.hasWelcome()).isTrue();
    assertThat(welcome.getWelcome().getAckedList())
        .as("B answers with what A stored")
        .anySatisfy(
            ack -> {
              assertThat(ack.getRunId()).isEqualTo(runId);
              assertThat(ack.getSequence()).isEqualTo(10);
            });
    for (long seq = 11; seq <= 20; seq++) {
      second.output(runId, seq, "line " + seq);
    }
    second.event(runId, 21, new EventPayload.RunFinished(report(runId)));
    awaitAck(second, 21);
    Eventually.until(
        "B's watcher sees all 21 events", WAIT, () -> sequences(onB), s -> s.size() == 21);
    assertThat(sequences(onB)).isSorted().doesNotHaveDuplicates();
    Eventually.until(
        "the run finished once, ok, on both replicas' view",
        WAIT,
        () -> console(a).getReport(GetReportRequest.newBuilder().setRunId(runId).build()),
        r -> r.getRun().getStatus() == io.autoservice.proto.v1.RunStatus.RUN_STATUS_OK);
  }

  @Test
  void shouldTakeOverTheAgentsOfAReplicaThatDied() throws Exception {
    StreamingAgent first = new StreamingAgent(channel(a), "pc-3").hello();
    assertThat(first.next().hasWelcome()).isTrue();
    awaitOnline(b, "pc-3");
    String queuedBehind = null;
    String runId = dispatch(b, "pc-3");
    first.takeRun(runId);
    awaitAck(first, 1);
    queuedBehind = dispatch(b, "pc-3"); // waits behind the first run, held by A

    a.close(); // A is gone: its heartbeat stops, the agent's stream drops
    a = null;
    StreamingAgent second = new StreamingAgent(channel(b), "pc-3");
    second.out.onNext(
        AgentMessage.newBuilder()
            .setHello(
                Hello.newBuilder()
                    .setAgentId("pc-3")
                    .setMachine(MachineInfo.newBuilder().setHostname("pc-pc-3"))
                    .addSupportedTaskTypes("hello_service")
                    .addOpenRuns(OpenRun.newBuilder().setRunId(runId))
                    .setProtocolRevision(1))
            .build());
    assertThat(second.next().hasWelcome()).isTrue();
    second.event(runId, 2, new EventPayload.RunFinished(report(runId)));
    awaitAck(second, 2);
    ControllerMessage next = second.next();
    assertThat(next.getAssignRun().getRunId())
        .as("the run queued behind it is sent by B once the first ends")
        .isEqualTo(queuedBehind);
  }

  @Test
  void shouldLetGoOfAnAgentAnotherReplicaTookWhileThisOneLookedDead() throws Exception {
    StreamingAgent first = new StreamingAgent(channel(a), "pc-4").hello();
    assertThat(first.next().hasWelcome()).isTrue();
    awaitOnline(b, "pc-4");
    String runId = dispatch(a, "pc-4");
    first.takeRun(runId);
    first.output(runId, 2, "line 2");
    awaitAck(first, 2);

    // B took the agent while A's heartbeat looked stale (a stalled machine): what B's adoption
    // writes.
    String replicaB = Files.readString(dataB.resolve("replica-id")).strip();
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        java.sql.PreparedStatement st =
            c.prepareStatement(
                "UPDATE agent_leases SET replica_id = ?, epoch = epoch + 1, connected = 0"
                    + " WHERE agent_id = 'pc-4'")) {
      st.setString(1, replicaB);
      assertThat(st.executeUpdate()).isEqualTo(1);
    }

    Eventually.until(
        "A closes the stream of the agent it no longer holds", WAIT, () -> first.closed.isDone());
    StreamingAgent second = new StreamingAgent(channel(b), "pc-4");
    second.out.onNext(
        AgentMessage.newBuilder()
            .setHello(
                Hello.newBuilder()
                    .setAgentId("pc-4")
                    .setMachine(MachineInfo.newBuilder().setHostname("pc-pc-4"))
                    .addSupportedTaskTypes("hello_service")
                    .addOpenRuns(OpenRun.newBuilder().setRunId(runId))
                    .setProtocolRevision(1))
            .build());
    ControllerMessage welcome = second.next();
    assertThat(welcome.getWelcome().getAckedList())
        .anySatisfy(ack -> assertThat(ack.getSequence()).isEqualTo(2));
    second.event(runId, 3, new EventPayload.RunFinished(report(runId)));
    awaitAck(second, 3);
    Eventually.until(
        "the run finished ok",
        WAIT,
        () -> console(a).getReport(GetReportRequest.newBuilder().setRunId(runId).build()),
        r -> r.getRun().getStatus() == io.autoservice.proto.v1.RunStatus.RUN_STATUS_OK);
  }
}
