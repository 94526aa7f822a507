package io.autoservice.controller.history;

import io.autoservice.common.text.SafeText;
import io.autoservice.controller.model.HistoryPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects one run's figures under the caps that keep a hostile report from flooding the history:
 * at most {@value #MAX_POINTS} points a run, subjects cut to {@value #MAX_SUBJECT} characters and
 * texts to {@value #MAX_TEXT}, values outside the metric's sane range dropped (a "temperature" of
 * 10^12 °C is a bad report, not a hot drive), the first of two points for one (metric, subject)
 * kept.
 */
final class Figures {
  static final int MAX_POINTS = 500;
  static final int MAX_SUBJECT = 120;
  static final int MAX_TEXT = 200;

  private final String agentId;
  private final String runId;
  private final Instant at;
  private final List<HistoryPoint> points = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private int dropped;

  Figures(String agentId, String runId, Instant at) {
    this.agentId = agentId;
    this.runId = runId;
    this.at = at;
  }

  /** Adds a figure when it is a number in [min, max]; null (the report did not say) is skipped. */
  void add(String metric, String subject, Double value, double min, double max) {
    add(metric, subject, value, min, max, null);
  }

  void add(String metric, String subject, Double value, double min, double max, String text) {
    if (value == null) {
      return;
    }
    if (!Double.isFinite(value) || value < min || value > max || points.size() >= MAX_POINTS) {
      dropped++;
      return;
    }
    String s = cut(subject == null ? "" : subject.strip(), MAX_SUBJECT);
    if (!seen.add(metric + "\u0000" + s)) {
      dropped++;
      return;
    }
    String t = text == null || text.isBlank() ? null : cut(text.strip(), MAX_TEXT);
    points.add(new HistoryPoint(agentId, runId, metric, s, at, value, t));
  }

  /** One line, controls escaped, at most {@code max} characters. */
  private static String cut(String s, int max) {
    String line = SafeText.line(s);
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }

  List<HistoryPoint> points() {
    return List.copyOf(points);
  }

  /** Figures left out as absurd, duplicated or over the cap. */
  int dropped() {
    return dropped;
  }
}
