package io.autoservice.controller.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunStatus;
import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.model.EventRow;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.model.StoredEvent;
import io.autoservice.controller.runs.RunDomain;
import io.autoservice.controller.store.EventStore;
import io.autoservice.controller.store.InMemoryStore;
import io.autoservice.controller.store.ManualWrites;
import io.autoservice.controller.store.StoreException;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.WatchEvent;
import io.autoservice.proto.v1.WatchRunsRequest;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A console watch whose own work fails once it is open ends with the status the one mapper gives
 * that failure, as a unary call would, instead of leaving the console waiting on a silent stream.
 */
class WatchFailureTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  private final InMemoryStore runs = new InMemoryStore();
  private final ExecutorService watchPool = Executors.newFixedThreadPool(2);
  private Server server;
  private ManagedChannel channel;

  /** The run store works; reading a run's events fails as a locked or lost database does. */
  private static final class FailingEvents implements EventStore {
    @Override
    public void append(List<EventRow> rows) {}

    @Override
    public long maxSeq(String runId) {
      return 0;
    }

    @Override
    public List<StoredEvent> events(String runId, long afterSeq, int limit) {
      throw new StoreException(
          "cannot read the events of " + runId, new SQLException("database is locked"));
    }
  }

  @BeforeEach
  void start() throws Exception {
    ManualWrites writes = new ManualWrites(runs);
    WatchHub hub = new WatchHub();
    Clock clock = Clock.systemUTC();
    FleetRegistry fleet = new FleetRegistry(runs, writes, hub, clock, Duration.ofSeconds(90));
    RunDomain domain =
        new RunDomain(runs, runs, writes, fleet, hub, clock, Duration.ofMinutes(10), r -> {});
    ConsoleGrpcService service =
        new ConsoleGrpcService(
            fleet,
            domain.dispatcher(),
            runs,
            new FailingEvents(),
            hub,
            watchPool,
            Duration.ofDays(7),
            null,
            null,
            null,
            null);
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).addService(service).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
    watchPool.shutdownNow();
  }

  @Test
  void shouldEndAWatchWithUnavailableWhenTheStoreFailsUnderItsCatchUp() throws Exception {
    runs.insert(
        new RunRecord(
            "run-1",
            "agent-a",
            "PC-ALPHA",
            1,
            RunState.FINISHED,
            RunStatus.OK,
            PlanParser.parse("[{\"type\":\"hello_service\"}]"),
            1,
            "anna",
            T0,
            T0.plusSeconds(3600),
            T0.plusSeconds(60),
            4,
            null,
            null,
            null),
        null);
    List<String> received = new ArrayList<>();

    StatusRuntimeException ended =
        catchThrowableOfType(
            () -> {
              Iterator<WatchEvent> it =
                  ConsoleServiceGrpc.newBlockingStub(channel)
                      .withDeadlineAfter(5, TimeUnit.SECONDS)
                      .watchRuns(WatchRunsRequest.newBuilder().addRunIds("run-1").build());
              while (it.hasNext()) {
                received.add(it.next().getKindCase().name());
              }
            },
            StatusRuntimeException.class);

    assertThat(received).as("the run's state came first").containsExactly("RUN_STATE");
    assertThat(ended).as("the watch ended in error, not completed").isNotNull();
    assertThat(ended.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(ended.getStatus().getDescription())
        .isEqualTo("the controller's database is unavailable; try again");
  }
}
