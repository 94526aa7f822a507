package io.autoservice.controller.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link StoreWrites} the test commits by hand: {@link #commit} writes everything waiting as one
 * batch and runs the follow-up steps (and whatever they queue); {@link #crash} loses what was not
 * committed, as a killed controller would. Nothing happens behind the test's back.
 */
public final class ManualWrites implements StoreWrites {
  private record Change(Consumer<WriteBatch> write, Runnable afterCommit) {}

  private final StoreWriter.Target target;
  private final List<Change> pending = new ArrayList<>();
  private int commits;

  public ManualWrites(StoreWriter.Target target) {
    this.target = target;
  }

  @Override
  public synchronized void submit(Consumer<WriteBatch> write, Runnable afterCommit) {
    pending.add(new Change(write, afterCommit));
  }

  /** Commits until nothing is waiting; returns the number of group commits it took. */
  public int commit() {
    int n = 0;
    while (commitOnce()) {
      n++;
    }
    return n;
  }

  /**
   * Commits only what is waiting now, as one batch, then runs its follow-ups (what they queue waits
   * for the next commit); false when nothing was waiting.
   */
  public boolean commitOnce() {
    List<Change> batch;
    synchronized (this) {
      if (pending.isEmpty()) {
        return false;
      }
      batch = new ArrayList<>(pending);
      pending.clear();
    }
    WriteBatch b = new WriteBatch();
    batch.forEach(c -> c.write().accept(b));
    target.write(b);
    commits++;
    batch.forEach(c -> c.afterCommit().run());
    return true;
  }

  /** Drops every change not committed, and their follow-ups: the controller died. */
  public synchronized void crash() {
    pending.clear();
  }

  public synchronized int waiting() {
    return pending.size();
  }

  public int commits() {
    return commits;
  }
}
