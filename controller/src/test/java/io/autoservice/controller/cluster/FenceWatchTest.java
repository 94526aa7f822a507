package io.autoservice.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.testsupport.Eventually;
import io.autoservice.testsupport.FakeClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FenceWatchTest {
  @Test
  void fencesOnlyOnceTheHeartbeatIsOlderThanTheLimit() {
    FakeClock clock = new FakeClock();
    Instant beat = clock.instant();
    AtomicInteger fences = new AtomicInteger();
    FenceWatch watch =
        new FenceWatch(clock, Duration.ofMillis(1500), () -> beat, fences::incrementAndGet);

    clock.advance(Duration.ofMillis(1500));
    assertThat(watch.check()).as("exactly half the lease old").isFalse();
    assertThat(fences).hasValue(0);

    clock.advance(Duration.ofMillis(1));
    assertThat(watch.check()).as("older than half the lease").isTrue();
    assertThat(fences).hasValue(1);
  }

  /**
   * The bug the replica fault suite found: the heartbeat hung in a store that stopped answering, so
   * the replica fenced itself only when that call failed, after the other replicas had taken its
   * agents. The watch fences on its own thread while the heartbeat call still hangs.
   */
  @Test
  void fencesWhileTheHeartbeatCallIsStillBlocked() throws Exception {
    AtomicReference<Instant> lastBeat = new AtomicReference<>(Instant.now());
    CountDownLatch storeAnswers = new CountDownLatch(1);
    Thread ticks =
        new Thread(
            () -> {
              try {
                storeAnswers.await(); // a heartbeat write the unreachable store never answers
                lastBeat.set(Instant.now());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    ticks.start();
    AtomicReference<Instant> fencedAt = new AtomicReference<>();
    Instant start = Instant.now();
    try (FenceWatch watch =
        new FenceWatch(
                Clock.systemUTC(),
                Duration.ofMillis(300),
                lastBeat::get,
                () -> fencedAt.compareAndSet(null, Instant.now()))
            .start(Duration.ofMillis(50))) {
      Eventually.until("fenced", Duration.ofSeconds(5), () -> fencedAt.get() != null);
      assertThat(ticks.isAlive()).as("the heartbeat call still blocked").isTrue();
      assertThat(Duration.between(start, fencedAt.get()))
          .isBetween(Duration.ofMillis(300), Duration.ofMillis(1500));
    } finally {
      storeAnswers.countDown();
      ticks.join(TimeUnit.SECONDS.toMillis(5));
    }
  }
}
