package io.autoservice.agent.process;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Bounded waits for the runner's threads and processes. They ignore interrupts while waiting and
 * re-assert them on return, because the runner must still clean up after an interrupt.
 */
final class Waits {

  private Waits() {}

  /** The exit code, waiting briefly for a just-killed process to be reaped; -1 if unknown. */
  static int exitCode(Process process, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return process.exitValue();
          }
          return -1;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits up to {@code limit} in total for the threads to end, ignoring interrupts meanwhile. */
  static boolean joinAll(Duration limit, Thread... threads) {
    long deadline = System.nanoTime() + limit.toNanos();
    boolean interrupted = Thread.interrupted();
    try {
      for (Thread thread : threads) {
        while (thread.isAlive()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      return true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static Thread startDaemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
