package io.autoservice.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.event.EventPayload.TaskProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressCoalescerTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final List<TaskProgress> sent = new ArrayList<>();
  private final ProgressCoalescer coalescer = new ProgressCoalescer(2, 100, now::get, sent::add);

  @Test
  void shouldSendTheFirstValueAtOnceAndHoldTheRestUntilTheIntervalPasses() {
    coalescer.update(1, "a");
    coalescer.update(2, "b");
    coalescer.update(3, "c");

    assertThat(sent).extracting(TaskProgress::message).containsExactly("a");

    now.addAndGet(99);
    coalescer.update(4, "d");
    assertThat(sent).hasSize(1);

    now.addAndGet(1);
    coalescer.update(5, "e");
    assertThat(sent).extracting(TaskProgress::message).containsExactly("a", "e");
  }

  @Test
  void shouldFlushTheHeldValueOnceOnly() {
    coalescer.update(10, "a");
    coalescer.update(20, "b");

    coalescer.flush();
    coalescer.flush();

    assertThat(sent).extracting(TaskProgress::percent).containsExactly(10.0, 20.0);
    assertThat(sent).allMatch(p -> p.index() == 2);
  }

  @Test
  void shouldClampPercentages() {
    coalescer.update(250, "over");
    now.addAndGet(100);
    coalescer.update(Double.NaN, "unknown");

    assertThat(sent).extracting(TaskProgress::percent).containsExactly(100.0, -1.0);
  }
}
