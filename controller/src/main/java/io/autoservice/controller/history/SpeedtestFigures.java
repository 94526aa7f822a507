package io.autoservice.controller.history;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code speedtest}: download and upload (Mbps) and ping (ms): {@code human_readable}'s figures,
 * else the raw {@code results.results} (bits per second).
 */
final class SpeedtestFigures implements TaskFigures {
  @Override
  public String taskType() {
    return "speedtest";
  }

  @Override
  public void read(Task task, Figures out) {
    JsonNode hr = task.humanReadable();
    JsonNode raw = task.results().path("results");
    out.add(
        "speedtest.download_mbps",
        "",
        orMbps(Read.number(hr.path("download_mbps")), Read.number(raw.path("download"))),
        0,
        1_000_000);
    out.add(
        "speedtest.upload_mbps",
        "",
        orMbps(Read.number(hr.path("upload_mbps")), Read.number(raw.path("upload"))),
        0,
        1_000_000);
    out.add("speedtest.ping_ms", "", Read.first(hr.path("ping_ms"), raw.path("ping")), 0, 600_000);
  }

  private static Double orMbps(Double mbps, Double bps) {
    return mbps != null ? mbps : bps == null ? null : bps / 1e6;
  }
}
