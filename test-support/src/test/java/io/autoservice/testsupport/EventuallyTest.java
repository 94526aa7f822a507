package io.autoservice.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventuallyTest {
  @Test
  void returnsAsSoonAsTheConditionHolds() {
    AtomicInteger polls = new AtomicInteger();

    long t0 = System.nanoTime();
    Eventually.until(
        Duration.ofSeconds(10), () -> polls.incrementAndGet() == 3, () -> "third poll");

    assertThat(polls).hasValue(3);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aTimeoutNamesWhatWasAwaited() {
    assertThatThrownBy(
            () -> Eventually.until(Duration.ofMillis(50), () -> false, () -> "the agent online"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("the agent online: not reached within PT0.05S");
  }

  @Test
  void aTimeoutShowsTheLastValueSeen() {
    AtomicInteger acked = new AtomicInteger();

    assertThatThrownBy(
            () ->
                Eventually.until(
                    "3 acks", Duration.ofMillis(50), acked::incrementAndGet, n -> n > 1_000_000))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("3 acks: not reached within PT0.05S; last seen: ")
        .hasMessageEndingWith("; last seen: " + acked.get());
  }

  @Test
  void returnsTheValueThatSatisfied() throws Exception {
    AtomicInteger n = new AtomicInteger();

    int seen = Eventually.until("n past 4", Duration.ofSeconds(5), n::incrementAndGet, v -> v > 4);

    assertThat(seen).isEqualTo(5);
  }

  @Test
  void aProbeFailureIsNotSwallowed() {
    assertThatThrownBy(
            () ->
                Eventually.until(
                    "the file",
                    Duration.ofSeconds(5),
                    () -> {
                      throw new java.io.IOException("gone");
                    }))
        .isInstanceOf(java.io.IOException.class)
        .hasMessage("gone");
  }
}
