package io.autoservice.console.client;

import static java.util.Objects.requireNonNull;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Gives every unary console call a default deadline, keeping a shorter one the caller set (after
 * Temporal's {@code GrpcDeadlineInterceptor}). Streaming calls (the run and fleet watches) get
 * none: they last as long as the runs they follow, and channel keepalive finds a dead connection
 * under them.
 */
public final class DeadlineInterceptor implements ClientInterceptor {
  private final Duration defaultDeadline;

  DeadlineInterceptor(Duration defaultDeadline) {
    this.defaultDeadline = requireNonNull(defaultDeadline, "defaultDeadline");
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
    if (method.getType() == MethodDescriptor.MethodType.UNARY) {
      Deadline ours = Deadline.after(defaultDeadline.toNanos(), TimeUnit.NANOSECONDS);
      Deadline theirs = options.getDeadline();
      if (theirs == null || ours.isBefore(theirs)) {
        options = options.withDeadline(ours);
      }
    }
    return next.newCall(method, options);
  }
}
