package io.autoservice.agent.tasks.iperf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.testing.LocalIperfServer;
import io.autoservice.agent.tools.Tool;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.agent.tools.ToolNotFoundException;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.TaskParams;
import io.autoservice.common.result.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IperfTestHandlerTest {
  private static final List<String> RESULT_KEYS =
      List.of(
          "server",
          "port",
          "protocol",
          "reverse",
          "duration_seconds",
          "parallel_streams",
          "omit_seconds",
          "interval_seconds",
          "bandwidth",
          "aggregates",
          "interval_stats",
          "throughput_over_time_mbps",
          "exit_code",
          "stderr_excerpt");

  private final IperfTestHandler handler = new IperfTestHandler();
  private final ToolLocator noSystemTools = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;

  @BeforeEach
  void unixOnly() {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "the replay tool is a shell script");
  }

  /** A replay case folder whose default case prints {@code fixture} and exits with {@code exit}. */
  private Path replay(String fixture, String stderr, int exit, Double sleepSeconds)
      throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("replay"));
    if (fixture != null) {
      Files.copy(Fixtures.toolOutput("iperf3", fixture), dir.resolve("default.stdout"));
    }
    if (stderr != null) {
      Files.writeString(dir.resolve("default.stderr"), stderr, StandardCharsets.UTF_8);
    }
    Files.writeString(dir.resolve("default.exit"), Integer.toString(exit));
    if (sleepSeconds != null) {
      Files.writeString(dir.resolve("default.sleep"), sleepSeconds.toString());
    }
    return dir;
  }

  private static ObjectNode params() {
    return Json.object()
        .put("server", "127.0.0.1")
        .put("duration_seconds", 10)
        .put("executable_path", Fixtures.replayTool().toString());
  }

  private TaskOutcome run(ObjectNode params, Path replayDir) {
    FakeTaskContext ctx =
        new FakeTaskContext(params, handler.descriptor().params(), noSystemTools)
            .withEnv(
                Map.of(
                    "FAKE_REPLAY_DIR",
                    replayDir.toString(),
                    "FAKE_REPLAY_LOG",
                    tmp.resolve("argv.log").toString()));
    return handler.run(ctx);
  }

  private static JsonNode results(TaskOutcome o) {
    return o.summary().get("results");
  }

  private static JsonNode hr(TaskOutcome o) {
    return o.summary().get("human_readable");
  }

  private String loggedArgs() throws Exception {
    return Files.readString(tmp.resolve("argv.log")).strip();
  }

  @Test
  void shouldDescribeItself() {
    assertThat(handler.descriptor().type()).isEqualTo("iperf_test");
    assertThat(handler.descriptor().tool()).contains(Tool.IPERF3);
    assertThat(handler.descriptor().requiresWindows()).isFalse();
    assertThat(handler.descriptor().defaultTimeout())
        .isEqualTo(Duration.ofSeconds(240 * 60 + 600 + 60));
    assertThat(handler.descriptor().params().spec("server").orElseThrow().required()).isTrue();
    assertThat(handler.descriptor().params().spec("port").orElseThrow().defaultValue().asInt())
        .isEqualTo(5201);
    assertThat(
            handler
                .descriptor()
                .params()
                .validate("t", Json.object().put("server", "x").put("port", 70000)))
        .hasSize(1);
    assertThat(
            handler
                .descriptor()
                .params()
                .validate("t", Json.object().put("server", "x").put("protocol", "sctp")))
        .hasSize(1);
    assertThat(
            handler
                .descriptor()
                .params()
                .validate("t", Json.object().put("server", "x").put("parallel_streams", 129)))
        .hasSize(1);
  }

  @Test
  void shouldRateARecordedTenSecondTcpRun() throws Exception {
    TaskOutcome o =
        run(
            params().put("omit_seconds", 3),
            replay("tcp-client-10s-iperf3.9-linux.json", null, 0, null));

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(loggedArgs()).isEqualTo("-c 127.0.0.1 -p 5201 --json -i 1 -t 10 --omit 3");
    JsonNode r = results(o);
    assertThat(r.fieldNames()).toIterable().containsExactlyElementsOf(RESULT_KEYS);
    assertThat(r.at("/aggregates/bits_per_second_sender").asDouble()).isEqualTo(464521026.084);
    assertThat(r.at("/aggregates/bits_per_second_receiver").asDouble()).isEqualTo(464786288.6);
    assertThat(r.at("/aggregates/retransmits").asLong()).isZero();
    assertThat(r.at("/aggregates/jitter_ms").isNull()).isTrue();
    assertThat(r.at("/aggregates/cpu_utilization_percent/host_total").asDouble())
        .isEqualTo(3.31256041080206);
    // the three warm-up intervals are not counted
    assertThat(r.at("/interval_stats/samples").asInt()).isEqualTo(10);
    assertThat(r.at("/interval_stats/min_bps").asDouble()).isEqualTo(440415570.423);
    assertThat(r.at("/interval_stats/max_bps").asDouble()).isEqualTo(471885160.803);
    assertThat(r.at("/interval_stats/zero_throughput_intervals").asInt()).isZero();
    assertThat(r.get("throughput_over_time_mbps")).hasSize(10);
    assertThat(r.get("throughput_over_time_mbps").get(9).asDouble()).isEqualTo(471.885);
    assertThat(r.get("exit_code").asInt()).isZero();
    JsonNode h = hr(o);
    assertThat(h.get("protocol").asText()).isEqualTo("tcp");
    assertThat(h.get("direction").asText()).isEqualTo("upload");
    assertThat(h.at("/throughput/unit").asText()).isEqualTo("Mbps");
    assertThat(h.at("/throughput/mean").asDouble()).isEqualTo(464.517);
    assertThat(h.at("/throughput/samples").asInt()).isEqualTo(10);
    assertThat(h.at("/throughput/cov_percent").asDouble()).isEqualTo(2.03);
    assertThat(h.get("stability_score").asDouble()).isEqualTo(97.0);
    assertThat(h.get("verdict").asText()).isEqualTo("excellent");
    assertThat(h.get("notes")).extracting(JsonNode::asText).containsExactly("very low variability");
    assertThat(h.has("reason")).isFalse();
    assertThat(h.has("udp_quality")).isFalse();
    assertThat(o.extra().get("command").get(0).asText())
        .isEqualTo(Fixtures.replayTool().toString());
  }

  @Test
  void shouldPassEveryOptionAsItsOwnArgument() throws Exception {
    ObjectNode p =
        params()
            .put("port", 5999)
            .put("protocol", "UDP")
            .put("bandwidth", "50M")
            .put("reverse", true)
            .put("parallel_streams", 4)
            .put("interval_seconds", 2)
            .put("connect_timeout_seconds", 3)
            .put("stability_threshold_mbps", "20Mbps")
            .put("include_intervals", true)
            .put("include_raw", true);
    p.putArray("extra_args").add("--bidir").add("-w").add("256K");
    p.remove("duration_seconds");
    p.put("duration_minutes", 2);

    TaskOutcome o =
        run(p, replay("synthetic-local-udp-unlimited-loss-loopback-iperf3.12.json", null, 0, null));

    assertThat(loggedArgs())
        .isEqualTo(
            "-c 127.0.0.1 -p 5999 --json -i 2 -t 120 -P 4 -u -b 50M -R --connect-timeout 3000 --bidir -w 256K");
    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    JsonNode r = results(o);
    assertThat(r.get("duration_seconds").asInt()).isEqualTo(120);
    assertThat(r.get("bandwidth").asText()).isEqualTo("50M");
    assertThat(r.get("stability_threshold_bps").asLong()).isEqualTo(20_000_000L);
    assertThat(r.at("/interval_stats/below_threshold_intervals").asInt()).isZero();
    assertThat(r.get("intervals")).hasSize(2);
    assertThat(r.at("/intervals/0/bytes").asLong()).isPositive();
    assertThat(r.at("/raw/end/sum/lost_percent").asDouble()).isGreaterThan(1.0);
    assertThat(r.at("/aggregates/packet_loss_percent").asDouble()).isEqualTo(1.665);
    JsonNode h = hr(o);
    assertThat(h.get("direction").asText()).isEqualTo("download");
    assertThat(h.at("/udp_quality/loss_percent").asDouble()).isEqualTo(1.665);
    assertThat(h.at("/udp_quality/jitter_ms").asDouble()).isEqualTo(0.004);
    assertThat(h.at("/throughput/threshold_mbps").asDouble()).isEqualTo(20.0);
    assertThat(h.at("/throughput/below_threshold_percent").asDouble()).isZero();
    assertThat(h.get("stability_score").asDouble()).isEqualTo(69.3);
    assertThat(h.get("verdict").asText()).isEqualTo("fair");
    assertThat(h.get("notes")).extracting(JsonNode::asText).contains("elevated UDP loss: 1.66%");
  }

  @Test
  void shouldReportTheServersRefusalAsAnErrorThoughIperfExitedZero() throws Exception {
    TaskOutcome o =
        run(
            params(),
            replay("synthetic-local-error-connection-refused-iperf3.12.json", null, 0, null));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo("unable to connect to server: Connection refused");
    assertThat(results(o).get("error").asText())
        .isEqualTo("unable to connect to server: Connection refused");
    assertThat(results(o).get("stdout_excerpt").asText()).contains("Connection refused");
    assertThat(hr(o).get("stability_score").isNull()).isTrue();
    assertThat(hr(o).get("verdict").isNull()).isTrue();
    assertThat(results(o).at("/interval_stats/samples").asInt()).isZero();
  }

  @Test
  void shouldKeepTheMeasurementsOfAnInterruptedRunButFailIt() throws Exception {
    TaskOutcome o =
        run(params(), replay("interrupted-ctrl-c-prefix-invalid-json.txt", null, 1, null));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText()).isEqualTo("interrupt - the client has terminated");
    assertThat(results(o).at("/interval_stats/samples").asInt()).isEqualTo(11);
    assertThat(results(o).at("/interval_stats/zero_throughput_intervals").asInt()).isEqualTo(1);
    assertThat(hr(o).get("notes"))
        .extracting(JsonNode::asText)
        .contains("1 zero-throughput intervals");
  }

  @Test
  void shouldReadATextErrorFromStderr() throws Exception {
    TaskOutcome o =
        run(
            params(),
            replay(
                null,
                "iperf3: error - unable to connect to server - server may have stopped running or use a different port, firewall issue, etc.: Connection refused\n",
                1,
                null));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .startsWith("unable to connect to server - server may have stopped");
    assertThat(results(o).get("stderr_excerpt").asText()).startsWith("iperf3: error");
    assertThat(results(o).get("exit_code").asInt()).isEqualTo(1);
  }

  @Test
  void shouldNotCallACutOffReportASuccess() throws Exception {
    TaskOutcome o =
        run(params(), replay("synthetic-reconstructed-cut-off-killed.txt", null, 0, null));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText()).startsWith("iperf3 printed no JSON report");
  }

  @Test
  void shouldFailOnANonZeroExitEvenWithAReport() throws Exception {
    TaskOutcome o =
        run(
            params(),
            replay("synthetic-local-tcp-2s-loopback-iperf3.12.json", "something odd\n", 3, null));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText()).isEqualTo("iperf3 exited with code 3: something odd");
    assertThat(hr(o).get("stability_score").asDouble()).isEqualTo(78.0);
  }

  @Test
  void shouldWarnWhenACleanRunMeasuredNothing() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("replay"));
    Files.writeString(
        dir.resolve("default.stdout"), "{\"start\": {}, \"intervals\": [], \"end\": {}}\n");

    TaskOutcome o = run(params(), dir);

    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo("iperf3 ended without measuring any throughput");
  }

  /** A long run's pretty-printed JSON is far over the process runner's usual line bound. */
  @Test
  void shouldReadTheWholeReportOfALongRun() throws Exception {
    ObjectNode recorded =
        (ObjectNode)
            Json.parse(
                Files.readString(
                    Fixtures.toolOutput("iperf3", "tcp-client-10s-iperf3.9-linux.json")));
    JsonNode measured = recorded.at("/intervals/5"); // past the recording's --omit warm-up
    assertThat(measured.at("/sum/omitted").asBoolean()).isFalse();
    com.fasterxml.jackson.databind.node.ArrayNode intervals = Json.array();
    for (int i = 0; i < 1000; i++) {
      intervals.add(measured);
    }
    recorded.set("intervals", intervals);
    String pretty = Json.pretty(recorded);
    assertThat(pretty.lines().count())
        .isGreaterThan(io.autoservice.agent.process.ProcessRunner.DEFAULT_MAX_RETAINED_LINES);
    Path dir = Files.createDirectories(tmp.resolve("replay"));
    Files.writeString(dir.resolve("default.stdout"), pretty + "\n");

    TaskOutcome o = run(params().put("duration_seconds", 1000), dir);

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).at("/interval_stats/samples").asInt()).isEqualTo(1000);
  }

  @Test
  void shouldReportATimedOutRunAsAnError() {
    TaskOutcome o =
        IperfResults.outcome(
            IperfCommand.from(new TaskParams(params(), handler.descriptor().params())),
            "",
            "",
            143,
            true,
            Duration.ofSeconds(70));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo("iperf3 did not finish within 1 min 10 s and was stopped");
  }

  @Test
  void shouldReportElapsedTimeAsProgressWhileIperfIsSilent() throws Exception {
    Path dir = replay("synthetic-local-tcp-2s-loopback-iperf3.12.json", null, 0, 2.8);
    FakeTaskContext ctx =
        new FakeTaskContext(
                params().put("duration_seconds", 4), handler.descriptor().params(), noSystemTools)
            .withEnv(Map.of("FAKE_REPLAY_DIR", dir.toString()));

    TaskOutcome o = handler.run(ctx);

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    List<FakeTaskContext.Progress> seen = new ArrayList<>(ctx.progress);
    assertThat(seen)
        .extracting(FakeTaskContext.Progress::message)
        .contains("measuring… 1 of 4 s", "measuring… 2 of 4 s", "measured 4 s");
    assertThat(seen.get(0).percent()).isEqualTo(25.0);
    assertThat(seen.get(seen.size() - 1).percent()).isEqualTo(100.0);
  }

  @Test
  void shouldRefuseBadParametersBeforeRunningAnything() {
    List<ObjectNode> bad =
        List.of(
            params().put("server", ""),
            params().put("server", "-sD"),
            params().put("server", "host; rm -rf /"),
            params().put("duration_minutes", 1),
            (ObjectNode) params().without("duration_seconds"),
            params().put("protocol", "udp").put("bandwidth", "fast"),
            params().put("stability_threshold_bps", "quick"),
            params().put("port", 0));
    List<String> forbidden =
        List.of(
            "-s",
            "--server",
            "--serv",
            "-D",
            "--logfile=/tmp/x",
            "--log",
            "-F",
            "--file",
            "-c",
            "-Rs",
            "-1",
            "bad\nline");
    for (ObjectNode p : bad) {
      TaskOutcome o = run(p, tmp);
      assertThat(o.status()).as(p.toString()).isEqualTo(TaskStatus.ERROR);
      assertThat(hr(o).get("reason").asText()).as(p.toString()).isNotBlank();
    }
    for (String arg : forbidden) {
      ObjectNode p = params();
      p.putArray("extra_args").add(arg);
      TaskOutcome o = run(p, tmp);
      assertThat(o.status()).as(arg).isEqualTo(TaskStatus.ERROR);
      assertThat(hr(o).get("reason").asText()).as(arg).startsWith("extra_args:");
    }
    assertThat(Files.exists(tmp.resolve("argv.log"))).as("iperf3 never ran").isFalse();
  }

  @Test
  void shouldExplainAMissingServerAndAMissingTool() {
    TaskOutcome noServer = run((ObjectNode) params().without("server"), tmp);
    TaskOutcome noTool =
        handler.run(
            new FakeTaskContext(
                Json.object()
                    .put("server", "127.0.0.1")
                    .put("duration_seconds", 1)
                    .put("executable_path", tmp.resolve("nope/iperf3").toString()),
                handler.descriptor().params(),
                noSystemTools));

    assertThat(hr(noServer).get("reason").asText()).contains("server");
    assertThat(noTool.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(noTool).get("reason").asText()).contains("iperf3");
    assertThat(results(noTool).get("server").asText()).isEqualTo("127.0.0.1");
  }

  @Test
  void shouldReadThresholdsInEveryForm() {
    assertThat(threshold("stability_threshold_bps", Json.object().numberNode(5_000_000)))
        .isEqualTo(5_000_000L);
    assertThat(threshold("stability_threshold_mbps", Json.object().numberNode(20)))
        .isEqualTo(20_000_000L);
    assertThat(threshold("stability_threshold_bps", Json.object().textNode("20Mbps")))
        .isEqualTo(20_000_000L);
    assertThat(threshold("stability_threshold_mbps", Json.object().textNode("20")))
        .isEqualTo(20_000_000L);
    assertThat(threshold("stability_threshold_bps", Json.object().textNode("1.5 Gbps")))
        .isEqualTo(1_500_000_000L);
    assertThat(threshold("stability_threshold_mbps", Json.object().textNode("500kbps")))
        .isEqualTo(500_000L);
    assertThat(threshold("stability_threshold_mbps", Json.object().textNode("800bps")))
        .isEqualTo(800L);
  }

  private Long threshold(String key, JsonNode value) {
    ObjectNode p = Json.object();
    p.set(key, value);
    return IperfCommand.threshold(new TaskParams(p, handler.descriptor().params()));
  }

  // ---- the real iperf3 against a real server on 127.0.0.1 ----

  private static Path realIperf3() {
    try {
      return ToolLocator.system().locate(Tool.IPERF3, Optional.empty());
    } catch (ToolNotFoundException e) {
      assumeTrue(false, "iperf3 is not installed: " + e.getMessage());
      return null;
    }
  }

  private TaskOutcome runReal(boolean reverse) {
    Path iperf3 = realIperf3();
    try (LocalIperfServer server = LocalIperfServer.start(iperf3)) {
      ObjectNode p =
          Json.object()
              .put("server", "127.0.0.1")
              .put("port", server.port())
              .put("duration_seconds", 2)
              .put("reverse", reverse);
      FakeTaskContext ctx =
          new FakeTaskContext(p, handler.descriptor().params(), ToolLocator.system());
      return handler.run(ctx);
    }
  }

  @Test
  void shouldMeasureARealLoopbackTcpRun() {
    TaskOutcome o = runReal(false);

    assertThat(o.status()).as(o.summary().toString()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).at("/aggregates/bits_per_second_sender").asDouble()).isPositive();
    assertThat(results(o).at("/interval_stats/samples").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(hr(o).at("/throughput/mean").asDouble()).isPositive();
    assertThat(hr(o).get("direction").asText()).isEqualTo("upload");
    assertThat(hr(o).get("verdict").asText()).isIn("excellent", "good", "fair", "poor");
  }

  @Test
  void shouldMeasureARealLoopbackReverseRun() {
    TaskOutcome o = runReal(true);

    assertThat(o.status()).as(o.summary().toString()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).at("/aggregates/bits_per_second_receiver").asDouble()).isPositive();
    assertThat(hr(o).at("/throughput/mean").asDouble()).isPositive();
    assertThat(hr(o).get("direction").asText()).isEqualTo("download");
    assertThat(o.extra().get("command").toString()).contains("\"-R\"");
  }

  @Test
  void shouldFailCleanlyAgainstAClosedPortForReal() {
    Path iperf3 = realIperf3();
    ObjectNode p =
        Json.object()
            .put("server", "127.0.0.1")
            .put("port", LocalIperfServer.freePort())
            .put("duration_seconds", 1);

    TaskOutcome o =
        handler.run(new FakeTaskContext(p, handler.descriptor().params(), ToolLocator.system()));

    assertThat(iperf3).isNotNull();
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText()).containsIgnoringCase("connect");
  }
}
