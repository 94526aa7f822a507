package io.autoservice.agent.tasks.diskcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.tools.Tool;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WinsatDiskHandlerTest {
  static final List<String> RESULT_KEYS =
      List.of(
          "drive",
          "test_mode",
          "duration_seconds",
          "results",
          "command",
          "exit_code",
          "stdout_excerpt",
          "stderr_excerpt");

  private final WinsatDiskHandler handler = new WinsatDiskHandler();
  private final ToolLocator noSystemTools = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;
  private Path argsLog;
  private FakeTaskContext ctx;

  @BeforeEach
  void unixOnly() {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "the replaying fake winsat is a shell script");
    argsLog = tmp.resolve("args.log");
  }

  private Path replayCase(String fixture, int exit) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "case");
    Files.copy(Fixtures.toolOutput("winsat", fixture), dir.resolve("default.stdout"));
    Files.writeString(dir.resolve("default.exit"), exit + "\n");
    return dir;
  }

  /** A copy of a case folder under fixtures/replays/winsat_disk/. */
  private Path replayFolder(String name) throws Exception {
    Path src = Fixtures.root().resolve("replays/winsat_disk").resolve(name);
    Path dir = Files.createTempDirectory(tmp, name);
    try (Stream<Path> files = Files.list(src)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  private TaskOutcome run(ObjectNode params, Path caseDir) {
    params.put("executable_path", Fixtures.replayTool().toAbsolutePath().toString());
    ctx =
        new FakeTaskContext(params, handler.descriptor().params(), noSystemTools)
            .withEnv(
                Map.of(
                    "FAKE_REPLAY_DIR", caseDir.toString(), "FAKE_REPLAY_LOG", argsLog.toString()));
    return handler.run(ctx);
  }

  private static ObjectNode params(String drive, String mode) {
    return Json.object().put("drive", drive).put("test_mode", mode);
  }

  private static JsonNode results(TaskOutcome o) {
    return o.summary().get("results");
  }

  private static JsonNode hr(TaskOutcome o) {
    return o.summary().get("human_readable");
  }

  private static List<String> notes(TaskOutcome o) {
    return Json.mapper().convertValue(hr(o).get("notes"), List.class);
  }

  @Test
  void shouldDescribeItself() {
    assertThat(handler.descriptor().type()).isEqualTo("winsat_disk");
    assertThat(handler.descriptor().defaultTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(handler.descriptor().tool()).contains(Tool.WINSAT);
    assertThat(handler.descriptor().requiresWindows()).isTrue();
    assertThat(
            handler.descriptor().params().spec("test_mode").orElseThrow().defaultValue().asText())
        .isEqualTo("full");
    assertThat(handler.descriptor().params().validate("t", Json.object().put("test_mode", "burn")))
        .hasSize(1);
    assertThat(handler.descriptor().params().validate("t", Json.object())).isEmpty();
  }

  @Test
  void shouldBuildTheCommandsWithTheDocumentedFlushSwitch() {
    assertThat(WinsatDiskHandler.args("C:", "full")).containsExactly("disk", "-drive", "C");
    assertThat(WinsatDiskHandler.args("D:", "random_read"))
        .containsExactly("disk", "-ran", "-read", "-drive", "D");
    assertThat(WinsatDiskHandler.args("C:", "sequential_read"))
        .containsExactly("disk", "-seq", "-read", "-drive", "C");
    assertThat(WinsatDiskHandler.args("C:", "sequential_write"))
        .containsExactly("disk", "-seq", "-write", "-drive", "C");
    assertThat(WinsatDiskHandler.args("C:", "flush"))
        .containsExactly("disk", "-flush", "-drive", "C");
  }

  @Test
  void shouldRateAFullRunOnASataSsd() throws Exception {
    TaskOutcome o = run(params("c:", "full"), replayFolder("ssd"));

    assertThat(Files.readString(argsLog).strip()).isEqualTo("disk -drive C");
    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    JsonNode r = results(o);
    assertThat(r.fieldNames()).toIterable().containsExactlyElementsOf(RESULT_KEYS);
    assertThat(r.get("drive").asText()).isEqualTo("C:");
    assertThat(r.get("test_mode").asText()).isEqualTo("full");
    assertThat(r.at("/results/random_read_mbps").asDouble()).isEqualTo(404.52);
    assertThat(r.at("/results/sequential_read_mbps").asDouble()).isEqualTo(516.71);
    assertThat(r.at("/results/sequential_write_mbps").asDouble()).isEqualTo(489.5);
    assertThat(r.at("/results/latency_95th_percentile_ms").asDouble()).isEqualTo(0.476);
    assertThat(r.at("/results/total_run_time_seconds").asDouble()).isEqualTo(5.98);
    assertThat(r.get("exit_code").asInt()).isZero();
    assertThat(r.get("stdout_excerpt").asText()).endsWith("> Total Run Time 00:00:05.98");
    assertThat(r.get("command").get(1).asText()).isEqualTo("disk");
    assertThat(hr(o).get("score").asDouble()).isEqualTo(85.3); // mean 8.443 / 9.9
    assertThat(hr(o).get("verdict").asText()).isEqualTo("excellent");
    assertThat(hr(o).get("rating_stars").asInt()).isEqualTo(5);
    assertThat(notes(o)).isEmpty();
    assertThat(hr(o).has("reason")).isFalse();
    assertThat(o.extra().get("command")).isEqualTo(r.get("command"));
    assertThat(ctx.specs.get(0).stdin()).isNull();
    assertThat(ctx.specs.get(0).charset()).isEqualTo(ToolCharset.oem());
    assertThat(ctx.progress).hasSize(5);
    assertThat(ctx.progress.get(0).message())
        .isEqualTo("Running: Storage Assessment '-drive c -ran -read' done");
  }

  @Test
  void shouldRunFlushWithItsDash() throws Exception {
    TaskOutcome o = run(params("C", "flush"), replayFolder("ssd"));
    assertThat(Files.readString(argsLog).strip()).isEqualTo("disk -flush -drive C");
    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).at("/results/avg_read_time_seq_writes_ms").asDouble()).isEqualTo(0.218);
    assertThat(results(o).at("/results/random_read_mbps").isNull()).isTrue();
    assertThat(hr(o).get("score").asDouble()).isEqualTo(87.2); // (8.6 + 8.7 + 8.6) / 3 / 9.9
  }

  @Test
  void shouldRateASlowSdCardWithNotes() throws Exception {
    TaskOutcome o =
        run(params("G:", "full"), replayCase("en-disk-drive-g-sd-card-usb-reader-partial.txt", 0));
    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(hr(o).get("score").asDouble()).isEqualTo(63.9);
    assertThat(hr(o).get("verdict").asText()).isEqualTo("fair");
    assertThat(hr(o).get("rating_stars").asInt()).isEqualTo(3);
    assertThat(notes(o))
        .containsExactly(
            "Poor sequential read",
            "Poor sequential write",
            "Slow sequential read (HDD-like)",
            "Very slow write speed");
  }

  @Test
  void shouldRateAHardDiskAndFlagItsLatency() throws Exception {
    TaskOutcome o =
        run(
            params("C:", "full"),
            replayCase("en-win7-disk-c-hdd-responsiveness-nv-cache-not-present.txt", 0));
    assertThat(hr(o).get("score").asDouble()).isEqualTo(54.7);
    assertThat(hr(o).get("rating_stars").asInt()).isEqualTo(3);
    assertThat(notes(o))
        .containsExactly(
            "Poor random read",
            "Poor 95th percentile latency",
            "Poor read time with random writes",
            "High latency detected");
  }

  @Test
  void shouldGiveExcellentNvmeNotes() throws Exception {
    Path dir = replayCase("en-win10-disk-c-sata-ssd-and-d-nvme.txt", 0);
    List<String> lines = Fixtures.lines("winsat", "en-win10-disk-c-sata-ssd-and-d-nvme.txt");
    Files.write(dir.resolve("default.stdout"), lines.subList(26, lines.size()));
    TaskOutcome o = run(params("D:", "full"), dir);
    assertThat(notes(o))
        .containsExactly(
            "Excellent sequential read",
            "Excellent sequential write",
            "Excellent NVMe performance");
  }

  @Test
  void shouldWarnWhenARunMeasuredNothing() throws Exception {
    TaskOutcome o = run(params("C:", "full"), replayCase("synthetic-en-no-metrics-exit0.txt", 0));
    assertThat(o.status()).as("the runner said success").isEqualTo(TaskStatus.WARNING);
    assertThat(notes(o)).contains(WinsatDiskHandler.NO_METRICS);
    assertThat(hr(o).get("reason").asText()).startsWith(WinsatDiskHandler.NO_METRICS);
    assertThat(hr(o).get("score").isNull()).isTrue();
    assertThat(hr(o).get("verdict").asText()).isEqualTo("unknown");
    assertThat(results(o).get("warning").asText()).isEqualTo(hr(o).get("reason").asText());
  }

  @Test
  void shouldFailOnANonZeroExitCode() throws Exception {
    TaskOutcome o =
        run(
            params("Q:", "full"),
            replayCase("synthetic-en-invalid-drive-error-exit-nonzero.txt", 1));
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .startsWith("winsat failed with exit code 1: ")
        .contains("Unable to open the disk");
    assertThat(results(o).get("exit_code").asInt()).isEqualTo(1);
    assertThat(results(o).get("error").asText()).isEqualTo(hr(o).get("reason").asText());
  }

  @Test
  void shouldRefuseDrivesThatAreNotALetter() throws Exception {
    Path dir = replayCase("synthetic-en-no-metrics-exit0.txt", 0);
    for (String bad : List.of("C:\\", "-drive", "C D", "CC:")) {
      TaskOutcome o = run(params(bad, "full"), dir);
      assertThat(o.status()).as(bad).isEqualTo(TaskStatus.ERROR);
      assertThat(ctx.specs).isEmpty();
    }
  }

  @Test
  void shouldReportAMissingWinsat() {
    ObjectNode p = params("C:", "full").put("executable_path", tmp.resolve("nope.exe").toString());
    TaskOutcome o =
        handler.run(new FakeTaskContext(p, handler.descriptor().params(), noSystemTools));
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText()).startsWith("winsat not found");
  }
}
