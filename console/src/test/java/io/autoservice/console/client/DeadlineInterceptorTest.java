package io.autoservice.console.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DeadlineInterceptorTest {
  @Test
  void shouldGiveUnaryCallsADefaultDeadlineButKeepAShorterOneAndLeaveWatchesAlone() {
    AtomicReference<CallOptions> seen = new AtomicReference<>();
    Channel capture =
        new Channel() {
          @Override
          public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> m, CallOptions o) {
            seen.set(o);
            return null;
          }

          @Override
          public String authority() {
            return "test";
          }
        };
    DeadlineInterceptor interceptor = new DeadlineInterceptor(Duration.ofSeconds(10));

    interceptor.interceptCall(
        ConsoleServiceGrpc.getListAgentsMethod(), CallOptions.DEFAULT, capture);
    assertThat(seen.get().getDeadline().timeRemaining(TimeUnit.MILLISECONDS))
        .isBetween(9_000L, 10_000L);

    Deadline shorter = Deadline.after(2, TimeUnit.SECONDS);
    interceptor.interceptCall(
        ConsoleServiceGrpc.getCancelRunMethod(),
        CallOptions.DEFAULT.withDeadline(shorter),
        capture);
    assertThat(seen.get().getDeadline()).isSameAs(shorter);

    Deadline longer = Deadline.after(1, TimeUnit.HOURS);
    interceptor.interceptCall(
        ConsoleServiceGrpc.getDispatchMethod(), CallOptions.DEFAULT.withDeadline(longer), capture);
    assertThat(seen.get().getDeadline().timeRemaining(TimeUnit.SECONDS)).isLessThanOrEqualTo(10);

    interceptor.interceptCall(
        ConsoleServiceGrpc.getWatchRunsMethod(), CallOptions.DEFAULT, capture);
    assertThat(seen.get().getDeadline()).isNull();
    interceptor.interceptCall(
        ConsoleServiceGrpc.getWatchFleetMethod(), CallOptions.DEFAULT, capture);
    assertThat(seen.get().getDeadline()).isNull();
  }
}
