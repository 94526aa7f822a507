package io.autoservice.controller.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.controller.metrics.Scrape;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.StoreLocation;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.testsupport.TestPostgres;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real controller on a real PostgreSQL that is stopped and started again: NOT_SERVING while the
 * database is gone, SERVING again by itself once it is back, and the fleet it knew still there.
 */
class PostgresOutageIT {
  @TempDir Path dir;
  @TempDir Path pgDir;
  ConsoleHarness h;
  TestPostgres pg;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
    if (pg != null) {
      pg.stop();
    }
  }

  @Test
  void shouldGoNotServingWhilePostgresIsDownAndServeAgainWhenItReturns() throws Exception {
    pg = TestPostgres.privateServer(pgDir);
    TestPostgres.Db db = pg.newDatabase();
    h =
        new ConsoleHarness(
            dir.resolve("data"),
            ControllerSettings.defaults()
                .withManagementListen("127.0.0.1:0", null)
                .withStore(db.url(), db.user(), null));
    String at = h.server.managementAddress().orElseThrow().toString();
    h.agent("agent-a", "PC-ALPHA", Map.of());
    ManagedChannel channel = NettyChannelBuilder.forTarget(h.address).usePlaintext().build();
    try {
      HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
      assertThat(status(health, "")).isEqualTo(ServingStatus.SERVING);

      pg.stop();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(status(health, "")).isEqualTo(ServingStatus.NOT_SERVING);
                assertThat(status(health, ConsoleServiceGrpc.SERVICE_NAME))
                    .isEqualTo(ServingStatus.NOT_SERVING);
              });
      assertThat(Scrape.get("http://" + at + "/readyz", null).statusCode()).isEqualTo(503);

      pg.start();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(status(health, "")).isEqualTo(ServingStatus.SERVING));
      assertThat(Scrape.get("http://" + at + "/readyz", null).statusCode()).isEqualTo(200);
      assertThat(h.addUser("after-outage", io.autoservice.common.auth.Role.TECHNICIAN))
          .as("the controller writes again")
          .isNotBlank();
      try (Database store =
          Database.open(
              StoreLocation.of(db.url(), db.user(), db.password(), 2),
              dir.resolve("reader"),
              java.time.Clock.systemUTC())) {
        assertThat(store.stores().agents().all()).extracting(a -> a.agentId()).contains("agent-a");
        assertThat(store.stores().users().find("after-outage")).isPresent();
      }
    } finally {
      channel.shutdownNow();
    }
  }

  private static ServingStatus status(HealthGrpc.HealthBlockingStub health, String service) {
    return health
        .withDeadlineAfter(Duration.ofSeconds(5))
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }
}
