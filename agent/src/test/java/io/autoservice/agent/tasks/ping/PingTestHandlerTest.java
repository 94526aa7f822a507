package io.autoservice.agent.tasks.ping;

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
import io.autoservice.agent.tools.ToolNotFoundException;
import io.autoservice.common.json.Json;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PingTestHandlerTest {
  /** reference/autoservice/results/ping_test/test_success.json, the UI's fixture, verbatim. */
  private static final String UI_SUCCESS_FIXTURE =
      """
      {
        "task_type": "ping_test",
        "status": "success",
        "summary": {
          "host": "google.com",
          "latency_ms": {
            "avg": 15.5,
            "min": 12.0,
            "max": 20.0
          },
          "packets": {
            "sent": 4,
            "received": 4,
            "loss_percent": 0
          },
          "interval_stats": {
            "stdev": 2.5
          },
          "human_readable": {
            "stability_score": 95.0
          }
        },
        "ui_label": "Ping Test (google.com, 4x)"
      }
      """;

  private static final List<String> RESULT_KEYS =
      List.of(
          "host",
          "count",
          "packets",
          "latency_ms",
          "interval_stats",
          "success",
          "message",
          "packet_loss_percent",
          "average_latency_ms",
          "exit_code",
          "stdout_excerpt",
          "stderr_excerpt");

  private final PingTestHandler handler = new PingTestHandler();
  private final ToolLocator noSystemPing = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;

  @BeforeEach
  void unixOnly() {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "the fake ping is a shell script");
  }

  /** A fake ping that records its arguments, prints a fixture (and stderr text) and exits. */
  private Path fakePing(String fixture, String stderr, int exitCode) throws Exception {
    StringBuilder sh = new StringBuilder("#!/bin/sh\n");
    sh.append("printf '%s\\n' \"$@\" > '").append(tmp.resolve("args.txt")).append("'\n");
    if (fixture != null) {
      sh.append("cat '")
          .append(Fixtures.toolOutput("ping", fixture).toAbsolutePath())
          .append("'\n");
    }
    if (stderr != null) {
      sh.append("printf '%s\\n' '").append(stderr).append("' >&2\n");
    }
    sh.append("exit ").append(exitCode).append('\n');
    Path script = tmp.resolve("ping");
    Files.writeString(script, sh.toString(), StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  private ObjectNode params(String host, int count, Path exe) {
    ObjectNode p = Json.object().put("host", host).put("count", count);
    if (exe != null) {
      p.put("executable_path", exe.toString());
    }
    return p;
  }

  private FakeTaskContext ctx(ObjectNode params) {
    return new FakeTaskContext(params, handler.descriptor().params(), noSystemPing);
  }

  private static JsonNode results(TaskOutcome o) {
    return o.summary().get("results");
  }

  private static JsonNode hr(TaskOutcome o) {
    return o.summary().get("human_readable");
  }

  @Test
  void shouldDescribeItself() {
    assertThat(handler.descriptor().type()).isEqualTo("ping_test");
    assertThat(handler.descriptor().defaultTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(handler.descriptor().tool()).contains(Tool.PING);
    assertThat(handler.descriptor().requiresWindows()).isFalse();
    assertThat(handler.descriptor().params().spec("host").orElseThrow().required()).isTrue();
    assertThat(handler.descriptor().params().spec("count").orElseThrow().defaultValue().asInt())
        .isEqualTo(4);
    assertThat(
            handler
                .descriptor()
                .params()
                .validate("t", Json.object().put("host", "x").put("count", 1001)))
        .hasSize(1);
    assertThat(
            handler
                .descriptor()
                .params()
                .validate("t", Json.object().put("host", "x").put("size_bytes", 65_501)))
        .hasSize(1);
    assertThat(handler.descriptor().params().validate("t", Json.object())).hasSize(1);
  }

  @Test
  void shouldReportSuccessFromIputilsOutput() throws Exception {
    Path exe = fakePing("linux-iputils-ubuntu1604-c5-success-pingparsing.txt", null, 0);
    FakeTaskContext ctx =
        ctx(params("127.0.0.1", 5, exe).put("timeout_ms", 1500).put("size_bytes", 100));
    TaskOutcome o = handler.run(ctx);

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    JsonNode r = results(o);
    assertThat(iterable(r.fieldNames())).containsExactlyElementsOf(RESULT_KEYS);
    assertThat(r.get("host").asText()).isEqualTo("127.0.0.1");
    assertThat(r.get("count").asInt()).isEqualTo(5);
    assertThat(r.at("/packets/sent").asInt()).isEqualTo(5);
    assertThat(r.at("/packets/received").asInt()).isEqualTo(5);
    assertThat(r.at("/packets/lost").asInt()).isZero();
    assertThat(r.at("/packets/loss_percent").asDouble()).isZero();
    assertThat(r.at("/latency_ms/min").asDouble()).isEqualTo(64.912);
    assertThat(r.at("/latency_ms/avg").asDouble()).isEqualTo(66.494);
    assertThat(r.at("/latency_ms/max").asDouble()).isEqualTo(68.524);
    assertThat(r.at("/latency_ms/mdev").asDouble()).isEqualTo(1.430);
    assertThat(r.at("/interval_stats/samples").asInt()).isEqualTo(5);
    assertThat(r.at("/interval_stats/mean").asDouble()).isEqualTo(66.46);
    assertThat(r.at("/interval_stats/median").asDouble()).isEqualTo(65.6);
    assertThat(r.get("success").asBoolean()).isTrue();
    assertThat(r.get("packet_loss_percent").asDouble()).isZero();
    assertThat(r.get("average_latency_ms").asDouble()).isEqualTo(66.494);
    assertThat(r.get("exit_code").asInt()).isZero();
    assertThat(r.get("message").asText())
        .isEqualTo(
            "64 bytes from 104.244.42.65: icmp_seq=4 ttl=53 time=65.6 ms\n"
                + "64 bytes from 104.244.42.65: icmp_seq=5 ttl=53 time=64.9 ms\n"
                + "--- twitter.com ping statistics ---\n"
                + "5 packets transmitted, 5 received, 0% packet loss, time 4003ms\n"
                + "rtt min/avg/max/mdev = 64.912/66.494/68.524/1.430 ms");
    assertThat(r.get("stdout_excerpt").asText())
        .startsWith("PING twitter.com")
        .endsWith("1.430 ms");
    assertThat(r.get("stderr_excerpt").asText()).isEmpty();
    assertThat(hr(o).get("stability_score").asDouble()).isEqualTo(100.0);
    assertThat(hr(o).get("verdict").asText()).isEqualTo("excellent");
    assertThat(hr(o).get("notes").isArray()).isTrue();
    assertThat(hr(o).has("reason")).isFalse();

    List<String> expectedArgs = List.of("-c", "5", "-W", "2", "-s", "100", "127.0.0.1");
    List<String> command = new ArrayList<>();
    o.extra().get("command").forEach(n -> command.add(n.asText()));
    assertThat(command.get(0)).isEqualTo(exe.toAbsolutePath().normalize().toString());
    assertThat(command.subList(1, command.size())).isEqualTo(expectedArgs);
    assertThat(Files.readAllLines(tmp.resolve("args.txt"))).isEqualTo(expectedArgs);

    assertThat(ctx.progress).hasSize(5);
    assertThat(ctx.progress.get(0).percent()).isEqualTo(20.0);
    assertThat(ctx.progress.get(4).percent()).isEqualTo(100.0);
    assertThat(ctx.progress.get(0).message()).endsWith("time=68.5 ms");
    assertThat(ctx.specs.get(0).charset()).isEqualTo(ToolCharset.oem());
    // 5 × max(1.5 s, 1 s) + 10 s
    assertThat(ctx.specs.get(0).timeout()).isEqualTo(Duration.ofMillis(17_500));
  }

  @Test
  void shouldFailOnHundredPercentLossWithExitCode1() throws Exception {
    Path exe = fakePing("windows-en-all-request-timed-out-pingparsing.txt", null, 1);
    TaskOutcome o = handler.run(ctx(params("127.0.0.2", 4, exe)));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    JsonNode r = results(o);
    assertThat(r.get("success").asBoolean()).isFalse();
    assertThat(r.get("exit_code").asInt()).isEqualTo(1);
    assertThat(r.at("/packets/sent").asInt()).isEqualTo(4);
    assertThat(r.at("/packets/received").asInt()).isZero();
    assertThat(r.at("/packets/loss_percent").asDouble()).isEqualTo(100.0);
    assertThat(r.at("/latency_ms/avg").isNull()).isTrue();
    assertThat(r.get("average_latency_ms").isNull()).isTrue();
    assertThat(r.at("/interval_stats/samples").asInt()).isZero();
    assertThat(r.at("/interval_stats/mean").isNull()).isTrue();
    String reason = "100% packet loss to 127.0.0.2; Request timed out.";
    assertThat(hr(o).get("reason").asText()).isEqualTo(reason);
    assertThat(r.get("error").asText()).isEqualTo(reason);
    assertThat(hr(o).get("stability_score").asDouble()).isEqualTo(20.0);
    assertThat(hr(o).get("verdict").asText()).isEqualTo("poor");
    assertThat(hr(o).get("notes").get(0).asText()).isEqualTo("loss 100.0%");
  }

  @Test
  void shouldNameTheUnreachingGatewayInTheReason() throws Exception {
    Path exe = fakePing("linux-iputils-ubuntu2204-dest-unreachable-jc.txt", null, 1);
    TaskOutcome o = handler.run(ctx(params("10.0.3.22", 3, exe)));
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo(
            "100% packet loss to 10.0.3.22; From 10.0.0.1 icmp_seq=3 Destination Host Unreachable");
  }

  @Test
  void shouldWarnAboutHeavyLoss() throws Exception {
    Path exe = fakePing("linux-iputils-ctrl-c-93pct-loss-blanklines-lost.txt", null, 1);
    TaskOutcome o = handler.run(ctx(params("127.0.0.1", 223, exe)));
    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(results(o).get("success").asBoolean()).isTrue();
    assertThat(hr(o).get("reason").asText()).isEqualTo("93% packet loss to 127.0.0.1");
    assertThat(results(o).has("error")).isFalse();
  }

  @Test
  void shouldKeepSmallLossASuccess() throws Exception {
    Path exe = fakePing("windows-en-win10-n10-one-timeout-pingparsing.txt", null, 0);
    TaskOutcome o = handler.run(ctx(params("127.0.0.1", 10, exe)));
    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).at("/interval_stats/samples").asInt()).isEqualTo(9); // incl. time<1ms
    assertThat(hr(o).get("notes").get(0).asText()).isEqualTo("loss 10.0%");
  }

  @Test
  void shouldReportTheToolsLastLineForAnUnknownHost() throws Exception {
    Path exe = fakePing(null, "ping: nosuch.invalid: Name or service not known", 2);
    TaskOutcome o = handler.run(ctx(params("nosuch.invalid", 4, exe)));
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo("ping: nosuch.invalid: Name or service not known");
    assertThat(results(o).get("stderr_excerpt").asText())
        .isEqualTo("ping: nosuch.invalid: Name or service not known");
    assertThat(results(o).get("exit_code").asInt()).isEqualTo(2);
    assertThat(results(o).at("/packets/sent").isNull()).isTrue();
  }

  @Test
  void shouldNotUseThePingHeaderAsTheReason() {
    TaskOutcome linux =
        PingTestHandler.outcome(
            "127.0.0.1",
            4,
            List.of("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data."),
            List.of(),
            143);
    assertThat(linux.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(linux).get("reason").asText())
        .isEqualTo("no reply from 127.0.0.1 (ping exit code 143)");
    TaskOutcome windows =
        PingTestHandler.outcome(
            "nosuch",
            4,
            List.of(
                "",
                "Ping request could not find host nosuch. Please check the name and try again."),
            List.of(),
            1);
    assertThat(hr(windows).get("reason").asText())
        .isEqualTo("Ping request could not find host nosuch. Please check the name and try again.");
  }

  @Test
  void shouldReportAMissingTool() throws Exception {
    Path missing = tmp.resolve("no-such-ping");
    FakeTaskContext ctx = ctx(params("127.0.0.1", 4, missing));
    TaskOutcome o = handler.run(ctx);
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    String expected;
    try {
      noSystemPing.locate(Tool.PING, Optional.of(missing.toString()));
      throw new AssertionError("found a ping that should not exist");
    } catch (ToolNotFoundException e) {
      expected = e.getMessage();
    }
    assertThat(hr(o).get("reason").asText()).isEqualTo(expected).startsWith("ping not found");
    assertThat(results(o).get("error").asText()).isEqualTo(expected);
    assertThat(ctx.specs).isEmpty();
  }

  @Test
  void shouldRefuseHostsThatLookLikeOptions() throws Exception {
    Path exe = fakePing("linux-iputils-ubuntu1604-c5-success-pingparsing.txt", null, 0);
    for (String bad :
        List.of(
            "-f",
            "--help",
            "-c1 127.0.0.1",
            "a b",
            "127.0.0.1;reboot",
            "$(id)",
            "/?",
            "host\"",
            "[::1]",
            "")) {
      FakeTaskContext ctx = ctx(params(bad, 4, exe));
      TaskOutcome o = handler.run(ctx);
      assertThat(o.status()).as(bad).isEqualTo(TaskStatus.ERROR);
      assertThat(ctx.specs).as(bad).isEmpty();
    }
    TaskOutcome none = handler.run(ctx(Json.object()));
    assertThat(hr(none).get("reason").asText()).isEqualTo("Host was not specified.");
  }

  @Test
  void shouldAcceptHostNamesAndAddresses() {
    for (String ok :
        List.of(
            "127.0.0.1",
            "::1",
            "fe80::1%eth0",
            "2001:db8::1",
            "localhost",
            "example.com.",
            "my_host-1.example",
            "bücher.example",
            "xn--bcher-kva.example")) {
      assertThat(PingTestHandler.isValidHost(ok)).as(ok).isTrue();
    }
    for (String bad : List.of("-f", "a..b", ".a", "a b", "1.2.3.4\n-f", ":", "a".repeat(254))) {
      assertThat(PingTestHandler.isValidHost(bad)).as(bad).isFalse();
    }
  }

  @Test
  void shouldRefuseZeroTimeout() throws Exception {
    Path exe = fakePing("linux-iputils-ubuntu1604-c5-success-pingparsing.txt", null, 0);
    FakeTaskContext ctx = ctx(params("127.0.0.1", 4, exe).put("timeout_ms", 0));
    TaskOutcome o = handler.run(ctx);
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText()).contains("timeout_ms");
    assertThat(ctx.specs).isEmpty();
  }

  @Test
  void shouldBuildTheWindowsAndLinuxArguments() {
    assertThat(PingTestHandler.args(true, "h", 4, null, null)).containsExactly("-n", "4", "h");
    assertThat(PingTestHandler.args(true, "h", 10, 250.5, 64L))
        .containsExactly("-n", "10", "-w", "251", "-l", "64", "h");
    assertThat(PingTestHandler.args(false, "h", 4, null, null)).containsExactly("-c", "4", "h");
    assertThat(PingTestHandler.args(false, "h", 4, 200.0, 0L))
        .containsExactly("-c", "4", "-W", "1", "-s", "0", "h");
    assertThat(PingTestHandler.args(false, "h", 4, 2001.0, null))
        .containsExactly("-c", "4", "-W", "3", "h");
  }

  @Test
  void shouldBoundTheProcessByCountAndTimeout() {
    assertThat(PingTestHandler.processTimeout(4, null)).isEqualTo(Duration.ofSeconds(14));
    assertThat(PingTestHandler.processTimeout(4, 5000.0)).isEqualTo(Duration.ofSeconds(30));
    assertThat(PingTestHandler.processTimeout(1000, 200.0)).isEqualTo(Duration.ofSeconds(1010));
  }

  @Test
  void shouldCapTheProcessTimeoutByTheTasksTimeLeft() throws Exception {
    Path exe = fakePing("linux-iputils-ubuntu1604-c5-success-pingparsing.txt", null, 0);
    FakeTaskContext ctx =
        new FakeTaskContext(
            params("127.0.0.1", 5, exe),
            handler.descriptor().params(),
            noSystemPing,
            null,
            Duration.ofSeconds(3));
    handler.run(ctx);
    assertThat(ctx.specs.get(0).timeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void shouldDecodeGermanOemOutputEndToEnd() throws Exception {
    Path exe =
        fakePing("windows-de-success-4-replies-zeit-lt-1ms-blanklines-lost.oem850.txt", null, 0);
    FakeTaskContext ctx =
        new FakeTaskContext(
            params("10.0.0.209", 4, exe),
            handler.descriptor().params(),
            noSystemPing,
            ToolCharset.auto(Charset.forName("IBM850")),
            Duration.ofMinutes(5));
    TaskOutcome o = handler.run(ctx);
    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    JsonNode r = results(o);
    assertThat(r.at("/packets/received").asInt()).isEqualTo(4);
    assertThat(r.at("/interval_stats/samples").asInt()).isEqualTo(4);
    assertThat(r.at("/interval_stats/mean").asDouble()).isEqualTo(0.5);
    assertThat(r.at("/latency_ms/avg").asDouble()).isZero(); // as printed: "Mittelwert = 0ms"
    assertThat(r.get("stdout_excerpt").asText()).contains("Ping wird ausgeführt für deepspace");
    assertThat(ctx.progress).hasSize(4);
    assertThat(ctx.progress.get(3).percent()).isEqualTo(100.0);
  }

  @Test
  void shouldDecodeRussianOemOutputEndToEnd() throws Exception {
    Path exe = fakePing("windows-ru-success-two-hosts-partial.oem866.txt", null, 0);
    FakeTaskContext ctx =
        new FakeTaskContext(
            params("172.19.1.10", 4, exe),
            handler.descriptor().params(),
            noSystemPing,
            ToolCharset.auto(Charset.forName("IBM866")),
            Duration.ofMinutes(5));
    TaskOutcome o = handler.run(ctx);
    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).at("/interval_stats/samples").asInt()).isEqualTo(8);
    assertThat(results(o).get("stdout_excerpt").asText()).contains("Ответ от 172.19.1.10");
  }

  @Test
  void shouldTreatWindowsUnreachableAnswersAsNoReplies() {
    TaskOutcome o =
        PingTestHandler.outcome(
            "192.168.1.10",
            2,
            List.of(
                "Pinging 192.168.1.10 with 32 bytes of data:",
                "Reply from 192.168.1.5: Destination host unreachable.",
                "Reply from 192.168.1.5: Destination host unreachable.",
                "",
                "Ping statistics for 192.168.1.10:",
                "    Packets: Sent = 2, Received = 2, Lost = 0 (0% loss),"),
            List.of(),
            0);
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo(
            "no echo replies from 192.168.1.10; Reply from 192.168.1.5: Destination host unreachable.");
  }

  @Test
  void shouldComputeLatencyFromRepliesWhenThereIsNoSummary() {
    List<String> all =
        Fixtures.lines("ping", "linux-iputils-ubuntu1604-c5-success-pingparsing.txt");
    TaskOutcome o = PingTestHandler.outcome("127.0.0.1", 5, all.subList(0, 6), List.of(), 130);
    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    JsonNode r = results(o);
    assertThat(r.at("/packets/sent").asInt()).isEqualTo(5);
    assertThat(r.at("/latency_ms/min").asDouble()).isEqualTo(64.9);
    assertThat(r.at("/latency_ms/max").asDouble()).isEqualTo(68.5);
    assertThat(r.at("/latency_ms/avg").asDouble()).isEqualTo(66.46);
    assertThat(r.get("average_latency_ms").asDouble()).isEqualTo(66.46);
  }

  @Test
  void shouldKeepOnlyTheTailInExcerpts() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      lines.add("64 bytes from 127.0.0.1: icmp_seq=" + (i + 1) + " ttl=64 time=0.05 ms");
    }
    TaskOutcome o = PingTestHandler.outcome("127.0.0.1", 200, lines, List.of(), 0);
    String ex = results(o).get("stdout_excerpt").asText();
    assertThat(ex).hasSize(1000).endsWith("icmp_seq=200 ttl=64 time=0.05 ms");
    assertThat(results(o).get("message").asText().split("\n")).hasSize(5);
  }

  @Test
  void shouldHaveEveryKeyOfTheUisFixtureOnceFlattened() throws Exception {
    Path exe = fakePing("windows-en-success-4-replies-ttl57.txt", null, 0);
    TaskOutcome o = handler.run(ctx(params("127.0.0.1", 4, exe)));
    TaskResult result = new TaskResult("ping_test", null, o.status(), o.summary(), 1.0, o.extra());
    JsonNode ours = ReportJson.autoserviceResult(result);

    JsonNode fixture = Json.parse(UI_SUCCESS_FIXTURE);
    Set<String> theirs = keyPaths(fixture.get("summary"), "");
    assertThat(theirs).contains("/host", "/latency_ms/avg", "/human_readable/stability_score");
    assertThat(keyPaths(ours.get("summary"), "")).containsAll(theirs);
    assertThat(ours.get("status").asText()).isEqualTo(fixture.get("status").asText());
    assertThat(ours.get("command").isArray()).isTrue();
    // and the values the UI reads have the fixture's kinds
    for (String path : theirs) {
      JsonNode theirValue = fixture.get("summary").at(path);
      JsonNode ourValue = ours.get("summary").at(path);
      assertThat(ourValue.getNodeType()).as(path).isEqualTo(theirValue.getNodeType());
    }
  }

  @Test
  void shouldPingTheLoopbackForReal() throws Exception {
    ToolLocator system = ToolLocator.system();
    Path ping;
    try {
      ping = system.locate(Tool.PING, Optional.empty());
    } catch (ToolNotFoundException e) {
      assumeTrue(false, "no ping on this machine: " + e.getMessage());
      return;
    }
    FakeTaskContext ctx =
        new FakeTaskContext(
            Json.object().put("host", "127.0.0.1").put("count", 2).put("timeout_ms", 1000),
            handler.descriptor().params(),
            system);
    TaskOutcome o = handler.run(ctx);
    JsonNode r = results(o);
    assumeTrue(
        r.at("/packets/sent").isInt() || !r.get("stderr_excerpt").asText().contains("ermitted"),
        "ping is not allowed to open a socket here: " + r.get("stderr_excerpt").asText());
    assertThat(o.status()).as(r.toString()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(r.at("/packets/sent").asInt()).isEqualTo(2);
    assertThat(r.at("/packets/received").asInt()).isEqualTo(2);
    assertThat(r.at("/interval_stats/samples").asInt()).isEqualTo(2);
    assertThat(r.get("exit_code").asInt()).isZero();
    assertThat(o.extra().get("command").get(0).asText()).isEqualTo(ping.toString());
    assertThat(ctx.progress).hasSize(2);
  }

  private static Set<String> keyPaths(JsonNode node, String prefix) {
    Set<String> out = new TreeSet<>();
    if (node != null && node.isObject()) {
      node.fields()
          .forEachRemaining(
              f -> {
                String p = prefix + "/" + f.getKey();
                out.add(p);
                out.addAll(keyPaths(f.getValue(), p));
              });
    }
    return out;
  }

  private static <T> List<T> iterable(Iterator<T> it) {
    List<T> l = new ArrayList<>();
    it.forEachRemaining(l::add);
    return l;
  }
}
