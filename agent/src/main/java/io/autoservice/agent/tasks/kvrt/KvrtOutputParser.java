package io.autoservice.agent.tasks.kvrt;

import io.autoservice.agent.tasks.support.LocalNumbers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads KVRT's console output into a {@link KvrtOutput}. Pure: no I/O, never throws. No real KVRT
 * console capture is known (Kaspersky documents only its encrypted reports), so this follows the
 * original runner's patterns, all case-insensitive:
 *
 * <ul>
 *   <li>totals (grouped as the display language writes them, {@link LocalNumbers}) {@code
 *       Processed: N}, {@code Processing errors: N}, {@code Detected: N}, {@code Password
 *       protected: N}, {@code Corrupted: N} at the start of a line (the last value wins, so running
 *       counts printed during the scan are harmless);
 *   <li>{@code Threat <threat> is detected on object <object>};
 *   <li>{@code Action <action> is selected for threat <threat> on object <object>}.
 * </ul>
 *
 * A threat on an object is one detection however often it is printed; its action is the last one
 * chosen. The original counted every action line, so a repeated line counted twice.
 *
 * <p>Use {@link #parse} for a whole output, or an {@link Accumulator} to read lines as they arrive
 * (a full scan may print more lines than a process result retains).
 */
public final class KvrtOutputParser {
  /** Longer lines are cut before matching. */
  static final int MAX_LINE = 8_000;

  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

  /** A count as the PC's display language groups it ({@code 1 234 567}, {@code 1.234.567}). */
  private static final String NUM = "(" + LocalNumbers.PATTERN + ")(?!\\d)";

  private static final Pattern PROCESSED = Pattern.compile("^\\s*Processed:\\s*" + NUM, FLAGS);
  private static final Pattern ERRORS = Pattern.compile("^\\s*Processing errors:\\s*" + NUM, FLAGS);
  private static final Pattern DETECTED = Pattern.compile("^\\s*Detected:\\s*" + NUM, FLAGS);
  private static final Pattern PASSWORD =
      Pattern.compile("^\\s*Password protected:\\s*" + NUM, FLAGS);
  private static final Pattern CORRUPTED = Pattern.compile("^\\s*Corrupted:\\s*" + NUM, FLAGS);
  private static final Pattern DETECTION =
      Pattern.compile("Threat\\s*<(.+?)>\\s*is detected on object\\s*<(.+?)>", FLAGS);
  private static final Pattern ACTION =
      Pattern.compile(
          "Action\\s*<(.+?)>\\s*is selected for threat\\s*<(.+?)>\\s*on object\\s*<(.+?)>", FLAGS);

  /** A percentage on a line that speaks of progress (an assumption: KVRT's format is unknown). */
  private static final Pattern PERCENT =
      Pattern.compile("progress\\D{0,20}?(\\d{1,3})(?:[.,]\\d+)?\\s?%", FLAGS);

  private KvrtOutputParser() {}

  /** What one line says about the scan's progress, for live reporting. */
  public record Progress(double percent, String message) {}

  /** Parses a whole output; null lines (and a null list) are skipped. Never throws. */
  public static KvrtOutput parse(List<String> lines) {
    Accumulator acc = new Accumulator();
    if (lines != null) {
      lines.forEach(acc::accept);
    }
    return acc.result();
  }

  /**
   * The progress a line reports, if any: a percentage on a line mentioning progress, a running
   * {@code Processed: N} count (percent unknown: -1) or a detection (-1). Never throws.
   */
  public static Optional<Progress> progress(String line) {
    try {
      if (line == null) {
        return Optional.empty();
      }
      String s = clip(line).strip();
      Matcher m = PERCENT.matcher(s);
      if (m.find()) {
        return Optional.of(new Progress(Math.min(100, Integer.parseInt(m.group(1))), s));
      }
      m = PROCESSED.matcher(s);
      if (m.find()) {
        return Optional.of(new Progress(-1, "Scanning: " + m.group(1) + " objects processed"));
      }
      m = DETECTION.matcher(s);
      if (m.find()) {
        return Optional.of(new Progress(-1, "Threat detected: " + m.group(1).strip()));
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String clip(String line) {
    return line.length() > MAX_LINE ? line.substring(0, MAX_LINE) : line;
  }

  /** Reads lines one at a time; not thread-safe (the caller synchronises). */
  public static final class Accumulator {
    private Long processed;
    private Long errors;
    private Long detected;
    private Long password;
    private Long corrupted;
    private final Map<String, KvrtDetection> detections = new LinkedHashMap<>();

    /** One line of stdout; null is ignored; never throws. */
    public void accept(String line) {
      try {
        if (line != null) {
          read(clip(line).strip());
        }
      } catch (RuntimeException e) {
        // One strange line must not cost the rest of the output.
      }
    }

    private void read(String s) {
      if (s.isEmpty()) {
        return;
      }
      Matcher m = ACTION.matcher(s);
      if (m.find()) {
        String action = m.group(1).strip();
        String threat = m.group(2).strip();
        String object = m.group(3).strip();
        detections.put(key(threat, object), new KvrtDetection(threat, object, action));
        return;
      }
      m = DETECTION.matcher(s);
      if (m.find()) {
        String threat = m.group(1).strip();
        String object = m.group(2).strip();
        detections.putIfAbsent(key(threat, object), new KvrtDetection(threat, object, null));
        return;
      }
      Long v;
      if ((v = number(PROCESSED, s)) != null) {
        processed = v;
      } else if ((v = number(ERRORS, s)) != null) {
        errors = v;
      } else if ((v = number(DETECTED, s)) != null) {
        detected = v;
      } else if ((v = number(PASSWORD, s)) != null) {
        password = v;
      } else if ((v = number(CORRUPTED, s)) != null) {
        corrupted = v;
      }
    }

    private static Long number(Pattern p, String s) {
      Matcher m = p.matcher(s);
      if (!m.find()) {
        return null;
      }
      OptionalLong n = LocalNumbers.integer(m.group(1));
      return n.isPresent() ? n.getAsLong() : null;
    }

    private static String key(String threat, String object) {
      return threat + "\u0000" + object;
    }

    /** What was read so far. */
    public KvrtOutput result() {
      return new KvrtOutput(
          processed, errors, detected, password, corrupted, new ArrayList<>(detections.values()));
    }
  }
}
