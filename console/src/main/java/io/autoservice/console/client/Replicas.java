package io.autoservice.console.client;

import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The controller replicas a console may call, one channel each (channels connect lazily, so an
 * address never used costs nothing), and the one calls go to now. A call that finds its replica
 * unreachable moves everyone on to the next one. Thread-safe.
 */
final class Replicas {
  /** One replica: how messages name it, its stub, and its channel when the client owns it. */
  record Replica(
      String target, ConsoleServiceGrpc.ConsoleServiceBlockingStub stub, ManagedChannel owned) {}

  private final List<Replica> replicas;
  private final AtomicInteger current = new AtomicInteger();

  private Replicas(List<Replica> replicas) {
    if (replicas.isEmpty()) {
      throw new IllegalArgumentException("no controller address");
    }
    this.replicas = List.copyOf(replicas);
  }

  /** Replicas over {@code channels} (the targets name them in the same order). */
  static Replicas of(
      List<String> targets, List<? extends Channel> channels, boolean owned, String token) {
    List<Replica> all = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      Channel channel = channels.get(i);
      Channel intercepted =
          ClientInterceptors.intercept(
              channel, new DeadlineInterceptor(ConsoleClient.DEFAULT_DEADLINE));
      ConsoleServiceGrpc.ConsoleServiceBlockingStub s =
          ConsoleServiceGrpc.newBlockingStub(intercepted);
      all.add(
          new Replica(
              targets.get(i),
              token == null ? s : s.withCallCredentials(new BearerToken(token)),
              owned ? (ManagedChannel) channel : null));
    }
    return new Replicas(all);
  }

  int size() {
    return replicas.size();
  }

  /** The index of the replica calls go to now. */
  int currentIndex() {
    return current.get();
  }

  Replica current() {
    return replicas.get(current.get());
  }

  /**
   * The replica at {@code failed} was unreachable: calls go to the next one (unless another call
   * already moved on).
   */
  void unreachable(int failed) {
    current.compareAndSet(failed, (failed + 1) % replicas.size());
  }

  /** Shuts down the channels the client opened. */
  void close() {
    for (Replica r : replicas) {
      if (r.owned() != null) {
        r.owned().shutdownNow();
      }
    }
    for (Replica r : replicas) {
      if (r.owned() != null) {
        try {
          r.owned().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
