package io.autoservice.agent.tasks.speedtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.testing.LocalIperfServer;
import io.autoservice.agent.testing.LocalSpeedtestServer;
import io.autoservice.agent.testing.LocalSpeedtestServer.Mode;
import io.autoservice.agent.testing.ReferenceKeys;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every test talks to a local HTTP server on 127.0.0.1 only; nothing goes to the internet. */
class SpeedtestHandlerTest {
  private final SpeedtestHandler handler = new SpeedtestHandler();
  private final ToolLocator tools = new ToolLocator(Map.of("PATH", ""), false);

  /**
   * Parameters aimed at a local server, with short measurements: 0.4 s (the floor is 0.2) is long
   * enough to tell the loopback from the throttled server apart.
   */
  private static ObjectNode local(LocalSpeedtestServer s) {
    return Json.object()
        .put("secure", false)
        .put("server_list_url", s.serverListUrl())
        .put("config_url", s.configUrl())
        .put("download_seconds", 0.4)
        .put("upload_seconds", 0.4)
        .put("ping_samples", 4)
        .put("request_timeout_seconds", 5);
  }

  private FakeTaskContext ctx(ObjectNode params) {
    return new FakeTaskContext(params, handler.descriptor().params(), tools);
  }

  private static JsonNode results(TaskOutcome o) {
    return o.summary().get("results");
  }

  private static JsonNode hr(TaskOutcome o) {
    return o.summary().get("human_readable");
  }

  private static JsonNode flatSummary(TaskOutcome o) {
    return ReportJson.autoserviceResult(
            new TaskResult("speedtest", null, o.status(), o.summary(), 1.0, o.extra()))
        .get("summary");
  }

  private static JsonNode reference(String name) throws Exception {
    return Json.parse(Files.readString(Fixtures.referenceResult("speedtest", name)));
  }

