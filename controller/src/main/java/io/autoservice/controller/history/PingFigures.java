package io.autoservice.controller.history;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code ping_test}: packet loss (%) and average latency (ms), per host pinged. */
final class PingFigures implements TaskFigures {
  @Override
  public String taskType() {
    return "ping_test";
  }

  @Override
  public void read(Task task, Figures out) {
    JsonNode r = task.results();
    String host = Read.text(r.path("host"));
    if (host == null) {
      return;
    }
    out.add(
        "ping.loss_percent",
        host,
        Read.first(r.path("packets").path("loss_percent"), r.path("packet_loss_percent")),
        0,
        100);
    out.add(
        "ping.latency_ms",
        host,
        Read.first(r.path("latency_ms").path("avg"), r.path("average_latency_ms")),
        0,
        600_000);
  }
}
