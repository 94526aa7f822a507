package io.autoservice.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.proto.v1.ListAgentsRequest;
import io.autoservice.testsupport.GrpcCleanupExtension;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reconnect storm: 300 agents open their streams at once against a controller that admits 50 per
 * second. Each refused agent waits exactly as long as the controller's pushback trailer says, as
 * the real agent does, then tries again.
 */
class ConnectStormIT {
  private static final int AGENTS = 300;
  private static final int PER_SECOND = 50;
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @TempDir Path data;
  @RegisterExtension final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
  private Loopback loopback;
  private final ScheduledExecutorService retries = Executors.newScheduledThreadPool(2);

  /**
   * When each admitted attempt started: the controller admits at the call's start, before Hello.
   */
  private final Queue<Long> admittedAt = new ConcurrentLinkedQueue<>();

  /**
   * When each agent got its Welcome (after its Hello was processed; bunches up behind a slow
   * burst).
   */
  private final Queue<Long> welcomedAt = new ConcurrentLinkedQueue<>();

  private final Queue<Long> pushbacks = new ConcurrentLinkedQueue<>();
  private final Queue<String> problems = new ConcurrentLinkedQueue<>();
  private final CountDownLatch allIn = new CountDownLatch(AGENTS);

  @AfterEach
  void stop() {
    retries.shutdownNow();
  }

  @Test
  void shouldAdmitAStormAtTheConfiguredRateAndLetEveryAgentInThroughPushback() throws Exception {
    loopback =
        grpc.register(
            new Loopback(
                data,
                ControllerSettings.defaults()
                    .withManagementListen("", null)
                    .withLimits(500, 16, PER_SECOND)));
    List<ManagedChannel> channels = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      channels.add(loopback.channel());
    }
    long start = System.nanoTime();

    for (int i = 0; i < AGENTS; i++) {
      attempt(channels.get(i % channels.size()), "storm-" + i);
    }

    assertThat(allIn.await(60, TimeUnit.SECONDS))
        .as("every agent connected; problems: %s", problems)
        .isTrue();
    long took = System.nanoTime() - start;
    assertThat(problems).isEmpty();
    assertThat(pushbacks)
        .as("the excess was refused with a pushback")
        .hasSizeGreaterThanOrEqualTo(AGENTS - 2 * PER_SECOND);
    List<Long> times = new ArrayList<>(admittedAt);
    Collections.sort(times);
    int busiestSecond = busiestWindow(times, SECOND);
    // The bucket admits its burst (one second's worth) plus the rate: never more than 2x in 1 s
    // (10 % slack: the client's start times are not exactly the controller's admission times).
    assertThat(busiestSecond)
        .as("agents admitted in the busiest second")
        .isLessThanOrEqualTo(2 * PER_SECOND * 11 / 10);
    double afterBurst =
        (AGENTS - PER_SECOND) / ((times.get(times.size() - 1) - times.get(0)) / 1e9);
    assertThat(afterBurst)
        .as("admissions per second after the burst")
        .isLessThanOrEqualTo(PER_SECOND * 1.1);
    List<Long> welcomes = new ArrayList<>(welcomedAt);
    Collections.sort(welcomes);
    var listed =
        loopback.console(channels.get(0)).listAgents(ListAgentsRequest.getDefaultInstance());
    assertThat(listed.getAgentsCount()).isEqualTo(AGENTS);

    long maxPushback = pushbacks.stream().mapToLong(Long::longValue).max().orElse(0);
    System.out.printf(
        "[bench] reconnect storm: %d agents at a limit of %d/s: all connected in %.1f s,"
            + " %d refusals (pushback up to %d ms), %.1f admissions/s after the burst, busiest second %d"
            + " (%d Welcomes in the busiest second)%n",
        AGENTS,
        PER_SECOND,
        took / 1e9,
        pushbacks.size(),
        maxPushback,
        afterBurst,
        busiestSecond,
        busiestWindow(welcomes, SECOND));
  }

  /** One Connect: Hello, then on Welcome done; on RESOURCE_EXHAUSTED again after the pushback. */
  private void attempt(ManagedChannel channel, String id) {
    long startedAt = System.nanoTime();
    StreamingAgent a = new StreamingAgent(channel, id);
    a.welcomed.thenAccept(
        at -> {
          admittedAt.add(startedAt);
          welcomedAt.add(at);
          allIn.countDown();
        });
    a.closed.thenAccept(
        c -> {
          if (c.status().getCode() != Status.Code.RESOURCE_EXHAUSTED) {
            problems.add(id + ": closed with " + c.status());
            return;
          }
          String pushback = c.trailers().get(ConnectGate.RETRY_PUSHBACK_MS);
          if (pushback == null
              || !c.status()
                  .getDescription()
                  .contains("at most " + PER_SECOND + " agent connections")) {
            problems.add(
                id + ": refused without a pushback or reason: " + c.status() + " " + c.trailers());
            return;
          }
          long ms = Long.parseLong(pushback);
          pushbacks.add(ms);
          retries.schedule(() -> attempt(channel, id), ms, TimeUnit.MILLISECONDS);
        });
    a.hello();
  }

  private static int busiestWindow(List<Long> sorted, long window) {
    int best = 0;
    int lo = 0;
    for (int hi = 0; hi < sorted.size(); hi++) {
      while (sorted.get(hi) - sorted.get(lo) >= window) {
        lo++;
      }
      best = Math.max(best, hi - lo + 1);
    }
    return best;
  }
}
