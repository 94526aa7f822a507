package io.autoservice.agent.tasks;

import java.util.List;

/**
 * The original runner's one scale for 0–100 scores (ping, iperf, speedtest, WinSAT): the verdict
 * word and the star rating a technician sees, and the percentile used in their statistics.
 */
public final class ScoreScale {
  private ScoreScale() {}

  /** excellent (≥ 85), good (≥ 70), fair (≥ 50), else poor. */
  public static String verdict(double score) {
    return score >= 85 ? "excellent" : score >= 70 ? "good" : score >= 50 ? "fair" : "poor";
  }

  /** 5/4/3/2/1 stars at ≥ 85 / ≥ 70 / ≥ 50 / ≥ 30 / below. */
  public static int stars(double score) {
    return score >= 85 ? 5 : score >= 70 ? 4 : score >= 50 ? 3 : score >= 30 ? 2 : 1;
  }

  /** Linear interpolation between closest ranks of a sorted, non-empty list; {@code q} in 0–1. */
  public static double percentile(List<Double> sorted, double q) {
    double rank = q * (sorted.size() - 1);
    int lo = (int) Math.floor(rank);
    int hi = (int) Math.ceil(rank);
    double a = sorted.get(lo);
    double b = sorted.get(hi);
    return a + (b - a) * (rank - lo);
  }
}