  @Test
  void shouldDescribeItself() {
    assertThat(handler.descriptor().type()).isEqualTo("speedtest");
    assertThat(handler.descriptor().tool()).isEmpty();
    assertThat(handler.descriptor().requiresWindows()).isFalse();
    assertThat(handler.descriptor().defaultTimeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(
            handler.descriptor().params().spec("secure").orElseThrow().defaultValue().asBoolean())
        .isTrue();
    assertThat(handler.descriptor().params().validate("t", Json.object().put("threads", 33)))
        .hasSize(1);
    assertThat(
            handler.descriptor().params().validate("t", Json.object().put("download_seconds", 0.1)))
        .hasSize(1);
    assertThat(handler.descriptor().params().validate("t", Json.object())).isEmpty();
  }

  @Test
  void shouldPickTheFastestServerAndRateAFastConnection() throws Exception {
    try (LocalSpeedtestServer s = LocalSpeedtestServer.start(Mode.OK)) {
      FakeTaskContext ctx = ctx(local(s));

      TaskOutcome o = handler.run(ctx);

      assertThat(o.status()).as(o.summary().toString()).isEqualTo(TaskStatus.SUCCESS);
      JsonNode r = results(o).get("results");
      assertThat(r.at("/server/id").asText()).isEqualTo("4242");
      assertThat(r.at("/server/name").asText()).isEqualTo("Loopback");
      assertThat(r.at("/server/host").asText())
          .isEqualTo(s.baseUrl().substring("http://".length()));
      assertThat(r.at("/server/d").asDouble()).isBetween(5.0, 20.0);
      assertThat(r.at("/client/isp").asText()).isEqualTo("Loopback ISP");
      assertThat(r.at("/client/ip").asText()).isEqualTo("127.0.0.1");
      assertThat(r.get("download").asDouble()).isGreaterThan(25e6);
      assertThat(r.get("upload").asDouble()).isGreaterThan(5e6);
      assertThat(r.get("ping").asDouble())
          .isPositive()
          .isLessThan(LocalSpeedtestServer.FAR_LATENCY_MS);
      assertThat(r.get("bytes_received").asLong()).isPositive();
      assertThat(r.get("bytes_sent").asLong()).isPositive();
      assertThat(r.get("share").isNull()).isTrue();
      assertThat(r.get("timestamp").asText()).endsWith("Z");
      assertThat(results(o).get("duration_seconds").asDouble()).isPositive();
      JsonNode h = hr(o);
      assertThat(h.get("download_mbps").asDouble()).isGreaterThan(25.0);
      assertThat(h.get("upload_mbps").asDouble()).isGreaterThan(5.0);
      assertThat(h.get("jitter_ms").isNumber()).isTrue();
      assertThat(h.get("server_description").asText()).isEqualTo("Loopback, Test Sponsor, Nowhere");
      assertThat(h.get("isp").asText()).isEqualTo("Loopback ISP");
      // the loopback is fast; only a busy machine can push the ping over 50 or 100 ms (−10, −20)
      assertThat(h.get("score").asDouble()).isIn(100.0, 90.0, 80.0);
      assertThat(h.get("verdict").asText()).isIn("excellent", "good");
      assertThat(h.get("rating_stars").asInt()).isIn(5, 4);
      assertThat(h.get("notes"))
          .extracting(JsonNode::asText)
          .noneMatch(n -> n.contains("download") || n.contains("upload"));
      assertThat(h.has("reason")).isFalse();
      // a warm-up and 3 selection samples to each server, then 1 more to the chosen one
      assertThat(s.latencyRequests.get()).isEqualTo(9);
      assertThat(s.downloadRequests.get()).isPositive();
      assertThat(s.uploadRequests.get()).isPositive();
      assertThat(ctx.progress)
          .extracting(FakeTaskContext.Progress::message)
          .contains("fetching the server list", "download…", "upload…", "done");
      for (String sample : List.of("success.json", "moderate.json", "slow.json")) {
        assertThat(ReferenceKeys.missing(reference(sample).get("summary"), flatSummary(o)))
            .as(sample)
            .isEmpty();
      }
    }
  }

  @Test
  void shouldRateASlowServerLower() throws Exception {
    try (LocalSpeedtestServer s = LocalSpeedtestServer.start(Mode.SLOW)) {
      ObjectNode p = local(s).put("server_url", s.serverUrl()).put("threads", 1);

      TaskOutcome o = handler.run(ctx(p));

      assertThat(o.status()).as(o.summary().toString()).isEqualTo(TaskStatus.SUCCESS);
      JsonNode h = hr(o);
      assertThat(h.get("ping_ms").asDouble()).isGreaterThan(LocalSpeedtestServer.SLOW_LATENCY_MS);
      assertThat(h.get("download_mbps").asDouble()).isPositive().isLessThan(10.0);
      assertThat(h.get("upload_mbps").asDouble()).isPositive().isLessThan(5.0);
      // −40 download, −25 upload, −10 ping (−20 if a busy machine makes it over 100 ms)
      assertThat(h.get("score").asDouble()).isIn(25.0, 15.0);
      assertThat(h.get("verdict").asText()).isEqualTo("poor");
      assertThat(h.get("rating_stars").asInt()).isEqualTo(1);
      assertThat(h.get("notes"))
          .extracting(JsonNode::asText)
          .hasSize(3)
          .anyMatch(n -> n.startsWith("elevated ping") || n.startsWith("high ping"))
          .anyMatch(n -> n.startsWith("slow download"))
          .anyMatch(n -> n.startsWith("slow upload"));
      // a server given by URL has no name: it is described by its address
      assertThat(h.get("server_description").asText()).startsWith("127.0.0.1:");
      assertThat(results(o).at("/results/server/url").asText())
          .isEqualTo(s.serverUrl() + "upload.php");
    }
  }

  @Test
  void shouldFailWhenTheServerAnswersWithErrors() {
    try (LocalSpeedtestServer s = LocalSpeedtestServer.start(Mode.FAILING)) {
      ObjectNode p = local(s).put("server_url", s.serverUrl());

      TaskOutcome o = handler.run(ctx(p));

      assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
      assertThat(hr(o).get("reason").asText())
          .startsWith("The download from 127.0.0.1:")
          .contains("failed: HTTP 500 from " + s.serverUrl() + "random");
      assertThat(results(o).get("error").asText()).startsWith("HTTP 500 from");
      assertThat(results(o).at("/results/download").isNull()).isTrue();
      assertThat(s.uploadRequests.get()).as("no upload after a failed download").isZero();
    }
  }

  @Test
  void shouldFailClearlyWhenTheServerListIsUnreachable() throws Exception {
    String closed = "http://127.0.0.1:" + LocalIperfServer.freePort();
    ObjectNode p =
        Json.object()
            .put("server_list_url", closed + "/speedtest-servers-static.php")
            .put("config_url", "")
            .put("request_timeout_seconds", 2);

    TaskOutcome o = handler.run(ctx(p));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .startsWith(
            "Could not fetch the speedtest server list from "
                + closed
                + "/speedtest-servers-static.php: could not connect to 127.0.0.1:");
    assertThat(results(o).fieldNames())
        .toIterable()
        .containsExactly("reason", "error", "duration_seconds");
    assertThat(ReferenceKeys.missing(reference("error.json").get("summary"), flatSummary(o)))
        .isEmpty();
  }

  @Test
  void shouldSayThatNoServerAnsweredAtAClosedPort() {
    String closed = "http://127.0.0.1:" + LocalIperfServer.freePort() + "/speedtest/";
    ObjectNode p =
        Json.object()
            .put("server_url", closed)
            .put("config_url", "")
            .put("request_timeout_seconds", 2);

    TaskOutcome o = handler.run(ctx(p));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .startsWith("No speedtest server answered: could not connect to 127.0.0.1:");
  }

  @Test
  void shouldStopWhenTheTaskIsCancelled() {
    try (LocalSpeedtestServer s = LocalSpeedtestServer.start(Mode.SLOW)) {
      FakeTaskContext ctx =
          ctx(
              local(s)
                  .put("server_url", s.serverUrl())
                  .put("download_seconds", 30)
                  .put("upload_seconds", 30));
      ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
      timer.schedule(() -> ctx.cancellation().cancel("timed out after 1 s"), 1, TimeUnit.SECONDS);
      long t0 = System.nanoTime();

      TaskOutcome o;
      try {
        o = handler.run(ctx);
      } finally {
        timer.shutdownNow();
      }

      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10.0);
      assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
      assertThat(hr(o).get("reason").asText()).isEqualTo("Stopped: timed out after 1 s");
      assertThat(s.uploadRequests.get()).isZero();
    }
  }

