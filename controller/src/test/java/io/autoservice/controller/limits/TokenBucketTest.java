package io.autoservice.controller.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private void advanceMillis(long ms) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
  }

  @Test
  void shouldStartFullAndRefuseOnceTheBurstIsSpent() {
    TokenBucket b = new TokenBucket(10, 5, now::get);

    for (int i = 0; i < 5; i++) {
      assertThat(b.tryTake()).as("token %d of the burst", i).isZero();
    }

    assertThat(b.tryTake())
        .as("the wait for the next token")
        .isCloseTo(TimeUnit.MILLISECONDS.toNanos(100), within(2L));
    assertThat(b.available()).as("a refusal takes nothing").isLessThan(1);
  }

  @Test
  void shouldRefillAtTheRateButNeverAboveTheBurst() {
    TokenBucket b = new TokenBucket(10, 5, now::get);
    for (int i = 0; i < 5; i++) {
      b.tryTake();
    }

    advanceMillis(250);
    assertThat(b.tryTake()).isZero();
    assertThat(b.tryTake()).isZero();
    assertThat(b.tryTake())
        .as("2.5 tokens earned, 2 taken")
        .isCloseTo(TimeUnit.MILLISECONDS.toNanos(50), within(2L));

    advanceMillis(60_000);
    assertThat(b.available()).isEqualTo(5.0);
  }

  @Test
  void shouldQueueReservationsBehindEachOtherAtTheRate() {
    TokenBucket b = new TokenBucket(100, 2, now::get);

    assertThat(b.reserve()).isZero();
    assertThat(b.reserve()).isZero();
    assertThat(b.reserve()).isCloseTo(TimeUnit.MILLISECONDS.toNanos(10), within(2L));
    assertThat(b.reserve()).isCloseTo(TimeUnit.MILLISECONDS.toNanos(20), within(2L));
    assertThat(b.tryTake())
        .as("the debt must be repaid before anyone else gets a token")
        .isCloseTo(TimeUnit.MILLISECONDS.toNanos(30), within(2L));

    advanceMillis(30);
    assertThat(b.tryTake()).isZero();
  }

  @Test
  void shouldHoldTheLongRunRateUnderConstantDemand() {
    TokenBucket b = new TokenBucket(500, 500, now::get);
    int admitted = 0;
    for (int ms = 0; ms < 10_000; ms++) {
      for (int i = 0; i < 10; i++) { // 10,000 attempts a second
        if (b.tryTake() == 0) {
          admitted++;
        }
      }
      advanceMillis(1);
    }

    assertThat(admitted).as("burst + 10 s at 500/s").isBetween(5_490, 5_500);
  }

  @Test
  void shouldRefuseANonsenseRateOrBurst() {
    assertThatThrownBy(() -> new TokenBucket(0, 1, now::get))
        .hasMessageStartingWith("perSecond: 0.0");
    assertThatThrownBy(() -> new TokenBucket(1, 0.5, now::get))
        .hasMessageStartingWith("burst: 0.5");
  }
}
