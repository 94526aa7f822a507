package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoservice.common.net.HostPort;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent given several controller addresses, against real gRPC servers on 127.0.0.1 (each a
 * {@link FakeController}), with fake time for the reconnect delays.
 */
class FleetFailoverTest {
  private static final Duration NANO = Duration.ofNanos(1);

  @TempDir Path dataDir;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private FleetFixture fleet;

  @AfterEach
  void tearDown() throws Exception {
    if (fleet != null) {
      fleet.close();
      fleet.connector.close();
    }
  }

  @Test
  void shouldFailOverToTheSecondControllerWhenTheFirstDiesMidStream() throws Exception {
    // given: two replicas, the agent welcomed by the first
    FakeController first = new FakeController();
    FakeController second = new FakeController();
    Server firstServer = serve(first);
    startAgent(address(firstServer), address(serve(second)));
    FakeController.Conn conn = first.nextConnection();
    await().until(() -> !conn.received().isEmpty());
    conn.welcome();
    await().until(() -> fleet.listener.connected.get() == 1);

    // when: the first replica dies
    firstServer.shutdownNow();

    // then: after the backoff's wait, and not before, the agent says Hello to the second
    await().until(() -> fleet.listener.disconnected.size() == 1 && fleet.timer.pending() == 1);
    Duration wait = fleet.timer.nextDelay();
    assertThat(wait).isEqualTo(ReconnectDelays.FLOOR);
    fleet.clock.advance(wait.minus(NANO));
    assertThat(second.connects()).isZero();
    fleet.clock.advance(NANO);
    FakeController.Conn next = second.nextConnection();
    await().until(() -> !next.received().isEmpty());
    assertThat(next.hello().getAgentId()).isEqualTo(fleet.agentId);
    next.welcome();
    await().until(() -> fleet.listener.connected.get() == 2);
  }

  @Test
  void shouldStayOnTheControllerItIsConnectedToUntilTheStreamDrops() throws Exception {
    // given
    FakeController first = new FakeController();
    FakeController second = new FakeController();
    startAgent(address(serve(first)), address(serve(second)));
    FakeController.Conn conn = first.nextConnection();
    await().until(() -> !conn.received().isEmpty());
    conn.welcome(java.util.Map.of(), 5);
    await().until(() -> fleet.listener.connected.get() == 1);

    // when: time passes (heartbeats flow)
    fleet.clock.advance(Duration.ofSeconds(5));
    await().until(() -> conn.heartbeats() == 1);
    fleet.clock.advance(Duration.ofSeconds(5));
    await().until(() -> conn.heartbeats() == 2);

    // then
    assertThat(second.connects()).isZero();
    assertThat(first.connects()).isEqualTo(1);
  }

  @Test
  void shouldSkipAnAddressThatRefusesConnections() throws Exception {
    // given: the first address is a closed port
    FakeController second = new FakeController();
    startAgent(closedPort(), address(serve(second)));

    // then: the failed connect moves on to the second address after the floor
    await().until(() -> fleet.listener.disconnected.size() == 1 && fleet.timer.pending() == 1);
    assertThat(fleet.listener.disconnected.get(0).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(fleet.timer.nextDelay()).isEqualTo(ReconnectDelays.FLOOR);
    fleet.clock.advance(ReconnectDelays.FLOOR);
    FakeController.Conn conn = second.nextConnection();
    await().until(() -> !conn.received().isEmpty());
    conn.welcome();
    await().until(() -> fleet.listener.connected.get() == 1);
  }

  @Test
  void shouldBackOffAsWithOneAddressOnceEveryAddressHasFailed() throws Exception {
    // given: two closed ports
    startAgent(closedPort(), closedPort());

    // then: floor, then the backoff (1 s, then 2 s: the scripted policy); floor, backoff, ...
    List<Duration> expected =
        List.of(
            ReconnectDelays.FLOOR,
            Duration.ofSeconds(1),
            ReconnectDelays.FLOOR,
            Duration.ofSeconds(2));
    for (int i = 0; i < expected.size(); i++) {
      int failures = i + 1;
      await()
          .until(
              () -> fleet.listener.disconnected.size() == failures && fleet.timer.pending() == 1);
      assertThat(fleet.timer.nextDelay())
          .as("wait after failure %d", failures)
          .isEqualTo(expected.get(i));
      fleet.clock.advance(expected.get(i));
    }
    assertThat(fleet.backoff.policies.get()).isEqualTo(1);
  }

  @Test
  void shouldNotHammerTheNextControllerAfterAPushback() throws Exception {
    // given: the first replica sheds load and asks for 5 s
    FakeController first = new FakeController();
    FakeController second = new FakeController();
    Metadata trailers = new Metadata();
    trailers.put(StreamCloseKind.RETRY_PUSHBACK_MS, "5000");
    first.refuseTrailers = trailers;
    first.refuse = Status.RESOURCE_EXHAUSTED.withDescription("too many agents");
    startAgent(address(serve(first)), address(serve(second)));

    // then: the second replica is tried only once the pushback is over
    await().until(() -> first.connects() == 1 && fleet.timer.pending() == 1);
    assertThat(fleet.timer.nextDelay()).isEqualTo(Duration.ofSeconds(5));
    fleet.clock.advance(Duration.ofSeconds(5).minus(NANO));
    assertThat(second.connects()).isZero();
    fleet.clock.advance(NANO);
    await().until(() -> second.connects() == 1);
  }

  private void startAgent(HostPort... addresses) throws Exception {
    fleet = new FleetFixture(dataDir, grpc);
    fleet.connector =
        ControllerConnector.rotating(
            new ControllerEndpoints(List.of(addresses), ControllerEndpoints.Resolver.SYSTEM),
            to -> ControllerChannels.plaintext(to, "autoservice-agent/test"));
    fleet.startAgent();
  }

  private Server serve(FakeController controller) throws Exception {
    return grpc.register(
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .addService(controller)
            .build()
            .start());
  }

  private static HostPort address(Server server) {
    return new HostPort("127.0.0.1", server.getPort());
  }

  /** A loopback port nothing listens on (bound, then released). */
  private static HostPort closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new HostPort("127.0.0.1", s.getLocalPort());
    }
  }
}
