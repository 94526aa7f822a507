package io.autoservice.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeClockTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private final FakeClock clock = new FakeClock(T0);
  private final FakeScheduler scheduler = clock.scheduler();
  private final List<String> ran = new ArrayList<>();

  @Test
  void advanceMovesTheWallClockAndTheMonotonicReadingTogether() {
    clock.advance(Duration.ofDays(3).plusNanos(7));

    assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofDays(3)).plusNanos(7));
    assertThat(clock.nanoTime()).isEqualTo(Duration.ofDays(3).toNanos() + 7);
  }

  @Test
  void setMovesOnlyTheWallClockAndRunsNothing() {
    scheduler.schedule(() -> ran.add("due in 1 s"), 1, TimeUnit.SECONDS);

    clock.set(T0.plus(Duration.ofDays(20)));

    assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofDays(20)));
    assertThat(clock.nanoTime()).isZero();
    assertThat(ran).isEmpty();
  }

  @Test
  void timeDoesNotGoBackwards() {
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTaskRunsWhenItsTimeComesAndNotANanosecondBefore() {
    scheduler.schedule(() -> ran.add("at 5 s"), 5, TimeUnit.SECONDS);

    clock.advance(Duration.ofSeconds(5).minusNanos(1));
    assertThat(ran).isEmpty();
    assertThat(scheduler.nextDelay()).isEqualTo(Duration.ofNanos(1));

    clock.advance(Duration.ofNanos(1));
    assertThat(ran).containsExactly("at 5 s");
    assertThat(scheduler.pending()).isZero();
    assertThat(scheduler.nextDelay()).isNull();
  }

  @Test
  void dueTasksRunInTimeOrderEachSeeingItsOwnTime() {
    scheduler.schedule(() -> ran.add("b " + clock.instant()), 2, TimeUnit.SECONDS);
    scheduler.schedule(() -> ran.add("a " + clock.instant()), 1, TimeUnit.SECONDS);
    scheduler.execute(() -> ran.add("now " + clock.instant()));

    clock.advance(Duration.ofMinutes(1));

    assertThat(ran)
        .containsExactly("now " + T0, "a " + T0.plusSeconds(1), "b " + T0.plusSeconds(2));
    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void aTaskScheduledByARunningTaskRunsInTheSameAdvanceIfDue() {
    scheduler.schedule(
        () -> scheduler.schedule(() -> ran.add("heartbeat 2"), 15, TimeUnit.SECONDS),
        15,
        TimeUnit.SECONDS);

    clock.advance(Duration.ofSeconds(29));
    assertThat(ran).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(ran).containsExactly("heartbeat 2");
  }

  @Test
  void aCancelledTaskNeverRuns() {
    ScheduledFuture<?> f = scheduler.schedule(() -> ran.add("cancelled"), 1, TimeUnit.SECONDS);

    assertThat(f.cancel(false)).isTrue();
    clock.advance(Duration.ofSeconds(2));

    assertThat(ran).isEmpty();
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void aFixedRateTaskRepeatsUntilCancelled() {
    ScheduledFuture<?> f =
        scheduler.scheduleAtFixedRate(
            () -> ran.add("tick " + clock.nanoTime()), 1, 2, TimeUnit.NANOSECONDS);

    clock.advance(Duration.ofNanos(6));
    f.cancel(false);
    clock.advance(Duration.ofNanos(10));

    assertThat(ran).containsExactly("tick 1", "tick 3", "tick 5");
  }

  @Test
  void aCallableResultIsThereOnceItRan() throws Exception {
    ScheduledFuture<String> f = scheduler.schedule(() -> "done", 1, TimeUnit.SECONDS);
    assertThat(f.isDone()).isFalse();

    clock.advance(Duration.ofSeconds(1));

    assertThat(f.get(0, TimeUnit.SECONDS)).isEqualTo("done");
  }

  @Test
  void afterShutdownNowNothingRuns() {
    scheduler.schedule(() -> ran.add("dropped"), 1, TimeUnit.SECONDS);

    assertThat(scheduler.shutdownNow()).hasSize(1);
    clock.advance(Duration.ofSeconds(2));

    assertThat(ran).isEmpty();
    assertThat(scheduler.isTerminated()).isTrue();
  }
}
