package io.autoservice.agent.tasks.iperf;

import io.autoservice.agent.tasks.ScoreScale;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Statistics of the per-interval throughput of an iperf3 run and its stability rating, as the
 * original runner computed them.
 *
 * <p>Stability score: {@code 100 − min(50, cov% × 1.5) − 30} (if any interval moved nothing) {@code
 * − min(20, 2 + √retransmits)} (if there were retransmits) {@code −} UDP loss (≥ 5 %: 60, ≥ 1 %:
 * 30, &gt; 0: 10), clamped to 0–100 and rounded to one decimal. Verdict as {@code ping_test}: ≥ 85
 * {@code excellent}, ≥ 70 {@code good}, ≥ 50 {@code fair}, else {@code poor}. Notes, in the
 * original's words: the variability ({@code very low} ≤ 5 %, {@code low} ≤ 10 %, {@code moderate} ≤
 * 20 %, else {@code high variability}), {@code N zero-throughput intervals}, {@code retransmits:
 * N}, {@code high/elevated/some UDP loss: x.xx%}.
 *
 * @param samples number of intervals measured
 * @param meanBps arithmetic mean, null without samples
 * @param medianBps median (linear interpolation), null without samples
 * @param minBps smallest, null without samples
 * @param maxBps largest, null without samples
 * @param stdevBps population standard deviation, null without samples
 * @param cov {@code stdev / mean}, null without samples or when the mean is 0
 * @param p10Bps 10th percentile (linear interpolation between closest ranks)
 * @param p90Bps 90th percentile
 * @param zeroIntervals intervals with a throughput of 0
 * @param belowThreshold intervals under the threshold, null when no threshold was given
 * @param stabilityScore 0–100
 * @param verdict excellent, good, fair or poor
 * @param notes remarks explaining the score
 */
public record IperfStats(
    int samples,
    Double meanBps,
    Double medianBps,
    Double minBps,
    Double maxBps,
    Double stdevBps,
    Double cov,
    Double p10Bps,
    Double p90Bps,
    int zeroIntervals,
    Integer belowThreshold,
    double stabilityScore,
    String verdict,
    List<String> notes) {

  public IperfStats {
    notes = List.copyOf(notes);
  }

  /**
   * Computes the statistics.
   *
   * @param bps per-interval throughput in bits/s (nulls and non-finite values are ignored)
   * @param thresholdBps count intervals below this, or null
   * @param retransmits TCP retransmits, or null
   * @param udpLossPercent UDP loss in percent, or null
   */
  public static IperfStats of(
      List<Double> bps, Double thresholdBps, Long retransmits, Double udpLossPercent) {
    List<Double> v = new ArrayList<>();
    if (bps != null) {
      for (Double d : bps) {
        if (d != null && Double.isFinite(d)) {
          v.add(d);
        }
      }
    }
    int zero = 0;
    int below = 0;
    for (double d : v) {
      if (d == 0) {
        zero++;
      }
      if (thresholdBps != null && d < thresholdBps) {
        below++;
      }
    }
    List<Double> sorted = new ArrayList<>(v);
    Collections.sort(sorted);
    Double mean = null;
    Double median = null;
    Double min = null;
    Double max = null;
    Double stdev = null;
    Double cov = null;
    Double p10 = null;
    Double p90 = null;
    if (!sorted.isEmpty()) {
      double sum = 0;
      for (double d : sorted) {
        sum += d;
      }
      double m = sum / sorted.size();
      double sq = 0;
      for (double d : sorted) {
        sq += (d - m) * (d - m);
      }
      mean = m;
      stdev = Math.sqrt(sq / sorted.size());
      cov = m != 0 ? stdev / m : null;
      median = percentile(sorted, 0.5);
      p10 = percentile(sorted, 0.1);
      p90 = percentile(sorted, 0.9);
      min = sorted.get(0);
      max = sorted.get(sorted.size() - 1);
    }

    double score = 100;
    List<String> notes = new ArrayList<>();
    if (cov != null) {
      double covPercent = cov * 100;
      score -= Math.min(50, Math.max(0, covPercent * 1.5));
      if (covPercent <= 5) {
        notes.add("very low variability");
      } else if (covPercent <= 10) {
        notes.add("low variability");
      } else if (covPercent <= 20) {
        notes.add("moderate variability");
      } else {
        notes.add("high variability");
      }
    }
    if (zero > 0) {
      score -= 30;
      notes.add(zero + " zero-throughput intervals");
    }
    if (retransmits != null && retransmits > 0) {
      score -= Math.min(20, 2 + Math.sqrt(retransmits));
      notes.add("retransmits: " + retransmits);
    }
    if (udpLossPercent != null && Double.isFinite(udpLossPercent)) {
      double loss = udpLossPercent;
      if (loss >= 5) {
        score -= 60;
        notes.add(String.format(Locale.ROOT, "high UDP loss: %.2f%%", loss));
      } else if (loss >= 1) {
        score -= 30;
        notes.add(String.format(Locale.ROOT, "elevated UDP loss: %.2f%%", loss));
      } else if (loss > 0) {
        score -= 10;
        notes.add(String.format(Locale.ROOT, "some UDP loss: %.2f%%", loss));
      }
    }
    score = Math.round(Math.max(0, Math.min(100, score)) * 10) / 10.0;
    return new IperfStats(
        sorted.size(),
        mean,
        median,
        min,
        max,
        stdev,
        cov,
        p10,
        p90,
        zero,
        thresholdBps == null ? null : below,
        score,
        verdict(score),
        notes);
  }

  /** The word for a score. */
  public static String verdict(double score) {
    return ScoreScale.verdict(score);
  }

  static double percentile(List<Double> sorted, double q) {
    return ScoreScale.percentile(sorted, q);
  }
}
