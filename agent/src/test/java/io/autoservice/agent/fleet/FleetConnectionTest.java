package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoservice.proto.v1.Hello;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.Metadata;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The session around the runs: Hello, Welcome, heartbeats, reconnect delays, fatal refusals. */
class FleetConnectionTest {
  private static final Duration NANO = Duration.ofNanos(1);

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
  void shouldIntroduceItselfWithHello() throws Exception {
    // when
    fleet.startAgent();
    FakeController.Conn conn = fleet.controller.nextConnection();
    await().until(() -> !conn.received().isEmpty());

    // then
    Hello hello = conn.hello();
    assertThat(hello.getAgentId()).isEqualTo(fleet.agentId).isNotBlank();
    assertThat(dataDir.resolve("agent-id")).content().contains(fleet.agentId);
    assertThat(hello.getMachine().getHostname()).isEqualTo("pc-042");
    assertThat(hello.getMachine().getOsName()).isEqualTo("Linux");
    assertThat(hello.getMachine().getOsVersion()).isEqualTo("6.1");
    assertThat(hello.getMachine().getAgentVersion()).isEqualTo("1.2.3");
    assertThat(hello.getMachine().getUsername()).isEqualTo("tech");
    assertThat(hello.getSupportedTaskTypesList())
        .contains("hello_service", "ping_test", "disk_space_report");
    assertThat(hello.getLabelsMap()).containsEntry("site", "front-desk");
    assertThat(hello.getOpenRunsList()).isEmpty();
    assertThat(hello.getProtocolRevision()).isEqualTo(1);
  }

  @Test
  void shouldSendHeartbeatsAtTheWelcomeInterval() throws Exception {
    // given
    fleet.startAgent();
    FakeController.Conn conn = fleet.controller.nextConnection();
    await().until(() -> !conn.received().isEmpty());

    // when
    conn.welcome(java.util.Map.of(), 5);
    await().until(() -> fleet.listener.connected.get() == 1);

    // then
    fleet.clock.advance(Duration.ofSeconds(5).minus(NANO));
    assertThat(conn.heartbeats()).isZero();
    fleet.clock.advance(NANO);
    await().until(() -> conn.heartbeats() == 1);
    fleet.clock.advance(Duration.ofSeconds(5));
    await().until(() -> conn.heartbeats() == 2);
    assertThat(conn.received().get(1).getHeartbeat().getCurrentRunId()).isEmpty();
    assertThat(conn.received().get(1).getHeartbeat().getSentAt().getSeconds()).isPositive();
  }

  @Test
  void shouldDefaultTheHeartbeatIntervalTo15Seconds() throws Exception {
    // given
    fleet.startAgent();
    FakeController.Conn conn = fleet.controller.nextConnection();
    await().until(() -> !conn.received().isEmpty());

    // when
    conn.welcome(java.util.Map.of(), 0);
    await().until(() -> fleet.listener.connected.get() == 1);

    // then
    fleet.clock.advance(Duration.ofSeconds(15).minus(NANO));
    assertThat(conn.heartbeats()).isZero();
    fleet.clock.advance(NANO);
    await().until(() -> conn.heartbeats() == 1);
  }

