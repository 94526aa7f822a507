package io.autoservice.controller.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rate-limit and quota keys of the controller settings file. */
class ControllerSettingsLimitsTest {
  @TempDir Path dir;

  @Test
  void shouldDefaultEveryLimit() {
    ControllerSettings s = ControllerSettings.defaults();

    assertThat(s.maxEventsPerSecondPerAgent()).isEqualTo(500);
    assertThat(s.maxWatchersPerToken()).isEqualTo(16);
    assertThat(s.maxAgentConnectsPerSecond()).isEqualTo(1_000);
    assertThat(s.retention().events()).isEqualTo(java.time.Duration.ofDays(90));
    assertThat(s.retention().runs()).isZero();
  }

  @Test
  void shouldReadTheLimitsFromTheFileAndKeepThemThroughFlags() throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("c.json"),
            "{\"max_events_per_second_per_agent\": 50, \"max_watchers_per_token\": 4,"
                + " \"max_agent_connects_per_second\": 300}");

    ControllerSettings s = ControllerSettings.load(f).with("127.0.0.1:0", dir);

    assertThat(s.maxEventsPerSecondPerAgent()).isEqualTo(50);
    assertThat(s.maxWatchersPerToken()).isEqualTo(4);
    assertThat(s.maxAgentConnectsPerSecond()).isEqualTo(300);
  }

  @Test
  void shouldRefuseALimitBelowOneNamingTheKey() throws IOException {
    Path f = Files.writeString(dir.resolve("c.json"), "{\"max_watchers_per_token\": 0}");

    assertThatThrownBy(() -> ControllerSettings.load(f))
        .isInstanceOf(IOException.class)
        .hasMessageEndingWith("max_watchers_per_token: 0 (expected: > 0)");
  }

  @Test
  void shouldKeepTheExampleConfigLoadable() throws IOException {
    Path example =
        Path.of(System.getProperty("user.dir")).resolveSibling("deploy/examples/controller.json");

    ControllerSettings s = ControllerSettings.load(example);

    assertThat(s.maxAgentConnectsPerSecond()).isEqualTo(1_000);
    assertThat(s.retention().events()).isEqualTo(java.time.Duration.ofDays(90));
    assertThat(s.log().file()).isEqualTo(Path.of("/var/log/autoservice/controller.log"));
    assertThat(s.log().totalMaxMb()).isEqualTo(100);
  }

  @Test
  void shouldRefuseARunRetentionThatWouldStrandReportFolders() throws IOException {
    Path f = Files.writeString(dir.resolve("c.json"), "{\"run_retention_days\": 30}");

    assertThatThrownBy(() -> ControllerSettings.load(f))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(
            "report_folder_retention_days: 0 (expected: 1 to run_retention_days, 30");
  }
}
