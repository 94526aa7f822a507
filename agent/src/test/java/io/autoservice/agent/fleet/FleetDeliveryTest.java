package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.RunEvent;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Nothing lost, nothing doubled: flow control and resending after a reconnect. */
class FleetDeliveryTest {
  static final String TWO_TASKS =
      "{\"tasks\":[{\"type\":\"hello_service\",\"params\":{\"seconds\":1}},{\"type\":\"hello_service\"}]}";

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
  void shouldHoldEventsWhileTheControllerIsNotReadingAndSendThemAllLater() throws Exception {
    // given: a controller that reads Hello and then nothing
    fleet.controller.manualFlow = true;
    fleet.startAgent();
    FakeController.Conn conn = fleet.controller.nextConnection();
    await().until(() -> !conn.received().isEmpty());
    conn.welcome();
    await().until(() -> fleet.listener.connected.get() == 1);

    // when: a whole run happens meanwhile
    conn.assign("run-1", FleetRunTest.HELLO);
    await().until(() -> fleet.listener.finished.containsKey("run-1"));

    // then: it waits in the outbox
    assertThat(conn.received()).hasSize(1);
    long held = fleet.journal.openRuns().get("run-1");
    assertThat(held).isGreaterThanOrEqualTo(4);

    // when: the controller reads again
    conn.request(1_000);

    // then: the ack, then every event once, in order
    await().until(() -> conn.finished("run-1"));
    List<AgentMessage> all = conn.received();
    assertThat(all.get(0).hasHello()).isTrue();
    assertThat(all.get(1).hasCommandAck()).isTrue();
    assertThat(conn.sequences("run-1")).isEqualTo(LongStream.rangeClosed(1, held).boxed().toList());
    assertThat(all).hasSize(2 + (int) held);
  }

  @Test
  void shouldResendExactlyWhatTheControllerDoesNotHoldAfterAReconnect() throws Exception {
    // given: a controller that drops the stream after the third event, then is briefly down
    fleet.startAgent();
    FakeController.Conn first = fleet.controller.nextConnection();
    await().until(() -> !first.received().isEmpty());
    first.onMessage =
        m -> {
          if (m.hasRunEvent() && m.getRunEvent().getSequence() == 3) {
            fleet.controller.refuse = Status.UNAVAILABLE;
            first.close(Status.UNAVAILABLE.withDescription("controller crashed"));
          }
        };
    first.welcome();
    await().until(() -> fleet.listener.connected.get() == 1);

    // when
    first.assign("run-1", TWO_TASKS);
    await().until(() -> !fleet.listener.disconnected.isEmpty() && fleet.timer.pending() == 1);
    fleet.controller.refuse = null;
    fleet.clock.advance(Duration.ofSeconds(1));
    FakeController.Conn third = fleet.controller.nextConnection();
    await().until(() -> !third.received().isEmpty());
    Hello hello = third.hello();
    long k = 2; // the controller persisted 1..2; 3 was lost with the connection
    third.welcome(Map.of("run-1", k), 15);
    await().until(() -> third.finished("run-1"));

    // then
    assertThat(first.sequences("run-1")).containsExactly(1L, 2L, 3L);
    assertThat(hello.getOpenRunsList()).hasSize(1);
    assertThat(hello.getOpenRuns(0).getRunId()).isEqualTo("run-1");
    assertThat(hello.getOpenRuns(0).getLastSequence()).isGreaterThanOrEqualTo(3);
    List<RunEvent> resent = third.events("run-1");
    long n = resent.get(resent.size() - 1).getSequence();
    assertThat(third.sequences("run-1"))
        .isEqualTo(LongStream.rangeClosed(k + 1, n).boxed().toList());
    List<Long> persisted = new ArrayList<>(first.sequences("run-1").subList(0, (int) k));
    persisted.addAll(third.sequences("run-1"));
    assertThat(persisted).isEqualTo(LongStream.rangeClosed(1, n).boxed().toList());
    assertThat(fleet.listener.started).containsExactly("run-1");
  }
}
