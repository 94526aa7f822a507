package io.autoservice.controller.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.testsupport.Eventually;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * "Acknowledged means durable", by the store's own commit: a real controller under load (agents
 * streaming runs, a technician dispatching and cancelling) is killed with SIGKILL at random
 * moments; after each kill, before anything restarts, the database file must hold every event,
 * dispatch, cancel and finished run whose acknowledgement left the controller. The agents resend
 * what was not acked, but the check does not rely on it: it reads the store as the kill left it.
 *
 * <p>{@code -Dcrash.rounds=N} (default 6) sets the number of kills, {@code -Dcrash.agents=N} the
 * number of agents (default 30), {@code -Dcrash.seed=S} replays the kill timings.
 */
class CrashIT {
  private static final int ROUNDS = Integer.getInteger("crash.rounds", 6);
  private static final int AGENTS = Integer.getInteger("crash.agents", 30);
  private static final long SEED = Long.getLong("crash.seed", System.nanoTime());

  @Test
  void shouldKeepEveryAcknowledgedItemAcrossKills() throws Exception {
    Random random = new Random(SEED);
    System.err.println("crash test: " + ROUNDS + " kills, " + AGENTS + " agents, seed " + SEED);
    Path root = Path.of("target", "crash", "crash-" + System.currentTimeMillis()).toAbsolutePath();
    AckLedger ledger = new AckLedger();
    ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    try (ControllerProcess controller = new ControllerProcess(root)) {
      controller.start();
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", controller.port()).usePlaintext().build();
      List<CrashAgent> agents = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < AGENTS; i++) {
        CrashAgent a = new CrashAgent("crash-" + i, channel, timer, ledger::eventAcked);
        agents.add(a);
        ids.add("crash-" + i);
        a.connect();
      }
      // every agent known, so dispatches find their targets
      Eventually.until(
          "all " + AGENTS + " agents welcomed",
          Duration.ofSeconds(60),
          () -> agents.stream().allMatch(CrashAgent::welcomed));
      ConsoleLoad console = new ConsoleLoad(channel, ids, ledger);
      console.token(controller.adminToken());
      Thread consoleThread = new Thread(console, "crash-console");
      consoleThread.start();

      for (int round = 1; round <= ROUNDS; round++) {
        Thread.sleep(300 + random.nextInt(2_500)); // when to kill: random on purpose, not a wait
        int[] ended = agents.stream().mapToInt(CrashAgent::streamsEnded).toArray();
        controller.kill();
        // acks already on the wire reach the ledger: a stream's end comes after everything it
        // carried
        Eventually.until(
            "every agent's stream ended after kill " + round,
            Duration.ofSeconds(30),
            () ->
                IntStream.range(0, agents.size())
                    .allMatch(i -> agents.get(i).streamsEnded() > ended[i]));
        List<String> missing = ledger.missingFrom(controller.data());
        System.err.printf(
            "crash test: kill %d/%d: %d events, %d runs finished, %d dispatches, %d cancels acked"
                + " so far; lost: %d%n",
            round,
            ROUNDS,
            ledger.events(),
            ledger.finishedRuns(),
            ledger.dispatched.size(),
            ledger.cancelled.size(),
            missing.size());
        assertThat(missing)
            .as("acknowledged but not in the store after kill %d (seed %d)", round, SEED)
            .isEmpty();
        Duration up = controller.start();
        System.err.println("crash test: restarted in " + up.toMillis() + " ms");
      }

      console.stop();
      consoleThread.join();
      assertThat(ledger.finishedRuns()).as("runs finished under the kills").isPositive();
      // Once the load stops, the fleet drains: every dispatched run ends, none is stuck.
      Eventually.until(
          "every agent delivered all it ran",
          Duration.ofSeconds(90),
          () -> agents.stream().allMatch(CrashAgent::idle));
      agents.forEach(CrashAgent::stop);
      channel.shutdownNow();
    } finally {
      timer.shutdownNow();
    }
  }
}
