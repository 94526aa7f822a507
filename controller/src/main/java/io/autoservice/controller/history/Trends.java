package io.autoservice.controller.history;

import io.autoservice.controller.model.HistoryPoint;
import io.autoservice.controller.store.HistoryStore;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Which way a PC's figure went between its last two points, for the console's trend arrows and for
 * alert rules such as "reallocated sectors grew since the last run": {@code trends.grew("pc-1",
 * "smart.reallocated_sectors", "/dev/sda S3Z9…")}. Only the last two points count (no smoothing): a
 * drive's reallocated sectors either grew or did not.
 */
public final class Trends {
  /** The way between two points. */
  public enum Direction {
    UP,
    DOWN,
    SAME,
    /** Fewer than two points. */
    UNKNOWN
  }

  /** Points read back per question: a PC has at most a few hundred runs a metric a year. */
  private static final int LOOK_BACK = 5_000;

  private final HistoryStore history;

  public Trends(HistoryStore history) {
    this.history = history;
  }

  /** Whether the figure's latest value is above the one before it. */
  public boolean grew(String agentId, String metric, String subject) {
    return direction(agentId, metric, subject) == Direction.UP;
  }

  /** The way the figure went between its last two points. */
  public Direction direction(String agentId, String metric, String subject) {
    List<HistoryPoint> series =
        history.points(agentId, Set.of(metric), Instant.EPOCH, LOOK_BACK).stream()
            .filter(p -> p.subject().equals(subject))
            .toList();
    return of(series);
  }

  /** The way a series (oldest first) went between its last two points. */
  public static Direction of(List<HistoryPoint> series) {
    if (series.size() < 2) {
      return Direction.UNKNOWN;
    }
    double last = series.get(series.size() - 1).value();
    double previous = series.get(series.size() - 2).value();
    return last > previous ? Direction.UP : last < previous ? Direction.DOWN : Direction.SAME;
  }
}
