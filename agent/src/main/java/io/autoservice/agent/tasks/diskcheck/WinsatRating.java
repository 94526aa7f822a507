package io.autoservice.agent.tasks.diskcheck;

import io.autoservice.agent.tasks.ScoreScale;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The user-facing rating of a {@code winsat disk} run, as the original runner computed it: {@code
 * score} = mean of the WinSAT sub-scores found / 9.9 × 100 (one decimal); {@code verdict} {@code
 * excellent} (≥ 85), {@code good} (≥ 70), {@code fair} (≥ 50), else {@code poor}; {@code
 * rating_stars} 5/4/3/2/1 at ≥ 85/70/50/30/else (the one scale of {@link ScoreScale}). Without any
 * sub-score: score and stars null, verdict {@code unknown}. Notes: "Excellent &lt;metric&gt;" for a
 * sub-score ≥ 9.0, "Poor &lt;metric&gt;" below 5.0, "Slow sequential read (HDD-like)" below 100
 * MB/s, "Excellent NVMe performance" above 3000 MB/s sequential read, "Very slow write speed" below
 * 50 MB/s sequential write, "High latency detected" for a 95th percentile above 10 ms.
 */
record WinsatRating(Double score, String verdict, Integer stars, List<String> notes) {

  private static final Map<String, String> LABELS =
      Map.of(
          "random_read_score", "random read",
          "sequential_read_score", "sequential read",
          "sequential_write_score", "sequential write",
          "avg_read_time_seq_writes_score", "read time with sequential writes",
          "latency_95th_percentile_score", "95th percentile latency",
          "latency_max_score", "maximum latency",
          "avg_read_time_random_writes_score", "read time with random writes");

  static WinsatRating of(Map<String, Double> m) {
    List<String> notes = new ArrayList<>();
    double sum = 0;
    int n = 0;
    for (String key : WinsatOutputParser.SCORE_KEYS) {
      Double s = m.get(key);
      if (s == null) {
        continue;
      }
      sum += s;
      n++;
      if (s >= 9.0) {
        notes.add("Excellent " + LABELS.get(key));
      } else if (s < 5.0) {
        notes.add("Poor " + LABELS.get(key));
      }
    }
    Double seqRead = m.get("sequential_read_mbps");
    if (seqRead != null && seqRead < 100) {
      notes.add("Slow sequential read (HDD-like)");
    }
    if (seqRead != null && seqRead > 3000) {
      notes.add("Excellent NVMe performance");
    }
    Double seqWrite = m.get("sequential_write_mbps");
    if (seqWrite != null && seqWrite < 50) {
      notes.add("Very slow write speed");
    }
    Double p95 = m.get("latency_95th_percentile_ms");
    if (p95 != null && p95 > 10) {
      notes.add("High latency detected");
    }
    if (n == 0) {
      return new WinsatRating(null, "unknown", null, List.copyOf(notes));
    }
    double score = Math.round(Math.min(100.0, sum / n / 9.9 * 100.0) * 10) / 10.0;
    return new WinsatRating(score, verdict(score), stars(score), List.copyOf(notes));
  }

  static String verdict(double score) {
    return ScoreScale.verdict(score);
  }

  static int stars(double score) {
    return ScoreScale.stars(score);
  }
}
