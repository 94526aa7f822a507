package io.autoservice.console.render;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the console writes times: relative ("5s ago") for liveness, local wall time for history. */
public final class Times {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private Times() {}

  /**
   * {@code "5s ago"}, {@code "3m ago"}, {@code "2h ago"}, {@code "4d ago"}; {@code "never"} for
   * null.
   */
  public static String ago(Instant t, Clock clock) {
    if (t == null) {
      return "never";
    }
    long s = Math.max(0, Duration.between(t, clock.instant()).toSeconds());
    if (s < 60) {
      return s + "s ago";
    }
    if (s < 3600) {
      return s / 60 + "m ago";
    }
    if (s < 86_400) {
      return s / 3600 + "h ago";
    }
    return s / 86_400 + "d ago";
  }

  /** {@code 2024-05-02 14:03:11} in the console's time zone; {@code "-"} for null. */
  public static String local(Instant t, ZoneId zone) {
    return t == null ? "-" : LOCAL.format(t.atZone(zone));
  }

  /** ISO-8601 for JSON; null stays null. */
  public static String iso(Instant t) {
    return t == null ? null : t.toString();
  }

  /** {@code 0.42 s}, {@code 12.3 s}, {@code 4m 05s}. */
  static String seconds(double s) {
    if (s < 10) {
      return String.format(Locale.ROOT, "%.2f s", s);
    }
    if (s < 60) {
      return String.format(Locale.ROOT, "%.1f s", s);
    }
    long whole = Math.round(s);
    return String.format(Locale.ROOT, "%dm %02ds", whole / 60, whole % 60);
  }
}
