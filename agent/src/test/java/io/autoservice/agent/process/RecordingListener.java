package io.autoservice.agent.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Test listener: records every line and counts them, and lets a test wait for lines. */
final class RecordingListener implements OutputListener {

  private final List<String> stdout = new ArrayList<>();
  private final List<String> stderr = new ArrayList<>();
  private final AtomicInteger stdoutCount = new AtomicInteger();
  private final AtomicInteger stderrCount = new AtomicInteger();
  private final boolean keepLines;
  private volatile CountDownLatch stdoutLatch = new CountDownLatch(0);

  RecordingListener() {
    this(true);
  }

  RecordingListener(boolean keepLines) {
    this.keepLines = keepLines;
  }

  /** Arms a latch released once {@code count} stdout lines in total have arrived. */
  RecordingListener expectStdoutLines(int count) {
    stdoutLatch = new CountDownLatch(count);
    return this;
  }

  boolean awaitStdout(long seconds) throws InterruptedException {
    return stdoutLatch.await(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void onLine(StreamKind stream, String line) {
    if (stream == StreamKind.STDOUT) {
      stdoutCount.incrementAndGet();
      if (keepLines) {
        synchronized (stdout) {
          stdout.add(line);
        }
      }
      stdoutLatch.countDown();
    } else {
      stderrCount.incrementAndGet();
      if (keepLines) {
        synchronized (stderr) {
          stderr.add(line);
        }
      }
    }
  }

  List<String> stdout() {
    synchronized (stdout) {
      return List.copyOf(stdout);
    }
  }

  List<String> stderr() {
    synchronized (stderr) {
      return List.copyOf(stderr);
    }
  }

  /** The stdout lines that are process ids (the test scripts echo them). */
  List<Long> pids() {
    return stdout().stream().filter(l -> l.matches("\\d+")).map(Long::valueOf).toList();
  }

  int stdoutCount() {
    return stdoutCount.get();
  }

  int stderrCount() {
    return stderrCount.get();
  }
}
