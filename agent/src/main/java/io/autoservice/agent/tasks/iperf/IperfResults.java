package io.autoservice.agent.tasks.iperf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.iperf.IperfOutput.Interval;
import io.autoservice.agent.tasks.support.Durations;
import io.autoservice.agent.tasks.support.JsonPuts;
import io.autoservice.agent.tasks.support.Tails;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an {@code iperf_test} outcome from a finished run's output: status, {@code results} and
 * {@code human_readable} as described on {@link IperfTestHandler}. Pure; never throws on any
 * output.
 */
final class IperfResults {
  private IperfResults() {}

  /** An error before iperf3 ran (bad parameters, tool missing), with the settings known so far. */
  static TaskOutcome failure(String reason, IperfCommand cmd) {
    ObjectNode results = Json.object();
    if (cmd != null) {
      settings(results, cmd);
    }
    results.put("error", reason);
    ObjectNode hr = Json.object();
    if (cmd != null) {
      hr.put("protocol", cmd.protocol());
      hr.put("direction", cmd.reverse() ? "download" : "upload");
    }
    hr.put("reason", reason);
    return TaskOutcome.of(TaskStatus.ERROR, hr, results);
  }

  static TaskOutcome outcome(
      IperfCommand cmd,
      String stdout,
      String stderr,
      int exitCode,
      boolean timedOut,
      Duration timeout) {
    IperfOutput o = IperfOutputParser.parse(stdout);
    String error = o.error();
    if (o.data() == null && error == null && stderr != null && !stderr.isBlank()) {
      error = IperfOutputParser.parse(stdout + "\n" + stderr).error();
    }
    List<Double> bps = new ArrayList<>();
    for (Interval iv : o.intervals()) {
      if (!Boolean.TRUE.equals(iv.omitted()) && iv.bitsPerSecond() != null) {
        bps.add(iv.bitsPerSecond());
      }
    }
    IperfStats stats =
        IperfStats.of(
            bps,
            cmd.thresholdBps() == null ? null : cmd.thresholdBps().doubleValue(),
            o.retransmits(),
            o.lossPercent());

    TaskStatus status;
    String reason = null;
    if (timedOut) {
      status = TaskStatus.ERROR;
      reason =
          "iperf3 did not finish within "
              + Durations.text(timeout)
              + " and was stopped"
              + (error == null ? "" : ": " + error);
    } else if (error != null) {
      status = TaskStatus.ERROR;
      reason = error;
    } else if (exitCode != 0) {
      status = TaskStatus.ERROR;
      String last = lastLine(stderr);
      reason = "iperf3 exited with code " + exitCode + (last == null ? "" : ": " + last);
    } else if (o.data() == null) {
      status = TaskStatus.ERROR;
      String last = lastLine(stdout);
      reason = "iperf3 printed no JSON report" + (last == null ? "" : "; it said: " + last);
    } else if (!o.hasThroughput() && stats.samples() == 0) {
      status = TaskStatus.WARNING;
      reason = "iperf3 ended without measuring any throughput";
    } else {
      status = TaskStatus.SUCCESS;
    }

    ObjectNode results = Json.object();
    settings(results, cmd);
    ObjectNode agg = results.putObject("aggregates");
    num(agg, "bits_per_second_sender", o.senderBps());
    num(agg, "bits_per_second_receiver", o.receiverBps());
    if (o.retransmits() == null) {
      agg.putNull("retransmits");
    } else {
      agg.put("retransmits", o.retransmits());
    }
    num(agg, "jitter_ms", o.jitterMs());
    num(agg, "packet_loss_percent", o.lossPercent());
    agg.set("cpu_utilization_percent", o.cpu() == null ? null : o.cpu().deepCopy());

    ObjectNode is = results.putObject("interval_stats");
    is.put("samples", stats.samples());
    num(is, "mean_bps", stats.meanBps());
    num(is, "median_bps", stats.medianBps());
    num(is, "min_bps", stats.minBps());
    num(is, "max_bps", stats.maxBps());
    num(is, "stdev_bps", stats.stdevBps());
    is.put("cov", stats.cov() == null ? null : Json.round(stats.cov(), 4));
    num(is, "p10_bps", stats.p10Bps());
    num(is, "p90_bps", stats.p90Bps());
    is.put("zero_throughput_intervals", stats.zeroIntervals());
    if (stats.belowThreshold() != null) {
      is.put("below_threshold_intervals", stats.belowThreshold());
    }
    ArrayNode overTime = results.putArray("throughput_over_time_mbps");
    bps.forEach(v -> overTime.add(Json.round(v / 1e6, 3)));
    if (cmd.includeIntervals()) {
      ArrayNode list = results.putArray("intervals");
      for (Interval iv : o.intervals()) {
        ObjectNode n = list.addObject();
        num(n, "start", iv.start());
        num(n, "end", iv.end());
        num(n, "seconds", iv.seconds());
        n.put("bytes", iv.bytes());
        num(n, "bits_per_second", iv.bitsPerSecond());
        n.put("omitted", iv.omitted());
        n.put("sender", iv.sender());
      }
    }
    if (cmd.includeRaw()) {
      results.set("raw", o.data() == null ? null : o.data().deepCopy());
    }
    results.put("exit_code", exitCode);
    results.put("stderr_excerpt", tail(stderr));
    if (status != TaskStatus.SUCCESS) {
      results.put("error", reason);
      results.put("stdout_excerpt", tail(stdout));
    }
    return TaskOutcome.of(status, humanReadable(cmd, o, stats, reason), results);
  }

