package io.autoservice.controller.api;

import io.autoservice.controller.auth.Caller;
import io.autoservice.controller.errors.Statuses;
import io.autoservice.controller.metrics.RefusalCounter;
import io.autoservice.controller.model.Refusal;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At most {@code max} open {@code WatchRuns}/{@code WatchFleet}/{@code WatchFleetSnapshot} streams
 * per token, so one console (or a script gone wrong) cannot tie up the watch pool and the hub's
 * fan-out. Each user has one token, so the count is kept by the caller's name. Installed inside the
 * {@code AuthInterceptor} (it needs the {@link Caller}).
 *
 * <p>A slot is taken when the call starts and given back when the call ends in any way: completed,
 * failed, cancelled by the client or lost with its connection (gRPC ends every call with exactly
 * one of the listener's {@code onComplete} or {@code onCancel}).
 */
public final class WatcherQuota implements ServerInterceptor {
  private static final Set<String> WATCHES =
      Set.of(
          ConsoleServiceGrpc.getWatchRunsMethod().getFullMethodName(),
          ConsoleServiceGrpc.getWatchFleetMethod().getFullMethodName(),
          ConsoleServiceGrpc.getWatchFleetSnapshotMethod().getFullMethodName());

  private final int max;
  private final RefusalCounter refusals;
  private int total; // guarded by this
  private final Map<String, Integer> open = new HashMap<>(); // guarded by this

  public WatcherQuota(int max) {
    this(max, RefusalCounter.NONE);
  }

  /** As above, counting each watch refused over the quota as a {@code watch_quota} refusal. */
  public WatcherQuota(int max, RefusalCounter refusals) {
    this.refusals = refusals;
    if (max <= 0) {
      throw new IllegalArgumentException("max: " + max + " (expected: > 0)");
    }
    this.max = max;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    if (!WATCHES.contains(call.getMethodDescriptor().getFullMethodName())) {
      return next.startCall(call, headers);
    }
    String key = Caller.current().name();
    if (!take(key)) {
      refusals.refused("watch_quota");
      call.close(
          Statuses.of(
              Refusal.resourceExhausted(
                  "too many watches open for this token (" + max + "); close one")),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            give(key);
          }
        };
    ServerCall.Listener<ReqT> listener;
    try {
      listener = next.startCall(call, headers);
    } catch (RuntimeException e) {
      release.run();
      throw e;
    }
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          release.run();
        }
      }

      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          release.run();
        }
      }
    };
  }

  /** Open watches of this user now; for tests. */
  synchronized int openFor(String user) {
    return open.getOrDefault(user, 0);
  }

  /** Watches open now, of every user. */
  public synchronized int open() {
    return total;
  }

  private synchronized boolean take(String key) {
    int n = open.getOrDefault(key, 0);
    if (n >= max) {
      return false;
    }
    open.put(key, n + 1);
    total++;
    return true;
  }

  private synchronized void give(String key) {
    open.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    total--; // given back once per slot taken (the release runs once)
  }
}
