package io.autoservice.agent.tasks.speedtest;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.speedtest.SpeedtestHttp.Latency;
import io.autoservice.agent.tasks.speedtest.SpeedtestTransfers.Transfer;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code speedtest}: measures ping, download and upload against a speedtest.net server with the
 * classic speedtest.net HTTP protocol. No external tool: the original used the Python library
 * speedtest-cli, which speaks the same protocol.
 *
 * <p>Specification: docs/tasks.md#speedtest.
 */
public final class SpeedtestHandler implements TaskHandler {
  static final int CANDIDATES = 5;
  static final int SELECTION_SAMPLES = 3;

  private static final ParamSchema PARAMS =
      ParamSchema.of(
          ParamSpec.optional("servers", ParamType.ANY, "Server ids to choose from."),
          ParamSpec.optional("server", ParamType.ANY, "One server id to use."),
          ParamSpec.optional("threads", ParamType.INTEGER, "Parallel connections (0: 4).")
              .withRange(0.0, 32.0),
          ParamSpec.optional("secure", ParamType.BOOLEAN, "Use https.")
              .withDefault(BooleanNode.TRUE),
          ParamSpec.optional("share", ParamType.BOOLEAN, "Share a result image (not supported).")
              .withDefault(BooleanNode.FALSE),
          ParamSpec.optional("skip_download", ParamType.BOOLEAN, "Do not measure the download.")
              .withDefault(BooleanNode.FALSE),
          ParamSpec.optional("skip_upload", ParamType.BOOLEAN, "Do not measure the upload.")
              .withDefault(BooleanNode.FALSE),
          ParamSpec.optional(
                  "download_seconds", ParamType.NUMBER, "How long to measure the download.")
              .withDefault(DoubleNode.valueOf(10))
              .withRange(0.2, 60.0),
          ParamSpec.optional("upload_seconds", ParamType.NUMBER, "How long to measure the upload.")
              .withDefault(DoubleNode.valueOf(10))
              .withRange(0.2, 60.0),
          ParamSpec.optional(
                  "ping_samples", ParamType.INTEGER, "Latency requests to the chosen server.")
              .withDefault(IntNode.valueOf(5))
              .withRange(1.0, 50.0),
          ParamSpec.optional(
                  "request_timeout_seconds", ParamType.NUMBER, "Limit for one request's answer.")
              .withDefault(DoubleNode.valueOf(10))
              .withRange(0.5, 60.0),
          ParamSpec.optional(
              "server_list_url", ParamType.STRING, "Where the speedtest.net server list is."),
          ParamSpec.optional(
              "config_url", ParamType.STRING, "Where the client configuration is (\"\" skips it)."),
          ParamSpec.optional(
              "server_url", ParamType.STRING, "Use this server directly (skips the list)."));

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
        "speedtest",
        "Measures internet ping, download and upload against a speedtest.net server.",
        PARAMS,
        Duration.ofMinutes(3));
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    long t0 = System.nanoTime();
    List<String> problems = PARAMS.validate("speedtest", ctx.params().raw());
    if (!problems.isEmpty()) {
      return SpeedtestResults.failure("Invalid parameters", String.join("; ", problems), 0);
    }
    SpeedtestSettings st;
    try {
      st = SpeedtestSettings.from(ctx.params());
    } catch (IllegalArgumentException e) {
      return SpeedtestResults.failure("Invalid parameters", e.getMessage(), 0);
    }
    Instant started = Instant.now();
    SpeedtestProgress progress = new SpeedtestProgress(ctx);
    try (SpeedtestHttp http = new SpeedtestHttp(st.requestTimeout(), ctx.cancellation())) {
      progress.start(http);
      List<String> notes = new ArrayList<>();
      ClientInfo client = ClientInfo.UNKNOWN;
      if (st.configUrl() != null) {
        progress.set(2, "reading the speedtest configuration");
        try {
          client =
              SpeedtestOutputParser.client(http.get(st.configUrl())).orElse(ClientInfo.UNKNOWN);
        } catch (IOException e) {
          notes.add("client details unavailable: " + e.getMessage());
        }
      }
      List<SpeedtestServer> candidates;
      if (st.serverUrl() != null) {
        candidates = List.of(direct(st.serverUrl()));
      } else {
        progress.set(5, "fetching the server list");
        String xml;
        try {
          xml = http.get(st.serverListUrl());
        } catch (IOException e) {
          return SpeedtestResults.failure(
              "Could not fetch the speedtest server list from " + st.serverListUrl(),
              e.getMessage(),
              secs(t0));
        }
        List<SpeedtestServer> all = SpeedtestOutputParser.servers(xml);
        if (!st.serverIds().isEmpty()) {
          all = all.stream().filter(s -> st.serverIds().contains(s.id())).toList();
        }
        if (all.isEmpty()) {
          return SpeedtestResults.failure(
              st.serverIds().isEmpty()
                  ? "The speedtest server list at " + st.serverListUrl() + " lists no servers"
                  : "None of the servers "
                      + String.join(", ", st.serverIds())
                      + " is in the speedtest server list",
              null,
              secs(t0));
        }
        ClientInfo c = client;
        candidates =
            all.stream()
                .map(s -> st.secure() ? s.secure() : s)
                .sorted(
                    Comparator.comparingDouble(
                        s -> {
                          Double d = s.distanceKm(c.lat(), c.lon());
                          return d == null ? 0 : d;
                        }))
                .limit(CANDIDATES)
                .toList();
      }

      progress.set(8, "finding the fastest of " + candidates.size() + " server(s)");
      List<Latency> lat = http.latencies(candidates, Math.min(SELECTION_SAMPLES, st.pingSamples()));
      int best = -1;
      for (int i = 0; i < candidates.size(); i++) {
        Double m = SpeedtestResults.mean(lat.get(i).samplesMs());
        if (m != null && (best < 0 || m < SpeedtestResults.mean(lat.get(best).samplesMs()))) {
          best = i;
        }
      }
      if (best < 0) {
        String err =
            lat.stream()
                .map(Latency::firstError)
                .filter(e -> e != null)
                .findFirst()
                .orElse("no answer");
        return SpeedtestResults.failure("No speedtest server answered", err, secs(t0));
      }
      SpeedtestServer server = candidates.get(best);
      List<Double> pings = new ArrayList<>(lat.get(best).samplesMs());
      if (pings.size() < st.pingSamples()) {
        pings.addAll(http.latency(server, st.pingSamples() - pings.size(), false).samplesMs());
      }
      String desc = SpeedtestResults.describe(server);
      progress.set(
          15,
          String.format(
              Locale.ROOT, "server %s, ping %.1f ms", desc, SpeedtestResults.mean(pings)));

      String reason = null;
      String error = null;
      Transfer down = null;
      Transfer up = null;
      if (st.skipDownload()) {
        notes.add("download skipped");
      } else {
        progress.transfer(15, 55, "download", st.downloadSeconds());
        down =
            SpeedtestTransfers.download(http, server.baseUrl(), st.threads(), st.downloadSeconds());
        if (down.bytes() == 0) {
          reason = "The download from " + desc + " failed";
          error = down.firstError() == null ? "no data received" : down.firstError();
        } else if (down.failed() > 0) {
          notes.add(down.failed() + " download requests failed: " + down.firstError());
        }
      }
      if (reason == null && ctx.cancellation().isCancelled()) {
        reason = "Stopped: " + ctx.cancellation().reason();
      }
      if (reason == null && !st.skipUpload()) {
        progress.transfer(55, 95, "upload", st.uploadSeconds());
        up = SpeedtestTransfers.upload(http, server.url(), st.threads(), st.uploadSeconds());
        if (up.bytes() == 0) {
          reason = "The upload to " + desc + " failed";
          error = up.firstError() == null ? "no request completed in time" : up.firstError();
        } else if (up.failed() > 0) {
          notes.add(up.failed() + " upload requests failed: " + up.firstError());
        }
      } else if (st.skipUpload()) {
        notes.add("upload skipped");
      }
      if (st.share()) {
        notes.add("sharing a result image is not supported");
      }
      if (reason == null && ctx.cancellation().isCancelled()) {
        reason = "Stopped: " + ctx.cancellation().reason();
      }
      progress.set(100, "done");
      SpeedtestResults.Measured m =
          new SpeedtestResults.Measured(
              started,
              server,
              server.distanceKm(client.lat(), client.lon()),
              client,
              pings,
              down == null || down.bytes() == 0 ? null : down.bitsPerSecond(),
              up == null || up.bytes() == 0 ? null : up.bitsPerSecond(),
              down == null ? 0 : down.bytes(),
              up == null ? 0 : up.bytes(),
              notes);
      return SpeedtestResults.measured(m, secs(t0), reason, error);
    } finally {
      progress.stop();
    }
  }

  /** A server given by URL: its folder (with or without the final {@code /}) or a file in it. */
  static SpeedtestServer direct(URI u) {
    String s = u.toString();
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    String upload;
    if (path.toLowerCase(Locale.ROOT).endsWith(".php")) {
      upload = s;
    } else {
      int q = s.indexOf('?');
      String noQuery = q >= 0 ? s.substring(0, q) : s;
      upload = (noQuery.endsWith("/") ? noQuery : noQuery + "/") + "upload.php";
    }
    return new SpeedtestServer(
        null, null, null, null, null, u.getRawAuthority(), upload, null, null);
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
