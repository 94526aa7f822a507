package io.autoservice.agent.tasks.support;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads a task starts for itself (a progress ticker, a helper reader): daemons, so a task that
 * forgets one, or is abandoned, never keeps the agent from exiting.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Threads named {@code name}, then {@code name-2}, {@code name-3}… */
  public static ThreadFactory factory(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      int n = count.incrementAndGet();
      Thread t = new Thread(r, n == 1 ? name : name + "-" + n);
      t.setDaemon(true);
      return t;
    };
  }

  /** One daemon thread, not started. */
  public static Thread thread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
