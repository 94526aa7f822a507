package io.autoservice.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.agent.fleet.BackoffPolicy;
import io.autoservice.agent.fleet.ExponentialBackoffPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reconnect_max_seconds}: the ceiling of {@code agent connect}'s reconnect backoff. */
class ReconnectMaxSecondsTest {
  @TempDir Path dir;

  @Test
  void shouldDefaultToAMinute() throws Exception {
    Path plain = Files.writeString(dir.resolve("plain.json"), "{}");

    assertThat(AgentConfig.load(plain).reconnectMax()).isEqualTo(Duration.ofSeconds(60));
    assertThat(AgentConfig.empty().reconnectMax()).isEqualTo(ExponentialBackoffPolicy.DEFAULT_MAX);
  }

  @Test
  void shouldReadItFromTheFileAndTheEnvironment() throws Exception {
    Path file = Files.writeString(dir.resolve("agent.json"), "{\"reconnect_max_seconds\": 5}");

    assertThat(AgentConfig.load(file).reconnectMax()).isEqualTo(Duration.ofSeconds(5));
    assertThat(
            AgentConfig.resolve(file, Map.of("AUTOSERVICE_RECONNECT_MAX_SECONDS", "120"))
                .reconnectMax())
        .isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void shouldRefuseValuesOutsideOneSecondToAnHourNamingTheField() throws Exception {
    for (String bad : new String[] {"0", "-3", "3601"}) {
      Path file =
          Files.writeString(dir.resolve("bad.json"), "{\"reconnect_max_seconds\": " + bad + "}");

      assertThatThrownBy(() -> AgentConfig.load(file))
          .as(bad)
          .isInstanceOf(AgentConfig.ConfigException.class)
          .hasMessageContaining("reconnect_max_seconds: " + bad + " (expected: 1 to 3600 seconds)");
    }
    Path text =
        Files.writeString(dir.resolve("text.json"), "{\"reconnect_max_seconds\": \"soon\"}");
    assertThatThrownBy(() -> AgentConfig.load(text))
        .isInstanceOf(AgentConfig.ConfigException.class)
        .hasMessageContaining("reconnect_max_seconds");
  }

  @Test
  void shouldCapEveryBackoffAtTheConfiguredMaximum() throws Exception {
    Path file = Files.writeString(dir.resolve("agent.json"), "{\"reconnect_max_seconds\": 2}");
    Duration max = AgentConfig.load(file).reconnectMax();
    BackoffPolicy policy =
        ExponentialBackoffPolicy.provider(ExponentialBackoffPolicy.DEFAULT_INITIAL, max).get();

    long longest = 0;
    for (int attempt = 0; attempt < 1000; attempt++) {
      longest = Math.max(longest, policy.nextBackoffNanos());
    }

    // Full jitter: the waits spread up to the ceiling, never past it (with 60 s, over 2 s).
    assertThat(longest).isLessThanOrEqualTo(max.toNanos()).isGreaterThan(max.toNanos() / 2);
  }
}
