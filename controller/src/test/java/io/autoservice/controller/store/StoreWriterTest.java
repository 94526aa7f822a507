package io.autoservice.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.controller.model.EventRow;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StoreWriterTest {
  private static EventRow event(String run, long seq) {
    return new EventRow(run, seq, Instant.EPOCH, new byte[] {1});
  }

  @Test
  void shouldCommitWhatWaitsTogetherAndRunFollowUpsAfterInOrder() throws Exception {
    List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    List<String> steps = new CopyOnWriteArrayList<>();
    CountDownLatch hold = new CountDownLatch(1);
    try (StoreWriter writer =
        new StoreWriter(
            b -> {
              hold(hold);
              batchSizes.add(b.events().size());
            },
            1_000)) {
      for (int i = 1; i <= 100; i++) {
        int n = i;
        writer.submit(b -> b.appendEvent(event("r", n)), () -> steps.add("ack " + n));
      }
      hold.countDown();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> steps.size() == 100);
    }
    assertThat(steps).first().isEqualTo("ack 1");
    assertThat(steps).last().isEqualTo("ack 100");
    assertThat(batchSizes)
        .as("a hundred changes in at most two commits")
        .hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void shouldRunWhatTheStepsDeferOnceAfterAllTheBatchsSteps() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch hold = new CountDownLatch(1);
    AtomicInteger flushes = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean flushQueued =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicLong highest = new java.util.concurrent.atomic.AtomicLong();
    try (StoreWriter writer = new StoreWriter(b -> hold(hold), 1_000)) {
      writer.submit(b -> b.appendEvent(event("r", 0)), () -> {}); // the writer waits in this one
      for (int i = 1; i <= 16; i++) {
        long n = i;
        writer.submit(
            b -> b.appendEvent(event("r", n)),
            () -> {
              seen.add("step " + n);
              highest.accumulateAndGet(n, Math::max);
              if (flushQueued.compareAndSet(false, true)) {
                AfterBatch.defer(
                    () -> {
                      flushQueued.set(false);
                      flushes.incrementAndGet();
                      seen.add("ack " + highest.get());
                    });
              }
            });
      }
      hold.countDown();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> seen.contains("ack 16"));
    }
    assertThat(flushes.get()).as("one ack for the sixteen events of one commit").isEqualTo(1);
    assertThat(seen).last().isEqualTo("ack 16");
    assertThat(seen).hasSize(17);
  }

  @Test
  void shouldRunDeferredWorkAtOnceOutsideABatch() {
    List<String> seen = new java.util.ArrayList<>();
    AfterBatch.defer(() -> seen.add("now"));
    assertThat(seen).containsExactly("now");
  }

  @Test
  void shouldRetryADiskFailureAndAckOnlyOnceItPasses() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    List<String> steps = new CopyOnWriteArrayList<>();
    try (StoreWriter writer =
        new StoreWriter(
            b -> {
              if (attempts.incrementAndGet() <= 2) {
                throw new StoreException(
                    "disk I/O error", new SQLException("disk I/O error", null, 10));
              }
            },
            100)) {
      writer.submit(b -> b.appendEvent(event("r", 1)), () -> steps.add("ack"));
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !steps.isEmpty());
    }
    assertThat(attempts).hasValue(3);
    assertThat(steps).containsExactly("ack");
  }

  @Test
  void shouldDropOnlyAChangeTheStoreRefusesForGood() throws Exception {
    List<String> steps = new CopyOnWriteArrayList<>();
    try (StoreWriter writer =
        new StoreWriter(
            b -> {
              if (b.events().stream().anyMatch(e -> e.runId().equals("poison"))) {
                throw new StoreException(
                    "constraint failed", new SQLException("constraint failed", null, 19));
              }
            },
            100)) {
      CountDownLatch queued = new CountDownLatch(1);
      writer.submit(b -> hold(queued), () -> {});
      writer.submit(b -> b.appendEvent(event("good", 1)), () -> steps.add("good 1"));
      writer.submit(b -> b.appendEvent(event("poison", 1)), () -> steps.add("poison"));
      writer.submit(b -> b.appendEvent(event("good", 2)), () -> steps.add("good 2"));
      queued.countDown();
      // "good 2" was queued after the poison, and steps run in submission order: once it is acked,
      // the poison has been dealt with, and close() drains whatever else is left.
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> steps.size() == 2);
    }
    assertThat(steps).containsExactly("good 1", "good 2");
  }

  private static void hold(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