  @Test
  void shouldRetryUnavailableWithBackoffAndResetItOnlyAfterAHealthySession() throws Exception {
    // given: the controller is down
    fleet.controller.refuse = Status.UNAVAILABLE.withDescription("restarting");
    fleet.startAgent();

    // then: 1 s, then 2 s between attempts
    awaitReconnectScheduled(1);
    fleet.clock.advance(Duration.ofSeconds(1).minus(NANO));
    assertThat(fleet.controller.connects()).isEqualTo(1);
    fleet.clock.advance(NANO);
    awaitReconnectScheduled(2);
    fleet.clock.advance(Duration.ofSeconds(2).minus(NANO));
    assertThat(fleet.controller.connects()).isEqualTo(2);
    assertThat(fleet.backoff.policies.get()).isEqualTo(1);

    // when: it comes back and welcomes the agent, keeps it 30 s, then drops it
    fleet.controller.nextConnection();
    fleet.controller.nextConnection();
    fleet.controller.refuse = null;
    fleet.clock.advance(NANO);
    FakeController.Conn conn = fleet.controller.nextConnection();
    await().until(() -> !conn.received().isEmpty());
    conn.welcome();
    await().until(() -> fleet.listener.connected.get() == 1);
    fleet.clock.advance(ReconnectDelays.HEALTHY_AFTER);
    fleet.controller.refuse = Status.UNAVAILABLE;
    conn.close(Status.UNAVAILABLE.withDescription("controller restart"));

    // then: a healthy session's end reconnects after the 1 s floor, and the backoff starts over
    awaitReconnectScheduled(3);
    assertThat(fleet.timer.nextDelay()).isEqualTo(ReconnectDelays.FLOOR);
    fleet.clock.advance(ReconnectDelays.FLOOR);
    awaitReconnectScheduled(4);
    assertThat(fleet.timer.nextDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(fleet.backoff.policies.get()).isEqualTo(2);
    fleet.clock.advance(Duration.ofSeconds(1).minus(NANO));
    assertThat(fleet.controller.connects()).isEqualTo(4);
    fleet.clock.advance(NANO);
    await().until(() -> fleet.controller.connects() == 5);
    assertThat(fleet.listener.disconnected)
        .extracting(Status::getCode)
        .contains(Status.Code.UNAVAILABLE);
  }

  @Test
  void shouldNotReconnectInATightLoopWhenEveryStreamEndsRightAfterWelcome() throws Exception {
    // given: a controller that welcomes the agent, then ends the stream at once (as when it sends
    // an assignment the agent cannot decode, again at every Hello)
    fleet.startAgent();
    long previous = 0;
    for (int attempt = 1; attempt <= 4; attempt++) {
      FakeController.Conn conn = fleet.controller.nextConnection();
      await().until(() -> !conn.received().isEmpty());
      conn.welcome();
      int welcomed = attempt;
      await().until(() -> fleet.listener.connected.get() == welcomed);
      conn.close(Status.INTERNAL.withDescription("Failed to read message"));

      // then: the next connect waits at least a second, longer each time
      int connects = attempt;
      awaitReconnectScheduled(connects);
      long delay = fleet.timer.nextDelay().toNanos();
      assertThat(delay)
          .as("attempt %d", attempt)
          .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos())
          .isGreaterThan(previous);
      previous = delay;
      fleet.clock.advance(Duration.ofNanos(delay));
    }
    await().until(() -> fleet.controller.connects() == 5);
  }

  @Test
  void shouldStopOnUnauthenticated() throws Exception {
    // given
    fleet.controller.refuse = Status.UNAUTHENTICATED.withDescription("certificate revoked");

    // when
    fleet.startAgent();

    // then
    Status end = fleet.client.terminated().get(5, TimeUnit.SECONDS);
    assertThat(end.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(fleet.timer.pending()).isZero();
    fleet.clock.advance(Duration.ofMinutes(10));
    assertThat(fleet.controller.connects()).isEqualTo(1);
  }

  @Test
  void shouldHonourTheControllersPushbackOnResourceExhausted() throws Exception {
    // given
    Metadata trailers = new Metadata();
    trailers.put(StreamCloseKind.RETRY_PUSHBACK_MS, "5000");
    fleet.controller.refuseTrailers = trailers;
    fleet.controller.refuse = Status.RESOURCE_EXHAUSTED.withDescription("too many agents");

    // when
    fleet.startAgent();

    // then
    awaitReconnectScheduled(1);
    assertThat(fleet.timer.nextDelay()).isEqualTo(Duration.ofSeconds(5));
    fleet.clock.advance(Duration.ofSeconds(5).minus(NANO));
    assertThat(fleet.controller.connects()).isEqualTo(1);
    fleet.clock.advance(NANO);
    await().until(() -> fleet.controller.connects() == 2);
  }

  @Test
  void shouldBackOffLongerOnResourceExhaustedWithoutPushback() throws Exception {
    // given
    fleet.controller.refuse = Status.RESOURCE_EXHAUSTED;

    // when
    fleet.startAgent();

    // then
    awaitReconnectScheduled(1);
    assertThat(fleet.timer.nextDelay()).isEqualTo(ReconnectDelays.CONGESTION_MIN_DELAY);
  }

  /** Waits until the agent made {@code attempts} attempts and scheduled the next one. */
  private void awaitReconnectScheduled(int attempts) {
    await().until(() -> fleet.controller.connects() == attempts && fleet.timer.pending() == 1);
  }
}
