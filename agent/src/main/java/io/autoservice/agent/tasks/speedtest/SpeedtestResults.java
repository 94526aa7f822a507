package io.autoservice.agent.tasks.speedtest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.support.JsonPuts;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** Builds the {@code speedtest} outcome shapes described on {@link SpeedtestHandler}. Pure. */
final class SpeedtestResults {
  private SpeedtestResults() {}

  /** What was measured; null values were not. */
  record Measured(
      Instant timestamp,
      SpeedtestServer server,
      Double distanceKm,
      ClientInfo client,
      List<Double> pingsMs,
      Double downloadBps,
      Double uploadBps,
      long bytesReceived,
      long bytesSent,
      List<String> extraNotes) {}

  /** An error before any server was chosen: {@code results{reason, error, duration_seconds}}. */
  static TaskOutcome failure(String reason, String error, double seconds) {
    ObjectNode results = Json.object();
    results.put("reason", reason);
    results.put("error", error == null ? reason : error);
    results.put("duration_seconds", Json.round(seconds, 2));
    ObjectNode hr = Json.object();
    hr.put("reason", error == null ? reason : reason + ": " + error);
    return TaskOutcome.of(TaskStatus.ERROR, hr, results);
  }

  /** A finished (or, with a reason, failed) measurement. */
  static TaskOutcome measured(Measured m, double seconds, String reason, String error) {
    Double ping = mean(m.pingsMs());
    Double jitter = jitter(m.pingsMs());
    Double down = m.downloadBps() == null ? null : m.downloadBps() / 1e6;
    Double up = m.uploadBps() == null ? null : m.uploadBps() / 1e6;
    SpeedtestScore score = SpeedtestScore.of(ping, down, up);

    ObjectNode results = Json.object();
    results.put("duration_seconds", Json.round(seconds, 2));
    ObjectNode r = results.putObject("results");
    num(r, "download", m.downloadBps(), 1);
    num(r, "upload", m.uploadBps(), 1);
    num(r, "ping", ping, 3);
    ObjectNode s = r.putObject("server");
    SpeedtestServer srv = m.server();
    s.put("url", srv.url());
    num(s, "lat", srv.lat(), 4);
    num(s, "lon", srv.lon(), 4);
    s.put("name", srv.name());
    s.put("country", srv.country());
    s.put("cc", srv.cc());
    s.put("sponsor", srv.sponsor());
    s.put("id", srv.id());
    s.put("host", srv.host());
    num(s, "d", m.distanceKm(), 3);
    num(s, "latency", ping, 3);
    r.put("timestamp", m.timestamp().toString());
    r.put("bytes_sent", m.bytesSent());
    r.put("bytes_received", m.bytesReceived());
    r.putNull("share");
    ObjectNode c = r.putObject("client");
    ClientInfo ci = m.client();
    c.put("ip", ci.ip());
    num(c, "lat", ci.lat(), 4);
    num(c, "lon", ci.lon(), 4);
    c.put("isp", ci.isp());
    c.put("country", ci.country());
    if (reason != null) {
      results.put("reason", reason);
      results.put("error", error == null ? reason : error);
    }

    ObjectNode hr = Json.object();
    num(hr, "download_mbps", down, 2);
    num(hr, "upload_mbps", up, 2);
    num(hr, "ping_ms", ping, 2);
    num(hr, "jitter_ms", jitter, 2);
    hr.put("server_description", describe(srv));
    hr.put("isp", ci.isp());
    hr.put("verdict", score.verdict());
    ArrayNode notes = hr.putArray("notes");
    score.notes().forEach(notes::add);
    m.extraNotes().forEach(notes::add);
    hr.put("score", score.score());
    hr.put("rating_stars", score.stars());
    if (reason != null) {
      hr.put("reason", error == null ? reason : reason + ": " + error);
    }
    return TaskOutcome.of(reason == null ? TaskStatus.SUCCESS : TaskStatus.ERROR, hr, results);
  }

  /** {@code name, sponsor, country} as far as known, else the host. */
  static String describe(SpeedtestServer s) {
    StringJoiner j = new StringJoiner(", ");
    for (String part : new String[] {s.name(), s.sponsor(), s.country()}) {
      if (part != null && !part.isBlank()) {
        j.add(part);
      }
    }
    return j.length() > 0 ? j.toString() : s.host();
  }

  static Double mean(List<Double> v) {
    if (v == null || v.isEmpty()) {
      return null;
    }
    return v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  /** Mean absolute difference of consecutive samples; null with fewer than two. */
  static Double jitter(List<Double> v) {
    if (v == null || v.size() < 2) {
      return null;
    }
    List<Double> diffs = new ArrayList<>();
    for (int i = 1; i < v.size(); i++) {
      diffs.add(Math.abs(v.get(i) - v.get(i - 1)));
    }
    return mean(diffs);
  }

  private static void num(ObjectNode n, String key, Double v, int decimals) {
    JsonPuts.put(n, key, v, decimals);
  }
}