  private static ObjectNode humanReadable(
      IperfCommand cmd, IperfOutput o, IperfStats stats, String reason) {
    ObjectNode hr = Json.object();
    hr.put("protocol", cmd.protocol());
    hr.put("direction", cmd.reverse() ? "download" : "upload");
    ObjectNode t = hr.putObject("throughput");
    t.put("unit", "Mbps");
    mbps(t, "mean", stats.meanBps());
    mbps(t, "median", stats.medianBps());
    mbps(t, "p10", stats.p10Bps());
    mbps(t, "p90", stats.p90Bps());
    mbps(t, "min", stats.minBps());
    mbps(t, "max", stats.maxBps());
    mbps(t, "stdev", stats.stdevBps());
    t.put("cov_percent", stats.cov() == null ? null : Json.round(stats.cov() * 100, 2));
    t.put("samples", stats.samples());
    if (cmd.thresholdBps() != null && stats.belowThreshold() != null && stats.samples() > 0) {
      t.put(
          "below_threshold_percent",
          Json.round(100.0 * stats.belowThreshold() / stats.samples(), 2));
      t.put("threshold_mbps", Json.round(cmd.thresholdBps() / 1e6, 3));
    }
    ArrayNode notes = hr.putArray("notes");
    if (stats.samples() > 0) {
      hr.put("stability_score", stats.stabilityScore());
      hr.put("verdict", stats.verdict());
      stats.notes().forEach(notes::add);
    } else {
      // Nothing measured: a score of 100 would read as "excellent".
      hr.putNull("stability_score");
      hr.putNull("verdict");
      notes.add("no throughput measured");
    }
    if (cmd.protocol().equals("udp")) {
      ObjectNode udp = hr.putObject("udp_quality");
      num(udp, "jitter_ms", o.jitterMs());
      num(udp, "loss_percent", o.lossPercent());
    }
    if (reason != null) {
      hr.put("reason", reason);
    }
    return hr;
  }

  private static void settings(ObjectNode r, IperfCommand cmd) {
    r.put("server", cmd.server());
    r.put("port", cmd.port());
    r.put("protocol", cmd.protocol());
    r.put("reverse", cmd.reverse());
    r.put("duration_seconds", cmd.durationSeconds());
    r.put("parallel_streams", cmd.parallelStreams());
    r.put("omit_seconds", cmd.omitSeconds());
    r.put("interval_seconds", cmd.intervalSeconds());
    r.put("bandwidth", cmd.bandwidth());
    if (cmd.thresholdBps() != null) {
      r.put("stability_threshold_bps", cmd.thresholdBps());
    }
  }

  private static void num(ObjectNode n, String key, Double v) {
    JsonPuts.put(n, key, v, 3);
  }

  private static void mbps(ObjectNode n, String key, Double bps) {
    num(n, key, bps == null ? null : bps / 1e6);
  }

  private static String tail(String s) {
    return s == null ? "" : Tails.lastChars(s.strip(), IperfTestHandler.EXCERPT_CHARS);
  }

  private static String lastLine(String s) {
    String last = s == null ? "" : Tails.lastLine(s.lines().toList());
    return last.isEmpty() ? null : last;
  }
}
