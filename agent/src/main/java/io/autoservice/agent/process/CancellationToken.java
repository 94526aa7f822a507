package io.autoservice.agent.process;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-shot signal that work should stop, shared between whoever may cancel (the user, a
 * controller, a timeout) and the work itself (for example {@link ProcessRunner#run}).
 *
 * <p>Thread-safe. Callbacks run exactly once, on the thread that calls {@link #cancel}, outside any
 * lock; they should be quick. Tokens from {@link #child()} need no cleanup: the parent holds them
 * weakly.
 */
public final class CancellationToken {

  /** Undoes an {@link #onCancel} registration; closing twice is harmless. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  private static final Logger LOG = LoggerFactory.getLogger(CancellationToken.class);
  private static final Registration NO_REGISTRATION = () -> {};
  private static final CancellationToken NONE = new CancellationToken(false);
  private static final int MIN_PURGE_AT = 16;

  private final boolean cancellable;
  private final Object lock = new Object();
  private final Set<Callback> callbacks = new LinkedHashSet<>();
  private final List<WeakReference<CancellationToken>> children = new ArrayList<>();
  private int purgeChildrenAt = MIN_PURGE_AT;
  private volatile String reason;

  /** A new token, not cancelled. */
  public CancellationToken() {
    this(true);
  }

  private CancellationToken(boolean cancellable) {
    this.cancellable = cancellable;
  }

  /** A shared token that is never cancelled; {@link #cancel} on it does nothing. */
  public static CancellationToken none() {
    return NONE;
  }

  /**
   * Cancels this token and its children and runs the registered callbacks. Only the first call has
   * an effect.
   *
   * @param reason why, for logs and results; null or blank becomes {@code "cancelled"}
   */
  public void cancel(String reason) {
    if (!cancellable) {
      return;
    }
    String why = reason == null || reason.isBlank() ? "cancelled" : reason;
    List<Callback> toRun;
    List<CancellationToken> kids = new ArrayList<>();
    synchronized (lock) {
      if (this.reason != null) {
        return;
      }
      this.reason = why;
      toRun = new ArrayList<>(callbacks);
      callbacks.clear();
      for (WeakReference<CancellationToken> ref : children) {
        CancellationToken kid = ref.get();
        if (kid != null) {
          kids.add(kid);
        }
      }
      children.clear();
    }
    for (Callback callback : toRun) {
      callback.runQuietly();
    }
    for (CancellationToken kid : kids) {
      kid.cancel(why);
    }
  }

  public boolean isCancelled() {
    return reason != null;
  }

  /** Why this token was cancelled, or null while it is not. */
  public String reason() {
    return reason;
  }

  /**
   * Runs {@code action} when this token is cancelled, or right now (on this thread) if it already
   * is. Close the registration when the work is over so a long-lived token does not collect stale
   * callbacks.
   */
  public Registration onCancel(Runnable action) {
    Callback callback = new Callback(Objects.requireNonNull(action, "action"));
    if (!cancellable) {
      return NO_REGISTRATION;
    }
    synchronized (lock) {
      if (reason == null) {
        callbacks.add(callback);
        return callback;
      }
    }
    callback.runQuietly();
    return NO_REGISTRATION;
  }

  /**
   * A new token that is cancelled, with the same reason, when this one is (at once if it already
   * is), and that can also be cancelled on its own without affecting this one.
   */
  public CancellationToken child() {
    CancellationToken kid = new CancellationToken(true);
    if (!cancellable) {
      return kid;
    }
    synchronized (lock) {
      if (reason == null) {
        if (children.size() >= purgeChildrenAt) {
          children.removeIf(ref -> ref.get() == null);
          purgeChildrenAt = Math.max(MIN_PURGE_AT, children.size() * 2);
        }
        children.add(new WeakReference<>(kid));
        return kid;
      }
    }
    kid.cancel(reason);
    return kid;
  }

  @Override
  public String toString() {
    String why = reason;
    return why == null ? "CancellationToken[active]" : "CancellationToken[cancelled: " + why + "]";
  }

  /** A registered action; identity-based, so closing removes exactly this registration. */
  private final class Callback implements Registration {
    private final Runnable action;

    Callback(Runnable action) {
      this.action = action;
    }

    void runQuietly() {
      try {
        action.run();
      } catch (RuntimeException e) { // one failing callback must not stop the others
        LOG.warn("Cancellation callback failed", e);
      }
    }

    @Override
    public void close() {
      synchronized (lock) {
        callbacks.remove(this);
      }
    }
  }
}
