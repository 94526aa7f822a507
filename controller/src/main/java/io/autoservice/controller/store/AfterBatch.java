package io.autoservice.controller.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Work a step after a commit wants done once the whole batch's steps have run: a group commit
 * acknowledges many events of one agent at once, and the agent needs one ack and one grant of
 * credit for them, not one of each per event (each is a message, a TLS record and a wakeup on both
 * ends). Outside a batch's steps the work runs at once.
 */
public final class AfterBatch {
  private static final ThreadLocal<List<Runnable>> PENDING = new ThreadLocal<>();

  private AfterBatch() {}

  /** Runs {@code work} at the end of the current batch's steps, or now outside of one. */
  public static void defer(Runnable work) {
    List<Runnable> pending = PENDING.get();
    if (pending == null) {
      work.run();
    } else {
      pending.add(work);
    }
  }

  /** Runs {@code steps} as one batch's steps, then what they deferred, in order. */
  static void runSteps(Runnable steps, java.util.function.Consumer<RuntimeException> failed) {
    List<Runnable> pending = new ArrayList<>();
    PENDING.set(pending);
    try {
      steps.run();
    } finally {
      PENDING.remove();
    }
    for (Runnable r : pending) {
      try {
        r.run();
      } catch (RuntimeException e) {
        failed.accept(e);
      }
    }
  }
}
