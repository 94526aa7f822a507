package io.autoservice.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Tests {@link CancellationToken}. */
class ProcessCancellationTest {

  @Test
  void cancelRunsCallbacksOnceAndKeepsTheFirstReason() {
    CancellationToken token = new CancellationToken();
    AtomicInteger runs = new AtomicInteger();
    token.onCancel(runs::incrementAndGet);

    token.cancel("first");
    token.cancel("second");

    assertThat(runs).hasValue(1);
    assertThat(token.isCancelled()).isTrue();
    assertThat(token.reason()).isEqualTo("first");
  }

  @Test
  void activeTokenHasNoReason() {
    CancellationToken token = new CancellationToken();
    assertThat(token.isCancelled()).isFalse();
    assertThat(token.reason()).isNull();
    token.cancel(null);
    assertThat(token.reason()).isEqualTo("cancelled");
  }

  @Test
  void registeringOnACancelledTokenRunsAtOnce() {
    CancellationToken token = new CancellationToken();
    token.cancel("done");
    AtomicInteger runs = new AtomicInteger();

    token.onCancel(runs::incrementAndGet).close();

    assertThat(runs).hasValue(1);
  }

  @Test
  void closedRegistrationIsNotRun() {
    CancellationToken token = new CancellationToken();
    AtomicInteger runs = new AtomicInteger();
    CancellationToken.Registration registration = token.onCancel(runs::incrementAndGet);

    registration.close();
    registration.close();
    token.cancel("x");

    assertThat(runs).hasValue(0);
  }

  @Test
  void failingCallbackDoesNotStopTheOthers() {
    CancellationToken token = new CancellationToken();
    List<String> ran = new ArrayList<>();
    token.onCancel(
        () -> {
          throw new IllegalStateException("boom");
        });
    token.onCancel(() -> ran.add("second"));

    token.cancel("x");

    assertThat(ran).containsExactly("second");
  }

  @Test
  void childFollowsParentButNotTheOtherWayRound() {
    CancellationToken parent = new CancellationToken();
    CancellationToken first = parent.child();
    CancellationToken second = parent.child();

    first.cancel("task timeout");
    assertThat(parent.isCancelled()).isFalse();
    assertThat(second.isCancelled()).isFalse();

    parent.cancel("shutdown");
    assertThat(second.reason()).isEqualTo("shutdown");
    assertThat(first.reason()).isEqualTo("task timeout");
    assertThat(parent.child().reason()).isEqualTo("shutdown");
  }

  @Test
  void grandchildrenAreCancelledToo() {
    CancellationToken root = new CancellationToken();
    CancellationToken grandchild = root.child().child();
    root.cancel("stop");
    assertThat(grandchild.reason()).isEqualTo("stop");
  }

  @Test
  void manyDroppedChildrenDoNotBreakAnything() {
    CancellationToken parent = new CancellationToken();
    for (int i = 0; i < 10_000; i++) {
      parent.child();
    }
    CancellationToken kept = parent.child();
    parent.cancel("x");
    assertThat(kept.isCancelled()).isTrue();
  }

  @Test
  void noneIsNeverCancelled() {
    CancellationToken none = CancellationToken.none();
    AtomicInteger runs = new AtomicInteger();
    none.onCancel(runs::incrementAndGet);

    none.cancel("try");

    assertThat(none.isCancelled()).isFalse();
    assertThat(runs).hasValue(0);
    CancellationToken child = none.child();
    child.cancel("own");
    assertThat(child.isCancelled()).isTrue();
    assertThat(none.isCancelled()).isFalse();
  }

  @Test
  void concurrentCancelsRunCallbacksExactlyOnce() throws InterruptedException {
    CancellationToken token = new CancellationToken();
    AtomicInteger runs = new AtomicInteger();
    for (int i = 0; i < 100; i++) {
      token.onCancel(runs::incrementAndGet);
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String reason = "t" + i;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                token.cancel(reason);
              });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(runs).hasValue(100);
  }
}
