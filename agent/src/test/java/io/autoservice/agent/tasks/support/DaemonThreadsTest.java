package io.autoservice.agent.tasks.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
  @Test
  void shouldMakeNamedDaemonThreadsThatNeverHoldTheAgentOpen() {
    ThreadFactory f = DaemonThreads.factory("iperf-progress");
    Thread first = f.newThread(() -> {});
    Thread second = f.newThread(() -> {});
    assertThat(first.isDaemon()).isTrue();
    assertThat(second.isDaemon()).isTrue();
    assertThat(first.getName()).isEqualTo("iperf-progress");
    assertThat(second.getName()).isEqualTo("iperf-progress-2");
    assertThat(DaemonThreads.thread(() -> {}, "one").isDaemon()).isTrue();
  }
}
