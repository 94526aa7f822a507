package io.autoservice.controller.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.plan.PlanParser;
import io.autoservice.console.client.ConsoleClient;
import io.autoservice.console.view.DispatchTarget;
import io.autoservice.controller.metrics.Scrape;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real controller with its management port on a free loopback port: {@code /metrics} scraped over
 * real HTTP moves when a run happens, a scrape token is enforced, and health follows the store.
 */
class ManagementEndpointsIT {
  @TempDir Path dir;
  ConsoleHarness h;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private String start(Path tokenFile) throws Exception {
    h =
        new ConsoleHarness(
            dir.resolve("data"),
            ControllerSettings.defaults().withManagementListen("127.0.0.1:0", tokenFile));
    return h.server.managementAddress().orElseThrow().toString();
  }

  @Test
  void shouldShowTheFleetAndARunOnMetrics() throws Exception {
    String at = start(null);
    Scrape before = Scrape.of(at, null);
    assertThat(before.value("autoservice_agents", "state=\"online\"")).isZero();

    h.agent("agent-a", "PC-ALPHA", Map.of());
    String runId;
    try (ConsoleClient client = h.client()) {
      runId =
          client
              .dispatch(
                  PlanParser.parse(DispatchVerbTest.PLAN),
                  new DispatchTarget.Agents(List.of("agent-a")),
                  false,
                  null)
              .get(0)
              .runId();
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(Scrape.of(at, null).value("autoservice_runs_finished_total"))
                    .as("runs finished after %s", runId)
                    .isEqualTo(before.value("autoservice_runs_finished_total") + 1));

    Scrape after = Scrape.of(at, null);
    assertThat(after.value("autoservice_runs_finished_total", "status=\"ok\""))
        .isEqualTo(before.value("autoservice_runs_finished_total", "status=\"ok\"") + 1);
    assertThat(after.value("autoservice_agents", "state=\"online\"")).isEqualTo(1);
    assertThat(after.value("autoservice_streams_open")).isEqualTo(1);
    assertThat(after.value("autoservice_dispatch_ack_seconds_count"))
        .isEqualTo(before.value("autoservice_dispatch_ack_seconds_count") + 1);
    // RunStarted, 2 x (TaskStarted, TaskProgress, TaskOutput, TaskFinished), RunFinished.
    assertThat(after.value("autoservice_events_committed_total"))
        .isEqualTo(before.value("autoservice_events_committed_total") + 10);
    assertThat(after.value("autoservice_events_lag")).isZero();
    assertThat(after.value("autoservice_store_commit_seconds_count"))
        .isGreaterThan(before.value("autoservice_store_commit_seconds_count"));
    assertThat(after.value("autoservice_runs", "state=\"queued\"")).isZero();
    assertThat(after.value("jvm_memory_used_bytes")).isPositive();
  }

  @Test
  void shouldRefuseAScrapeWithoutTheToken() throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("scrape.token"), "s3cret-scrape-token\n");
    String at = start(tokenFile);

    HttpResponse<String> none = Scrape.get("http://" + at + "/metrics", null);
    HttpResponse<String> wrong = Scrape.get("http://" + at + "/metrics", "s3cret-scrape-tokeN");
    HttpResponse<String> right = Scrape.get("http://" + at + "/metrics", "s3cret-scrape-token");

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).doesNotContain("autoservice_");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(right.body()).contains("autoservice_agents{");
    assertThat(Scrape.get("http://" + at + "/healthz", null).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldReportNotServingWhileTheStoreCannotCommit() throws Exception {
    String at = start(null);
    ManagedChannel channel = NettyChannelBuilder.forTarget(h.address).usePlaintext().build();
    try {
      HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
      assertThat(status(health, "")).isEqualTo(ServingStatus.SERVING);
      assertThat(Scrape.get("http://" + at + "/readyz", null).statusCode()).isEqualTo(200);

      // Another process holds the database's write lock: the controller cannot commit.
      try (Connection lock =
              DriverManager.getConnection(
                  "jdbc:sqlite:" + dir.resolve("data").resolve("controller.db"));
          Statement st = lock.createStatement()) {
        st.execute("PRAGMA busy_timeout = 0");
        st.execute("BEGIN EXCLUSIVE");
        Awaitility.await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () -> {
                  assertThat(status(health, "")).isEqualTo(ServingStatus.NOT_SERVING);
                  assertThat(status(health, AgentGatewayGrpc.SERVICE_NAME))
                      .isEqualTo(ServingStatus.NOT_SERVING);
                  assertThat(status(health, ConsoleServiceGrpc.SERVICE_NAME))
                      .isEqualTo(ServingStatus.NOT_SERVING);
                });
        HttpResponse<String> ready = Scrape.get("http://" + at + "/readyz", null);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("not ready").contains("write transaction");
        assertThat(Scrape.get("http://" + at + "/healthz", null).statusCode()).isEqualTo(200);
        st.execute("ROLLBACK");
      }

      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(status(health, "")).isEqualTo(ServingStatus.SERVING));
      assertThat(status(health, ConsoleServiceGrpc.SERVICE_NAME)).isEqualTo(ServingStatus.SERVING);
      assertThat(Scrape.get("http://" + at + "/readyz", null).statusCode()).isEqualTo(200);
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
