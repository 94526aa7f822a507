package io.autoservice.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The headline figures of several bench results side by side, each later column with how far it
 * moved against the first. A figure is found by section and key prefix, so "controller CPU per
 * event acked" matches one replica's key and the sum over N replicas alike.
 */
public final class Comparison {
  private record Metric(String label, String section, String keyPrefix) {}

  private static final List<Metric> METRICS =
      List.of(
          new Metric("agents held (all welcomed)", "connect", "agents_welcomed"),
          new Metric("connect, cold (s)", "connect", "time_until_all_welcomed"),
          new Metric("idle: controller RSS, all replicas (MB)", "idle", "controller"),
          new Metric("dispatch: RPC returned (ms)", "dispatch_to_all", "dispatch_rpc_returned"),
          new Metric("dispatch: every AssignRun acked (ms)", "dispatch_to_all", "every_assignrun"),
          new Metric("dispatch: every run finished (ms)", "dispatch_to_all", "every_run_finished"),
          new Metric("dispatch: durable events/s", "dispatch_to_all", "durable_events_acked_s"),
          new Metric("dispatch: runs finished/s", "dispatch_to_all", "runs_finished_s"),
          new Metric(
              "dispatch: event -> watcher p50 (ms)", "dispatch_to_all", "agent_event_watcher_p50"),
          new Metric(
              "dispatch: event -> watcher p99 (ms)", "dispatch_to_all", "agent_event_watcher_p99"),
          new Metric(
              "dispatch: controller CPU/event, all replicas (us)",
              "dispatch_to_all",
              "controller_cpu_per_event"),
          new Metric(
              "dispatch: PostgreSQL CPU/event (us)", "dispatch_to_all", "postgresql_cpu_per_event"),
          new Metric(
              "dispatch: simulator CPU/event (us)", "dispatch_to_all", "simulator_cpu_per_event"),
          new Metric("second burst: durable events/s", "second_burst", "durable_events_acked_s"),
          new Metric("second burst: every run finished (ms)", "second_burst", "every_run_finished"),
          new Metric("paced: events acked/s", "event_console_paced", "events_acked_s"),
          new Metric(
              "paced: event -> watcher p50 (ms)", "event_console_paced", "agent_event_watcher_p50"),
          new Metric(
              "paced: event -> watcher p99 (ms)",
              "event_console_paced",
              "agent_event_watcher_p99_ms"),
          new Metric(
              "paced: controller CPU/event, all replicas (us)",
              "event_console_paced",
              "controller_cpu_per_event"),
          new Metric(
              "paced: PostgreSQL CPU/event (us)",
              "event_console_paced",
              "postgresql_cpu_per_event"),
          new Metric("ListRuns p99, all filters (ms)", "console_runs", "listruns_p99_all_filters"));

  private Comparison() {}

  /** One line per figure: label, each result's value, and from the second on its change in %. */
  public static List<String> table(List<String> names, List<JsonNode> results) {
    List<String> lines = new ArrayList<>();
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-50s", "figure"));
    for (String n : names) {
      head.append(String.format(Locale.ROOT, "  %20s", n));
    }
    lines.add(head.toString());
    for (Metric m : METRICS) {
      Double first = null;
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-50s", m.label()));
      boolean any = false;
      for (int i = 0; i < results.size(); i++) {
        Double v = value(results.get(i), m);
        any |= v != null;
        String cell = v == null ? "-" : String.format(Locale.ROOT, "%,.1f", v);
        if (i == 0) {
          first = v;
        } else if (v != null && first != null && first != 0) {
          cell += String.format(Locale.ROOT, " (%+.0f%%)", (v - first) / first * 100);
        }
        row.append(String.format(Locale.ROOT, "  %20s", cell));
      }
      if (any) {
        lines.add(row.toString());
      }
    }
    return lines;
  }

  /**
   * The figure in one result; the idle RSS is the sum over replicas' rows ({@code controller_rss}
   * with one, {@code replica_<i>_rss} with several).
   */
  static Double value(JsonNode result, Metric m) {
    JsonNode section = result.path("results").path(m.section());
    if (m.keyPrefix().equals("controller") && m.section().equals("idle")) {
      double rss = 0;
      boolean found = false;
      for (Iterator<String> it = section.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (k.endsWith("_rss_mb") && !k.startsWith("controllers_")) {
          rss += section.get(k).asDouble();
          found = true;
        }
      }
      return found ? rss : null;
    }
    for (Iterator<String> it = section.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (k.startsWith(m.keyPrefix()) && section.get(k).isNumber()) {
        return section.get(k).asDouble();
      }
    }
    return null;
  }
}
