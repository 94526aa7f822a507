package io.autoservice.controller.store;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where the run domain hands its changes: each is made durable, then its follow-up step runs.
 * {@link StoreWriter} group-commits them on a thread of its own; tests commit by hand.
 */
public interface StoreWrites {
  /** Queues a change; {@code afterCommit} runs once it is durable, in submission order. */
  void submit(Consumer<WriteBatch> write, Runnable afterCommit);

  /** Queues a change; the future completes once it is durable. */
  default CompletableFuture<Void> submit(Consumer<WriteBatch> write) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    submit(write, () -> done.complete(null));
    return done;
  }
}
