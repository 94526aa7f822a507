package io.autoservice.controller.api;

import com.google.protobuf.Timestamp;
import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.limits.WireLimits;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.HistoryPoint;
import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.store.HistoryStore;
import io.autoservice.proto.v1.GetAgentHistoryRequest;
import io.autoservice.proto.v1.GetAgentHistoryResponse;
import io.autoservice.proto.v1.HistorySample;
import io.autoservice.proto.v1.HistorySeries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GetAgentHistory}: one PC's figures over time, as a series per (metric, subject). The PC is
 * named by agent id or, when exactly one known agent has it, by hostname.
 */
public final class HistoryCalls {
  /** Points one call returns at most (the newest): a year of weekly runs on a busy PC is ~5,000. */
  static final int MAX_POINTS = 20_000;

  static final int MAX_METRICS = 64;
  static final Duration DEFAULT_SINCE = Duration.ofDays(90);
  private static final Pattern METRIC = Pattern.compile("[a-z0-9_]{1,40}(\\.[a-z0-9_]{1,40}){0,3}");

  private final FleetRegistry fleet;
  private final HistoryStore history;
  private final Clock clock;

  public HistoryCalls(FleetRegistry fleet, HistoryStore history, Clock clock) {
    this.fleet = fleet;
    this.history = history;
    this.clock = clock;
  }

  GetAgentHistoryResponse history(GetAgentHistoryRequest req) throws Refusal {
    AgentRecord agent = agent(req.getAgent());
    if (req.getMetricsCount() > MAX_METRICS) {
      throw Refusal.invalid(
          "metrics: " + req.getMetricsCount() + " names (expected: at most " + MAX_METRICS + ")");
    }
    Set<String> metrics = new LinkedHashSet<>();
    for (String m : req.getMetricsList()) {
      if (!METRIC.matcher(m).matches()) {
        throw Refusal.invalid(
            "metrics: expected dot-case names such as smart.reallocated_sectors but got \""
                + WireLimits.text(m, 60)
                + "\"");
      }
      metrics.add(m);
    }
    Instant since =
        req.hasSince()
            ? WireLimits.instant("since", req.getSince())
            : clock.instant().minus(DEFAULT_SINCE);
    List<HistoryPoint> points = history.points(agent.agentId(), metrics, since, MAX_POINTS + 1);
    boolean truncated = points.size() > MAX_POINTS;
    if (truncated) {
      // The newest MAX_POINTS were asked for (plus one to know): drop the oldest overall.
      Instant oldest = points.stream().map(HistoryPoint::at).min(Instant::compareTo).orElseThrow();
      points = points.stream().filter(p -> p.at().isAfter(oldest)).toList();
    }
    GetAgentHistoryResponse.Builder b =
        GetAgentHistoryResponse.newBuilder()
            .setAgentId(agent.agentId())
            .setHostname(agent.hostname() == null ? "" : agent.hostname())
            .setTruncated(truncated);
    HistorySeries.Builder series = null;
    for (HistoryPoint p : points) { // ordered by metric, subject, time
      if (series == null
          || !series.getMetric().equals(p.metric())
          || !series.getSubject().equals(p.subject())) {
        if (series != null) {
          b.addSeries(series);
        }
        series = HistorySeries.newBuilder().setMetric(p.metric()).setSubject(p.subject());
      }
      series.addSamples(
          HistorySample.newBuilder()
              .setTime(
                  Timestamp.newBuilder()
                      .setSeconds(p.at().getEpochSecond())
                      .setNanos(p.at().getNano()))
              .setValue(p.value())
              .setRunId(p.runId())
              .setText(p.text() == null ? "" : p.text()));
    }
    if (series != null) {
      b.addSeries(series);
    }
    return b.build();
  }

  /** The agent named by id, else by a hostname exactly one known agent has. */
  private AgentRecord agent(String name) throws Refusal {
    if (name.isBlank()) {
      throw Refusal.invalid("agent: expected an agent id or hostname but it is empty");
    }
    String shown = WireLimits.text(name, 128);
    if (name.length() <= 128 && Pattern.matches("[A-Za-z0-9._-]+", name)) {
      Optional<AgentRecord> byId = fleet.known(name);
      if (byId.isPresent()) {
        return byId.get();
      }
    }
    List<AgentRecord> byHost =
        fleet.list(java.util.Map.of(), Set.of()).stream()
            .map(v -> v.record())
            .filter(r -> name.equalsIgnoreCase(r.hostname()))
            .toList();
    if (byHost.size() == 1) {
      return byHost.get(0);
    }
    if (byHost.size() > 1) {
      throw Refusal.invalid(
          "agent: hostname "
              + shown
              + " is shared by "
              + byHost.size()
              + " agents ("
              + String.join(", ", byHost.stream().map(AgentRecord::agentId).limit(10).toList())
              + "); name one by its id");
    }
    throw Refusal.notFound("agent " + shown + " not found (by id or hostname)");
  }
}
