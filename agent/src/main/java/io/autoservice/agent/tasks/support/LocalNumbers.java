package io.autoservice.agent.tasks.support;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers as Windows tools print them in any display language: digits grouped by a space, a
 * no-break space (U+00A0), a narrow no-break space (U+202F), a thin space (U+2009), a dot, an
 * apostrophe (Swiss, also U+2019) or a comma, and a decimal comma or dot. Every parser that reads a
 * size, a count or a duration reads it here, so one table test covers them all.
 *
 * <p>A dot or comma is a decimal separator when it is the last of two different marks ({@code
 * 1.234,5}), when spaces group the digits before it ({@code 1 234,5}), or when it is the only mark
 * and not followed by exactly three digits. A lone mark before exactly three digits ({@code 1.234})
 * is ambiguous: {@link #integer} reads it as grouping (sizes and counts are whole numbers), {@link
 * #decimal} as a decimal separator.
 */
public final class LocalNumbers {
  private static final String SPACES = " \u00A0\u202F\u2009'\u2019";
  private static final String GROUP_MARKS = "[ \\u00A0\\u202F\\u2009.,'\\u2019]";

  /** One number in any of these forms; for use inside a larger pattern. */
  public static final String PATTERN =
      "\\d{1,3}(?:" + GROUP_MARKS + "\\d{3})+(?:[.,]\\d+)?|\\d+(?:[.,]\\d+)?";

  private static final Pattern NUMBER = Pattern.compile("(?<![\\d.,])(?:" + PATTERN + ")(?!\\d)");

  private LocalNumbers() {}

  /** A whole number, or empty when {@code text} is not one (a fraction, words, a bad grouping). */
  public static OptionalLong integer(String text) {
    Parsed p = parse(text, true);
    if (p == null || p.fraction != null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(p.sign + p.whole));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** A number with an optional fraction, or empty when {@code text} is not one. */
  public static OptionalDouble decimal(String text) {
    Parsed p = parse(text, false);
    if (p == null) {
      return OptionalDouble.empty();
    }
    String s = p.sign + p.whole + (p.fraction == null ? "" : "." + p.fraction);
    try {
      return OptionalDouble.of(Double.parseDouble(s));
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  /**
   * Every number in a line, in order, as written (read each with {@link #integer}/{@link
   * #decimal}).
   */
  public static List<String> tokens(String line) {
    List<String> out = new ArrayList<>();
    if (line == null) {
      return out;
    }
    Matcher m = NUMBER.matcher(line);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  private record Parsed(String sign, String whole, String fraction) {}

  private static Parsed parse(String text, boolean preferGrouping) {
    if (text == null) {
      return null;
    }
    String s = text.strip();
    String sign = "";
    if (s.startsWith("-") || s.startsWith("+")) {
      sign = s.startsWith("-") ? "-" : "";
      s = s.substring(1);
    }
    if (s.isEmpty()
        || !Character.isDigit(s.charAt(0))
        || !Character.isDigit(s.charAt(s.length() - 1))) {
      return null;
    }
    int dots = count(s, '.');
    int commas = count(s, ',');
    boolean spaced = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (SPACES.indexOf(c) >= 0) {
        spaced = true;
      } else if (c != '.' && c != ',' && !isAsciiDigit(c)) {
        return null;
      }
    }
    int decimalAt = -1;
    if (dots > 0 && commas > 0) {
      decimalAt = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
      if (count(s, s.charAt(decimalAt)) != 1) {
        return null;
      }
    } else if (dots + commas == 1) {
      int at = Math.max(s.indexOf('.'), s.indexOf(','));
      boolean threeAfter = s.length() - at - 1 == 3;
      if (spaced || !threeAfter || !preferGrouping) {
        decimalAt = at;
      }
    }
    String whole = decimalAt < 0 ? s : s.substring(0, decimalAt);
    String fraction = decimalAt < 0 ? null : s.substring(decimalAt + 1);
    if (fraction != null && !fraction.chars().allMatch(LocalNumbers::isAsciiDigit)) {
      return null;
    }
    String digits = ungroup(whole);
    return digits == null ? null : new Parsed(sign, digits, fraction);
  }

  /** Removes grouping marks, checking the groups: 1–3 digits first, then exactly 3 each. */
  private static String ungroup(String whole) {
    String[] groups = whole.split("[ \\u00A0\\u202F\\u2009.,'\\u2019]", -1);
    if (groups.length == 1) {
      return groups[0];
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < groups.length; i++) {
      String g = groups[i];
      boolean ok = i == 0 ? g.length() >= 1 && g.length() <= 3 : g.length() == 3;
      if (!ok) {
        return null;
      }
      b.append(g);
    }
    return b.toString();
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      n += s.charAt(i) == c ? 1 : 0;
    }
    return n;
  }

  private static boolean isAsciiDigit(int c) {
    return c >= '0' && c <= '9';
  }
}
