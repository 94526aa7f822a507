package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.Heartbeat;
import io.autoservice.proto.v1.TaskTally;
import io.autoservice.testsupport.GrpcCleanupExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The agent's own figures ride on heartbeats only when they changed since the last one. */
class FleetHeartbeatStatsTest {
  private static final Duration INTERVAL = Duration.ofSeconds(5);

  @TempDir Path dataDir;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private FleetFixture fleet;

  @BeforeEach
  void setUp() throws Exception {
    fleet = new FleetFixture(dataDir, grpc);
  }

  @AfterEach
  void tearDown() throws Exception {
    fleet.close();
  }

  @Test
  void shouldSendItsFiguresOnceAndThenOnlyWhenTheyChange() throws Exception {
    FakeController.Conn conn = connect();

    Heartbeat first = nextHeartbeat(conn);
    AgentMessage idle = nextHeartbeatMessage(conn);

    assertThat(first.hasStats()).as("the first heartbeat on a stream").isTrue();
    assertThat(first.getStats().getTasksList()).isEmpty();
    assertThat(first.getStats().getReconnects()).isZero();
    assertThat(idle.getHeartbeat().hasStats()).as("nothing changed since").isFalse();
    assertThat(idle.getSerializedSize()).isLessThan(200);

    conn.assign("run-1", FleetRunTest.HELLO);
    await().until(() -> conn.finished("run-1"));
    Heartbeat afterRun = nextHeartbeat(conn);
    Heartbeat quiet = nextHeartbeat(conn);

    assertThat(afterRun.hasStats()).isTrue();
    List<TaskTally> tasks = afterRun.getStats().getTasksList();
    assertThat(tasks).hasSize(1);
    assertThat(tasks.get(0).getTaskType()).isEqualTo("hello_service");
    assertThat(tasks.get(0).getStatus()).isEqualTo("success");
    assertThat(tasks.get(0).getCount()).isEqualTo(1);
    assertThat(quiet.hasStats()).isFalse();
  }

  @Test
  void shouldCountReconnectsAndTellANewStreamItsFigures() throws Exception {
    FakeController.Conn conn = connect();
    nextHeartbeat(conn);
    conn.close(io.grpc.Status.UNAVAILABLE.withDescription("controller restarting"));
    await() // whatever the reconnect delay, time passes until the agent is back
        .until(
            () -> {
              fleet.clock.advance(Duration.ofSeconds(1));
              return fleet.controller.connects() == 2;
            });

    FakeController.Conn again = reconnect();
    Heartbeat first = nextHeartbeat(again);

    assertThat(first.hasStats()).isTrue();
    assertThat(first.getStats().getReconnects()).isEqualTo(1);
  }

  private FakeController.Conn connect() throws Exception {
    fleet.startAgent();
    return welcome(fleet.controller.nextConnection());
  }

  private FakeController.Conn reconnect() throws Exception {
    FakeController.Conn conn = fleet.controller.nextConnection();
    return welcome(conn);
  }

  private FakeController.Conn welcome(FakeController.Conn conn) {
    await().until(() -> !conn.received().isEmpty());
    int before = fleet.listener.connected.get();
    conn.welcome(Map.of(), (int) INTERVAL.toSeconds());
    await().until(() -> fleet.listener.connected.get() == before + 1);
    return conn;
  }

  private Heartbeat nextHeartbeat(FakeController.Conn conn) {
    return nextHeartbeatMessage(conn).getHeartbeat();
  }

  private AgentMessage nextHeartbeatMessage(FakeController.Conn conn) {
    long before = conn.heartbeats();
    fleet.clock.advance(INTERVAL);
    await().until(() -> conn.heartbeats() == before + 1);
    return conn.received().stream()
        .filter(AgentMessage::hasHeartbeat)
        .reduce((a, b) -> b)
        .orElseThrow();
  }
}