  @Test
  void shouldChooseOnlyAmongTheServersAskedFor() {
    try (LocalSpeedtestServer s = LocalSpeedtestServer.start(Mode.OK)) {
      ObjectNode only = local(s).put("skip_download", true).put("skip_upload", true);
      only.putArray("servers").add(4343);
      ObjectNode missing = local(s).put("server", "9999");

      TaskOutcome far = handler.run(ctx(only));
      TaskOutcome none = handler.run(ctx(missing));

      assertThat(far.status()).isEqualTo(TaskStatus.SUCCESS);
      assertThat(results(far).at("/results/server/id").asText()).isEqualTo("4343");
      assertThat(hr(far).get("server_description").asText())
          .isEqualTo("Far Away, Other & Sons, Elsewhere");
      assertThat(hr(far).get("ping_ms").asDouble())
          .isGreaterThanOrEqualTo(LocalSpeedtestServer.FAR_LATENCY_MS);
      assertThat(none.status()).isEqualTo(TaskStatus.ERROR);
      assertThat(hr(none).get("reason").asText())
          .isEqualTo("None of the servers 9999 is in the speedtest server list");
    }
  }

  @Test
  void shouldLeaveOutWhatWasSkippedAndSayWhatIsNotSupported() {
    try (LocalSpeedtestServer s = LocalSpeedtestServer.start(Mode.OK)) {
      ObjectNode p =
          local(s)
              .put("skip_download", true)
              .put("skip_upload", true)
              .put("share", true)
              .put(
                  "config_url",
                  "http://127.0.0.1:" + LocalIperfServer.freePort() + "/speedtest-config.php");

      TaskOutcome o = handler.run(ctx(p));

      assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
      assertThat(hr(o).get("download_mbps").isNull()).isTrue();
      assertThat(hr(o).get("upload_mbps").isNull()).isTrue();
      assertThat(hr(o).get("score").asDouble())
          .as("only the ping is rated")
          .isIn(100.0, 90.0, 80.0);
      assertThat(hr(o).get("isp").isNull()).isTrue();
      assertThat(hr(o).get("notes"))
          .extracting(JsonNode::asText)
          .contains("download skipped", "upload skipped", "sharing a result image is not supported")
          .anyMatch(
              n -> n.startsWith("client details unavailable: could not connect to 127.0.0.1:"));
      assertThat(s.downloadRequests.get() + s.uploadRequests.get()).isZero();
    }
  }

  @Test
  void shouldSayWhenAListHasNoServers() {
    try (LocalSpeedtestServer s = LocalSpeedtestServer.start(Mode.OK)) {
      ObjectNode p = local(s).put("server_list_url", s.configUrl());

      TaskOutcome o = handler.run(ctx(p));

      assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
      assertThat(hr(o).get("reason").asText())
          .isEqualTo("The speedtest server list at " + s.configUrl() + " lists no servers");
    }
  }

  @Test
  void shouldRefuseUnusableParameters() {
    List<ObjectNode> bad =
        List.of(
            Json.object().put("server_url", "file:///etc/passwd"),
            Json.object().put("server_url", "ftp://127.0.0.1/x"),
            Json.object().put("server_list_url", "http://user:secret@127.0.0.1/list"),
            Json.object().put("server_url", "not a url"),
            Json.object().put("server", "abc"),
            (ObjectNode) Json.object().set("servers", Json.object().put("a", 1)),
            Json.object().put("threads", -1));
    for (ObjectNode p : bad) {
      TaskOutcome o = handler.run(ctx(p));
      assertThat(o.status()).as(p.toString()).isEqualTo(TaskStatus.ERROR);
      assertThat(hr(o).get("reason").asText()).as(p.toString()).startsWith("Invalid parameters: ");
      assertThat(hr(o).get("reason").asText()).doesNotContain("secret");
    }
  }

  @Test
  void shouldUseTheGivenServerUrlInEveryForm() {
    assertThat(SpeedtestHandler.direct(URI.create("http://h:8080/speedtest/upload.php")).url())
        .isEqualTo("http://h:8080/speedtest/upload.php");
    assertThat(SpeedtestHandler.direct(URI.create("http://h:8080/speedtest/")).baseUrl())
        .isEqualTo("http://h:8080/speedtest/");
    assertThat(SpeedtestHandler.direct(URI.create("http://h:8080/speedtest")).url())
        .isEqualTo("http://h:8080/speedtest/upload.php");
    assertThat(SpeedtestHandler.direct(URI.create("http://h:8080")).url())
        .isEqualTo("http://h:8080/upload.php");
    assertThat(SpeedtestHandler.direct(URI.create("http://h:8080")).host()).isEqualTo("h:8080");
  }
}
