package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data folder's files, and the backoff arithmetic. */
class FleetFilesTest {
  @TempDir Path dir;

  @Test
  void shouldCreateTheAgentIdOnceAndKeepIt() throws Exception {
    AgentDataDir data = AgentDataDir.open(dir.resolve("nested/agent-data"));
    String id = data.agentId();
    assertThat(AgentDataDir.open(dir.resolve("nested/agent-data")).agentId()).isEqualTo(id);
  }

  @Test
  void shouldRefuseACorruptAgentIdRatherThanReplaceIt() throws Exception {
    Files.writeString(dir.resolve("agent-id"), "not-a-uuid");
    assertThatThrownBy(() -> AgentDataDir.open(dir).agentId())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("expected: a UUID");
  }

  @Test
  void shouldRepairATornLastLineOfTakenRuns() throws Exception {
    // given: a crash mid-append
    Path file = dir.resolve("taken-runs");
    Files.writeString(file, "run-1\nrun-2");

    // when
    try (TakenRuns taken = TakenRuns.open(file)) {
      assertThat(taken.contains("run-1")).isTrue();
      assertThat(taken.add("run-3")).isTrue();
      assertThat(taken.add("run-3")).isFalse();
    }

    // then
    assertThat(Files.readAllLines(file)).containsExactly("run-1", "run-2", "run-3");
  }

  @Test
  void shouldDrawFullJitterUnderADoublingCappedCeiling() {
    ExponentialBackoffPolicy policy =
        new ExponentialBackoffPolicy(
            Duration.ofSeconds(1), Duration.ofSeconds(60), new SplittableRandom(7));
    long[] ceilings = {1, 2, 4, 8, 16, 32, 60, 60, 60};
    for (long ceiling : ceilings) {
      assertThat(policy.nextBackoffNanos()).isBetween(0L, Duration.ofSeconds(ceiling).toNanos());
    }
  }
}
