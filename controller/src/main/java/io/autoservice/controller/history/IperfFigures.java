package io.autoservice.controller.history;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code iperf_test}: mean throughput (Mbps, {@code human_readable.throughput.mean}), per server
 * and direction (upload, or download when reversed).
 */
final class IperfFigures implements TaskFigures {
  @Override
  public String taskType() {
    return "iperf_test";
  }

  @Override
  public void read(Task task, Figures out) {
    JsonNode hr = task.humanReadable();
    String server = Read.text(task.results().path("server"));
    String direction = Read.text(hr.path("direction"));
    String subject = (server == null ? "" : server) + (direction == null ? "" : " " + direction);
    out.add(
        "iperf.throughput_mbps",
        subject,
        Read.number(hr.path("throughput").path("mean")),
        0,
        1_000_000);
  }
}
