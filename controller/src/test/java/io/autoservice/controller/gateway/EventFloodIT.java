package io.autoservice.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.proto.v1.ListAgentsRequest;
import io.autoservice.testsupport.Eventually;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One agent floods RunEvents far beyond its rate while another agent and a console carry on. The
 * flood is slowed by flow control (its stream stays open and every event is stored and acked, at
 * the configured rate); the others are served as usual meanwhile.
 */
class EventFloodIT {
  private static final int PER_SECOND = 200;
  private static final int FLOOD = 1_200;

  @TempDir Path data;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private Loopback loopback;

  @Test
  void shouldSlowAFloodingAgentDownWithoutStarvingAnotherAgentOrTheConsole() throws Exception {
    loopback =
        grpc.register(
            new Loopback(
                data,
                ControllerSettings.defaults()
                    .withManagementListen("", null)
                    .withLimits(PER_SECOND, 16, 200)));
    ManagedChannel floodChannel = loopback.channel();
    ManagedChannel calmChannel = loopback.channel();
    ManagedChannel consoleChannel = loopback.channel();
    StreamingAgent flood = new StreamingAgent(floodChannel, "flood").hello();
    StreamingAgent calm = new StreamingAgent(calmChannel, "calm").hello();
    assertThat(flood.next().hasWelcome()).isTrue();
    assertThat(calm.next().hasWelcome()).isTrue();
    String floodRun = loopback.dispatchHello(consoleChannel, "flood");
    String calmRun = loopback.dispatchHello(consoleChannel, "calm");
    flood.takeRun(floodRun);
    calm.takeRun(calmRun);
    awaitAck(flood, 1, 10_000);
    awaitAck(calm, 1, 10_000);

    long start = System.nanoTime();
    CompletableFuture<Void> sending =
        CompletableFuture.runAsync(
            () -> {
              for (int seq = 2; seq <= FLOOD + 1; seq++) {
                flood.output(floodRun, seq, "line " + seq + " of a flood");
              }
            });
    List<Long> calmAckMs = new ArrayList<>();
    List<Long> consoleMs = new ArrayList<>();
    List<Long> floodAckedAt = new ArrayList<>(); // [elapsed ms, acked] pairs
    long calmSeq = 1;
    while (flood.acked.get() < FLOOD + 1
        && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
      long t0 = System.nanoTime();
      calm.output(calmRun, ++calmSeq, "still here");
      awaitAck(calm, calmSeq, 5_000);
      calmAckMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      t0 = System.nanoTime();
      loopback.console(consoleChannel).listAgents(ListAgentsRequest.getDefaultInstance());
      consoleMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      long ackedNow =
          flood.acked.get(); // read before the clock, so the bound below is never too tight
      floodAckedAt.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      floodAckedAt.add(ackedNow);
      Thread.sleep(100); // the sampling rhythm, not a wait
    }
    double took = (System.nanoTime() - start) / 1e9;
    sending.get(5, TimeUnit.SECONDS);

    assertThat(flood.acked.get()).as("every flooded event stored and acked").isEqualTo(FLOOD + 1);
    assertThat(flood.closed).as("the flooding stream is slowed, not closed").isNotDone();
    // Burst (one second's worth) and the stream's credit arrive at once; the rest at the rate.
    double floor = (FLOOD - PER_SECOND - 64) / (double) PER_SECOND;
    assertThat(took)
        .as("seconds the flood took (at least %.1f at %d/s)", floor, PER_SECOND)
        .isGreaterThan(floor * 0.95);
    for (int i = 0; i < floodAckedAt.size(); i += 2) {
      double elapsed = floodAckedAt.get(i) / 1000.0;
      assertThat(floodAckedAt.get(i + 1))
          .as("flood events acked %.2f s in", elapsed)
          .isLessThanOrEqualTo((long) (1 + PER_SECOND + 64 + PER_SECOND * elapsed));
    }
    assertThat(calmAckMs)
        .as("the calm agent kept being served during the flood")
        .hasSizeGreaterThan(10);
    assertThat(Collections.max(calmAckMs))
        .as("slowest ack of the calm agent, ms")
        .isLessThan(2_000);
    assertThat(Collections.max(consoleMs)).as("slowest console call, ms").isLessThan(2_000);

    Collections.sort(calmAckMs);
    Collections.sort(consoleMs);
    System.out.printf(
        "[bench] event flood: %d events at a limit of %d/s took %.1f s (%.0f events/s);"
            + " meanwhile the calm agent's acks p50 %d ms max %d ms, console ListAgents p50 %d ms max %d ms%n",
        FLOOD,
        PER_SECOND,
        took,
        FLOOD / took,
        calmAckMs.get(calmAckMs.size() / 2),
        calmAckMs.get(calmAckMs.size() - 1),
        consoleMs.get(consoleMs.size() / 2),
        consoleMs.get(consoleMs.size() - 1));
  }

  private static void awaitAck(StreamingAgent a, long seq, long maxMs) {
    Eventually.until(
        Duration.ofMillis(maxMs),
        () -> a.acked.get() >= seq,
        () -> a.agentId + ": ack of " + seq + " (acked " + a.acked.get() + ")");
  }
}
