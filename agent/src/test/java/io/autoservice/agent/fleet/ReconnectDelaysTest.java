package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReconnectDelaysTest {
  private static final long ONE_S = Duration.ofSeconds(1).toNanos();

  private final FleetFixture.ScriptedBackoff backoff = new FleetFixture.ScriptedBackoff();
  private final AtomicLong now = new AtomicLong(1_000);
  private long jitter;
  private final ReconnectDelays delays = new ReconnectDelays(backoff, now::get, () -> jitter);

  /** A session that stayed up long enough to count as healthy. */
  private void healthySession() {
    delays.welcomed();
    now.addAndGet(ReconnectDelays.HEALTHY_AFTER.toNanos());
  }

  @Test
  void shouldWaitOnlyTheFloorAfterAHealthySessionAndStartTheBackoffOver() {
    // given: the backoff grew while the controller was away
    delays.afterClose(Status.UNAVAILABLE, new Metadata(), false);
    delays.afterClose(Status.UNAVAILABLE, new Metadata(), false);

    // when/then
    healthySession();
    assertThat(delays.afterClose(Status.UNAVAILABLE, new Metadata(), true)).isEqualTo(ONE_S);
    healthySession();
    assertThat(delays.afterClose(Status.OK, new Metadata(), true)).isEqualTo(ONE_S);
    assertThat(delays.afterClose(Status.UNAVAILABLE, new Metadata(), false)).isEqualTo(ONE_S);
    assertThat(backoff.policies.get()).isEqualTo(2);
  }

  @Test
  void shouldKeepGrowingTheBackoffWhenStreamsEndSoonAfterWelcome() {
    for (long expected : new long[] {ONE_S, 2 * ONE_S, 4 * ONE_S, 8 * ONE_S}) {
      delays.welcomed();
      now.addAndGet(ReconnectDelays.HEALTHY_AFTER.toNanos() - 1);
      assertThat(delays.afterClose(Status.INTERNAL, new Metadata(), true)).isEqualTo(expected);
    }
  }

  @Test
  void shouldNeverWaitLessThanTheFloorPlusJitter() {
    // given: a policy that would say "now", and the jitter at its top
    ReconnectDelays eager = new ReconnectDelays(() -> () -> 0L, now::get, () -> jitter);
    jitter = Long.MAX_VALUE;

    // then: every kind of close waits at least the floor, and the jitter adds at most a second
    for (Status s :
        new Status[] {
          Status.UNAVAILABLE, Status.OK, Status.INTERNAL, Status.CANCELLED, Status.ABORTED
        }) {
      for (boolean welcomed : new boolean[] {false, true}) {
        eager.welcomed();
        long d = eager.afterClose(s, new Metadata(), welcomed);
        assertThat(d)
            .as(s + " " + welcomed)
            .isBetween(
                ReconnectDelays.FLOOR.toNanos(),
                ReconnectDelays.FLOOR.plus(ReconnectDelays.FLOOR_JITTER).toNanos());
      }
    }
  }

  @Test
  void shouldWaitExactlyThePushbackACongestedControllerAsksFor() {
    Metadata pushback = new Metadata();
    pushback.put(StreamCloseKind.RETRY_PUSHBACK_MS, "250");
    jitter = Long.MAX_VALUE;

    assertThat(delays.afterClose(Status.RESOURCE_EXHAUSTED, pushback, false))
        .isEqualTo(Duration.ofMillis(250).toNanos());
  }

  @Test
  void shouldBackOffAfterBeingReplacedByAnotherStreamWithOurId() {
    healthySession();
    assertThat(delays.afterClose(Status.ABORTED, new Metadata(), true)).isEqualTo(ONE_S);
    healthySession();
    assertThat(delays.afterClose(Status.FAILED_PRECONDITION, new Metadata(), true))
        .as("an event the controller refused is not sent again at once")
        .isEqualTo(ONE_S);
  }

  @Test
  void shouldGrowTheBackoffUntilReset() {
    assertThat(delays.afterClose(Status.UNAVAILABLE, new Metadata(), false)).isEqualTo(ONE_S);
    assertThat(delays.afterClose(Status.DEADLINE_EXCEEDED, new Metadata(), false))
        .isEqualTo(2 * ONE_S);
    healthySession();
    assertThat(delays.afterClose(Status.UNAVAILABLE, new Metadata(), true)).isEqualTo(ONE_S);
    assertThat(delays.afterClose(Status.UNAVAILABLE, new Metadata(), false)).isEqualTo(ONE_S);
  }

  @Test
  void shouldNeverRetryFatalCodes() {
    for (Status s :
        new Status[] {Status.UNAUTHENTICATED, Status.PERMISSION_DENIED, Status.UNIMPLEMENTED}) {
      assertThat(delays.afterClose(s, new Metadata(), true)).isEqualTo(ReconnectDelays.NEVER);
    }
  }

  @Test
  void shouldCapAnAbsurdPushback() {
    Metadata trailers = new Metadata();
    trailers.put(StreamCloseKind.RETRY_PUSHBACK_MS, "999999999999");
    assertThat(delays.afterClose(Status.RESOURCE_EXHAUSTED, trailers, false))
        .isEqualTo(Duration.ofMinutes(10).toNanos());
  }

  @Test
  void shouldMoveOnAfterTheFloorAndBackOffOnlyOnceEveryAddressHasFailed() {
    // two addresses: every second failure completes a round
    long[] waits = new long[6];
    for (int i = 0; i < waits.length; i++) {
      waits[i] = delays.afterClose(Status.UNAVAILABLE, new Metadata(), false, i % 2 == 1);
    }

    assertThat(waits).containsExactly(ONE_S, ONE_S, ONE_S, 2 * ONE_S, ONE_S, 4 * ONE_S);
    assertThat(backoff.policies.get()).isEqualTo(1);
  }

  @Test
  void shouldHonourAPushbackEvenWhenAnotherAddressIsUntried() {
    Metadata trailers = new Metadata();
    trailers.put(StreamCloseKind.RETRY_PUSHBACK_MS, "7000");

    assertThat(delays.afterClose(Status.RESOURCE_EXHAUSTED, trailers, false, false))
        .isEqualTo(7 * ONE_S);
    assertThat(delays.afterClose(Status.RESOURCE_EXHAUSTED, new Metadata(), false, false))
        .isEqualTo(ReconnectDelays.CONGESTION_MIN_DELAY.toNanos());
  }

  @Test
  void shouldStillGrowTheBackoffWhenEveryReplicaEndsStreamsRightAfterWelcome() {
    for (long expected : new long[] {ONE_S, 2 * ONE_S, 4 * ONE_S}) {
      delays.welcomed();
      now.addAndGet(1);
      assertThat(delays.afterClose(Status.INTERNAL, new Metadata(), true, false))
          .isEqualTo(expected);
    }
  }
}
