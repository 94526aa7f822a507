package io.autoservice.agent.tasks.speedtest;

import io.autoservice.agent.tasks.ScoreScale;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rating of a speedtest, as the original runner computed it: {@code 100 − ping (> 100 ms: 20, >
 * 50 ms: 10) − download (< 10 Mbps: 40, < 25 Mbps: 20) − upload (< 5 Mbps: 25)}, clamped to 0–100;
 * verdict ≥ 85 {@code excellent}, ≥ 70 {@code good}, ≥ 50 {@code fair}, else {@code poor}; stars
 * 5/4/3/2/1 at ≥ 85/≥ 70/≥ 50/≥ 30/below. Notes in the original's words ({@code high ping 150 ms},
 * {@code elevated ping 65 ms}, {@code slow download 5.1 Mbps}, {@code moderate download 15.2 Mbps},
 * {@code slow upload 1.2 Mbps}). A direction that was not measured (skipped) costs nothing — the
 * original rated a skipped download as 0 Mbps.
 *
 * @param score 0–100
 * @param verdict excellent, good, fair or poor
 * @param stars 1–5
 * @param notes remarks explaining the score
 */
public record SpeedtestScore(double score, String verdict, int stars, List<String> notes) {
  public SpeedtestScore {
    notes = List.copyOf(notes);
  }

  /** Rates the measured values; null means not measured. */
  public static SpeedtestScore of(Double pingMs, Double downloadMbps, Double uploadMbps) {
    double score = 100;
    List<String> notes = new ArrayList<>();
    if (pingMs != null) {
      if (pingMs > 100) {
        score -= 20;
        notes.add(String.format(Locale.ROOT, "high ping %.0f ms", pingMs));
      } else if (pingMs > 50) {
        score -= 10;
        notes.add(String.format(Locale.ROOT, "elevated ping %.0f ms", pingMs));
      }
    }
    if (downloadMbps != null) {
      if (downloadMbps < 10) {
        score -= 40;
        notes.add(String.format(Locale.ROOT, "slow download %.1f Mbps", downloadMbps));
      } else if (downloadMbps < 25) {
        score -= 20;
        notes.add(String.format(Locale.ROOT, "moderate download %.1f Mbps", downloadMbps));
      }
    }
    if (uploadMbps != null && uploadMbps < 5) {
      score -= 25;
      notes.add(String.format(Locale.ROOT, "slow upload %.1f Mbps", uploadMbps));
    }
    score = Math.max(0, Math.min(100, score));
    return new SpeedtestScore(score, ScoreScale.verdict(score), ScoreScale.stars(score), notes);
  }
}
