package io.autoservice.agent.tasks.support;

import java.time.Duration;
import java.util.Locale;

/**
 * The one wording for a duration in a result or a log line, in every task: the two largest units,
 * abbreviated, no plural —
 *
 * <ul>
 *   <li>under a second: {@code 250 ms};
 *   <li>under 10 seconds: to a tenth, {@code 1.5 s}, {@code 3 s};
 *   <li>under a minute: {@code 45 s};
 *   <li>under an hour: {@code 1 min}, {@code 1 min 30 s};
 *   <li>an hour or more, to the minute: {@code 1 h}, {@code 2 h 5 min}, {@code 26 h}.
 * </ul>
 *
 * Each step rounds to the nearest unit it shows, so a timeout measured as 3599.98 s reads {@code 1
 * h}. Negative durations read as {@code 0 ms}.
 */
public final class Durations {
  private Durations() {}

  public static String text(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 9950) {
      long tenths = Math.round(ms / 100.0);
      return (tenths % 10 == 0
              ? String.valueOf(tenths / 10)
              : String.format(Locale.ROOT, "%.1f", tenths / 10.0))
          + " s";
    }
    long s = Math.round(ms / 1000.0);
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s % 60 == 0 ? s / 60 + " min" : s / 60 + " min " + s % 60 + " s";
    }
    long min = Math.round(s / 60.0);
    return min % 60 == 0 ? min / 60 + " h" : min / 60 + " h " + min % 60 + " min";
  }

  /** The same wording for a number of seconds (a tool's own report, a plan's parameter). */
  public static String seconds(double seconds) {
    return text(Duration.ofMillis(Math.round(seconds * 1000)));
  }
}
