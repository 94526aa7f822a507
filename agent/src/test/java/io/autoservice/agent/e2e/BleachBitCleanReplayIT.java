package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent run} with a {@code bleachbit_clean} task, end to end through the built jar:
 * BleachBit is the replaying fake tool playing the outputs under {@code
 * fixtures/replays/bleachbit_clean/} (see fixtures/tool-outputs/bleachbit/README.md), and, where it
 * is installed, the real BleachBit previewing a throw-away HOME.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class BleachBitCleanReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private AgentProcess.Outcome replay(String replayCase, String... args) {
    Map<String, String> env = new HashMap<>();
    env.put(
        "AUTOSERVICE_TOOL_BLEACHBIT",
        AgentProcess.FIXTURES.resolve("fake-tools/replay").toAbsolutePath().toString());
    env.put(
        "FAKE_REPLAY_DIR",
        AgentProcess.FIXTURES
            .resolve("replays/bleachbit_clean")
            .resolve(replayCase)
            .toAbsolutePath()
            .toString());
    env.put("FAKE_REPLAY_LOG", tmp.resolve("args.log").toString());
    return AgentProcess.run(env, args);
  }

  private Path plan(String task) throws Exception {
    Path plan = tmp.resolve("plan.json");
    Files.writeString(plan, "{\"tasks\": [" + task + "]}");
    return plan;
  }

  private static String samplePlan() {
    return AgentProcess.FIXTURES.resolve("plans/bleachbit-clean.json").toAbsolutePath().toString();
  }

  @Test
  void shouldCleanWithTheUisDefaultOptionsAndReportTheSpaceRecovered() throws Exception {
    AgentProcess.Outcome run = replay("windows-clean-tb", "run", samplePlan());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(Files.readString(tmp.resolve("args.log")).strip())
        .startsWith("--clean system.tmp system.recycle_bin system.prefetch ")
        .endsWith(" vuze.cache vuze.temp");
    assertThat(run.markerLines())
        .contains("TASK_START: bleachbit_clean", "TASK_OK: bleachbit_clean | success");
    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    JsonNode r = task.at("/summary/results");
    assertThat(r.path("space_recovered_bytes").asLong()).isEqualTo(1_250_000_000_000L);
    assertThat(r.path("files_deleted").asInt()).isEqualTo(48213);
    assertThat(r.path("special_operations").asInt()).isEqualTo(2);
    assertThat(r.path("errors").asInt()).isZero();
    assertThat(r.path("preview").asBoolean()).isFalse();
    assertThat(task.at("/summary/human_readable/verdict").asText())
        .isEqualTo("Recovered 1.25 TB: 48213 files deleted.");
    assertThat(task.path("command").get(1).asText()).isEqualTo("--clean");
  }

  @Test
  void shouldGiveTheDesktopUiItsFourKeysAndWarnAboutErrors() throws Exception {
    Path plan =
        plan(
            "{\"type\":\"bleachbit_clean\",\"options\":[\"thumbnails.cache\",\"firefox.vacuum\",\"system.prefetch\"]}");
    AgentProcess.Outcome run =
        replay("it-clean-errors", "run", plan.toString(), "--markers", "autoservice");

    assertThat(run.exitCode()).isZero();
    assertThat(run.markerLines())
        .contains("TASK_START:0:bleachbit_clean", "TASK_OK:0:bleachbit_clean");
    JsonNode result = JSON.readTree(run.stdout()).at("/results/0");
    // the app's word (its customer report shows this item only on success / counts only "failure");
    // ours kept beside it
    assertThat(result.path("status").asText()).isEqualTo("success");
    assertThat(result.at("/summary/human_readable/status").asText()).isEqualTo("warning");
    JsonNode s = result.path("summary");
    assertThat(s.path("space_recovered_bytes").asLong()).isEqualTo(3_100_000L);
    assertThat(s.path("files_deleted").asInt()).isEqualTo(3);
    assertThat(s.path("special_operations").asInt()).isEqualTo(1);
    assertThat(s.path("errors").asInt()).isEqualTo(1);
    assertThat(s.at("/human_readable/reason").asText()).startsWith("BleachBit reported 1 error");
  }

  @Test
  void shouldFailWhenBleachBitDoesNotKnowACleaner() throws Exception {
    AgentProcess.Outcome run =
        replay(
            "unknown-cleaner",
            "run",
            plan("{\"type\":\"bleachbit_clean\",\"options\":[\"foo.bar\"]}").toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.markerLines())
        .anyMatch(
            l -> l.startsWith("TASK_FAIL: bleachbit_clean | BleachBit has no cleaner \"foo\""));
    JsonNode r = JSON.readTree(run.stdout()).at("/tasks/0/summary/results");
    assertThat(r.path("details").asText()).endsWith("KeyError: 'foo'");
  }

  @Test
  void shouldRefuseAPlanWithoutCleanerOptionsBeforeRunningAnything() throws Exception {
    AgentProcess.Outcome run =
        replay(
            "windows-clean-tb",
            "run",
            plan("{\"type\":\"bleachbit_clean\",\"options\":[]}").toString());

    assertThat(run.markerLines())
        .anyMatch(l -> l.startsWith("TASK_FAIL: bleachbit_clean | No cleaner options given"));
    assertThat(tmp.resolve("args.log")).doesNotExist();
  }

  /**
   * The real BleachBit (Debian package {@code bleachbit}) previewing thumbnails in a throw-away
   * HOME.
   */
  @Test
  void shouldPreviewForRealWithTheInstalledBleachBit() throws Exception {
    Optional<Path> real =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
            .filter(s -> !s.isBlank())
            .map(s -> Path.of(s, "bleachbit"))
            .filter(Files::isExecutable)
            .findFirst();
    assumeTrue(real.isPresent(), "BleachBit is not installed (apt-get install bleachbit)");
    Path home = tmp.resolve("home");
    Path thumbs = Files.createDirectories(home.resolve(".cache/thumbnails/normal"));
    Files.writeString(thumbs.resolve("a.png"), "a".repeat(1500));
    Files.writeString(thumbs.resolve("b.png"), "b".repeat(2600));
    Map<String, String> env = new HashMap<>();
    env.put("AUTOSERVICE_TOOL_BLEACHBIT", real.get().toString());
    env.put("HOME", home.toString());
    env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
    env.put("LANGUAGE", "en");
    Path plan =
        plan("{\"type\":\"bleachbit_clean\",\"options\":[\"thumbnails.cache\"],\"preview\":true}");

    AgentProcess.Outcome run = AgentProcess.run(env, "run", plan.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.markerLines()).contains("TASK_OK: bleachbit_clean | success");
    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    JsonNode r = task.at("/summary/results");
    assertThat(r.path("files_deleted").asInt()).isEqualTo(2);
    assertThat(r.path("space_recovered_bytes").asLong()).isPositive();
    assertThat(r.path("preview").asBoolean()).isTrue();
    assertThat(task.at("/summary/human_readable/verdict").asText()).startsWith("Would recover ");
    assertThat(thumbs.resolve("a.png")).as("a preview deletes nothing").exists();
    assertThat(thumbs.resolve("b.png")).exists();
  }
}
