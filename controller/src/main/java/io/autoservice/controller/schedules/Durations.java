package io.autoservice.controller.schedules;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as technicians write them: {@code 90s}, {@code 10m}, {@code 6h}, {@code 2d}. */
public final class Durations {
  private static final Pattern TEXT = Pattern.compile("([0-9]{1,6})([smhd])");

  private Durations() {}

  public static String text(Duration d) {
    long s = d.toSeconds();
    if (s == 0) {
      return "0s";
    }
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  /** The exception names {@code field}. */
  public static Duration parse(String field, String value) {
    Matcher m = TEXT.matcher(value == null ? "" : value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          field
              + ": expected a duration such as 90s, 10m, 6h or 2d but got \""
              + io.autoservice.common.text.SafeText.line(value == null ? "" : value)
              + "\"");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
