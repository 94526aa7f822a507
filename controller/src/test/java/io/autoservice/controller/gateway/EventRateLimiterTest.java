package io.autoservice.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.testsupport.FakeClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An agent over its message rate gets its credit back late, on fake time: nothing is refused. */
class EventRateLimiterTest {
  private static final int PER_SECOND = 10;
  private final FakeClock clock = new FakeClock();
  private final EventRateLimiter limiter =
      new EventRateLimiter(PER_SECOND, clock.scheduler(), clock::nanoTime);
  private final AtomicInteger credits = new AtomicInteger();

  private void admit() {
    limiter.admit("pc-1", credits::incrementAndGet).run();
  }

  @Test
  void aStreamWithinItsBurstGetsEveryCreditBackAtOnce() {
    for (int i = 0; i < PER_SECOND; i++) {
      admit();
    }

    assertThat(credits).hasValue(PER_SECOND);
    assertThat(clock.scheduler().pending()).isZero();
  }

  @Test
  void pastTheBurstEachCreditComesBackWhenItsTokenIsDue() {
    for (int i = 0; i < PER_SECOND; i++) {
      admit();
    }

    admit();
    admit();
    assertThat(credits).as("the two past the burst wait").hasValue(PER_SECOND);

    clock.advance(Duration.ofMillis(99));
    assertThat(credits).hasValue(PER_SECOND);
    clock.advance(Duration.ofMillis(2));
    assertThat(credits).as("one token a tenth of a second later").hasValue(PER_SECOND + 1);
    clock.advance(Duration.ofMillis(98));
    assertThat(credits).hasValue(PER_SECOND + 1);
    clock.advance(Duration.ofMillis(2));
    assertThat(credits).hasValue(PER_SECOND + 2);
  }

  @Test
  void aCreditHandedBackAfterItsTokenFellDueIsNotDelayedFurther() {
    for (int i = 0; i < PER_SECOND; i++) {
      admit();
    }
    Runnable late = limiter.admit("pc-1", credits::incrementAndGet);

    clock.advance(Duration.ofMillis(150)); // the message took that long to process
    late.run();

    assertThat(credits).hasValue(PER_SECOND + 1);
    assertThat(clock.scheduler().pending()).isZero();
  }
}
