package io.autoservice.agent.tasks.ping;

import io.autoservice.agent.tasks.ScoreScale;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Statistics of the reply times and the stability rating of a ping run, as the original runner
 * computed them.
 *
 * <p>Stability score: {@code 100 − min(80, loss × 1.2) − (mean > 200 ms: 25 | mean > 100 ms: 12) −
 * (cov > 0.5: 20 | cov > 0.25: 10)}, clamped to 0–100, where {@code loss} is the loss in percent
 * and {@code cov = stdev / mean}. Without replies neither latency nor variation is penalised.
 * Verdict: ≥ 85 {@code excellent}, ≥ 70 {@code good}, ≥ 50 {@code fair}, else {@code poor}. Notes:
 * {@code loss x.x%} when loss > 0, {@code high latency N ms} (mean > 200) or {@code latency N ms}
 * (mean > 100), {@code very unstable} (cov > 0.5) or {@code unstable} (cov > 0.25).
 *
 * @param samples number of reply times
 * @param mean arithmetic mean in ms, null without samples
 * @param median median in ms (linear interpolation), null without samples
 * @param p10 10th percentile in ms (linear interpolation between closest ranks, as numpy's
 *     default), null without samples
 * @param p90 90th percentile in ms, likewise
 * @param stdev population standard deviation in ms, null without samples
 * @param stabilityScore 0–100, rounded to one decimal
 * @param verdict excellent, good, fair or poor
 * @param notes short remarks explaining the score, possibly empty
 */
public record PingStats(
    int samples,
    Double mean,
    Double median,
    Double p10,
    Double p90,
    Double stdev,
    double stabilityScore,
    String verdict,
    List<String> notes) {

  public PingStats {
    notes = List.copyOf(notes);
  }

  /**
   * Computes the statistics.
   *
   * @param rttsMs reply times in ms (null elements and non-finite values are ignored)
   * @param lossPercent packet loss in percent, 0–100 (values outside are clamped; NaN counts as 0)
   */
  public static PingStats of(List<Double> rttsMs, double lossPercent) {
    List<Double> v = new ArrayList<>();
    if (rttsMs != null) {
      for (Double d : rttsMs) {
        if (d != null && Double.isFinite(d)) {
          v.add(d);
        }
      }
    }
    Collections.sort(v);
    double loss = Double.isNaN(lossPercent) ? 0 : Math.max(0, Math.min(100, lossPercent));

    Double mean = null;
    Double stdev = null;
    Double median = null;
    Double p10 = null;
    Double p90 = null;
    if (!v.isEmpty()) {
      double sum = 0;
      for (double d : v) {
        sum += d;
      }
      double m = sum / v.size();
      double sq = 0;
      for (double d : v) {
        sq += (d - m) * (d - m);
      }
      mean = m;
      stdev = Math.sqrt(sq / v.size());
      median = percentile(v, 0.5);
      p10 = percentile(v, 0.1);
      p90 = percentile(v, 0.9);
    }

    double score = 100 - Math.min(80, loss * 1.2);
    List<String> notes = new ArrayList<>();
    if (loss > 0) {
      notes.add(String.format(Locale.ROOT, "loss %.1f%%", loss));
    }
    if (mean != null) {
      if (mean > 200) {
        score -= 25;
        notes.add(String.format(Locale.ROOT, "high latency %.0f ms", mean));
      } else if (mean > 100) {
        score -= 12;
        notes.add(String.format(Locale.ROOT, "latency %.0f ms", mean));
      }
      double cov = mean > 0 ? stdev / mean : 0;
      if (cov > 0.5) {
        score -= 20;
        notes.add("very unstable");
      } else if (cov > 0.25) {
        score -= 10;
        notes.add("unstable");
      }
    }
    score = Math.max(0, Math.min(100, score));
    score = Math.round(score * 10) / 10.0;
    return new PingStats(v.size(), mean, median, p10, p90, stdev, score, verdict(score), notes);
  }

  /** The word for a score. */
  public static String verdict(double score) {
    return ScoreScale.verdict(score);
  }

  static double percentile(List<Double> sorted, double q) {
    return ScoreScale.percentile(sorted, q);
  }
}
