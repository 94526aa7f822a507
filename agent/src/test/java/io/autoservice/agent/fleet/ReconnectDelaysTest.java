package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectDelaysTest {
  private static final long ONE_S = Duration.ofSeconds(1).toNanos();

  private final FleetFixture.ScriptedBackoff backoff = new FleetFixture.ScriptedBackoff();
  private final ReconnectDelays delays = new ReconnectDelays(backoff);

  @Test
  void shouldReconnectAtOnceAfterAHealthySession() {
    assertThat(delays.afterClose(Status.UNAVAILABLE, new Metadata(), true)).isZero();
    assertThat(delays.afterClose(Status.OK, new Metadata(), true)).isZero();
    assertThat(backoff.policies.get()).isZero();
  }

  @Test
  void shouldBackOffAfterBeingReplacedByAnotherStreamWithOurId() {
    assertThat(delays.afterClose(Status.ABORTED, new Metadata(), true)).isEqualTo(ONE_S);
    delays.reset();
    assertThat(delays.afterClose(Status.FAILED_PRECONDITION, new Metadata(), true))
        .as("an event the controller refused is not sent again at once").isEqualTo(ONE_S);
  }

  @Test
  void shouldGrowTheBackoffUntilReset() {
    assertThat(delays.afterClose(Status.UNAVAILABLE, new Metadata(), false)).isEqualTo(ONE_S);
    assertThat(delays.afterClose(Status.DEADLINE_EXCEEDED, new Metadata(), false))
        .isEqualTo(2 * ONE_S);
    delays.reset();
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
}
