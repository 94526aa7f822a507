package io.autoservice.controller.api;

import io.autoservice.controller.live.SequentialExecutor;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The executor of one console watch: its tasks run one at a time on the shared pool, and a task
 * that throws (the store failing under a catch-up, say) is handed to {@code onFailure}, which ends
 * the watch with the mapped status. Left to the pool, the failure was only logged and the console
 * waited on a watch that would never send again.
 */
final class WatchExecutor implements Executor {
  private final SequentialExecutor serial;
  private final Consumer<RuntimeException> onFailure;

  WatchExecutor(Executor pool, Consumer<RuntimeException> onFailure) {
    this.serial = new SequentialExecutor(pool);
    this.onFailure = onFailure;
  }

  @Override
  public void execute(Runnable task) {
    serial.execute(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            onFailure.accept(e);
          }
        });
  }
}
