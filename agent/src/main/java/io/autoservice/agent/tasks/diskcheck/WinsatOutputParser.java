package io.autoservice.agent.tasks.diskcheck;

import io.autoservice.agent.tasks.support.LocalNumbers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the output of {@code winsat disk} into its metrics. Pure: no I/O, and it never throws,
 * whatever the input.
 *
 * <p>The patterns are the original runner's, e.g. {@code
 * Disk\s+Random\s+[\d.]+\s+Read\s+([\d.]+)\s+MB/s\s+([\d.]+)} for {@code > Disk Random 16.0 Read
 * 404.52 MB/s 8.2}, run over the output joined with line breaks, so that {@code \s+} also matches a
 * run of spaces collapsed to one (a copied console) and a line wrapped at a space. Changes: a
 * throughput line without its score still gives the MB/s (the score is then null); numbers are read
 * as any display language writes them ({@link LocalNumbers}: {@code 404,52}, {@code 1 234,56},
 * {@code 1.234,56} — a Russian WinSAT writes {@code 17 125 474 304 bytes}); and lines exactly
 * {@value #CONSOLE_WIDTH} characters long — what an 80-column console's hard wrap leaves, even
 * mid-word ({@code 3.5⏎0GHz}) — are joined to the next line before a second attempt for any metric
 * the first did not find. When an output holds several runs (a pasted session), the first run's
 * values are taken, as the runner's {@code re.search} did.
 *
 * <p>Keys, in {@link #KEYS} order: {@code random_read_mbps/_score}, {@code
 * sequential_read_mbps/_score}, {@code sequential_write_mbps/_score}, {@code
 * avg_read_time_seq_writes_ms/_score}, {@code latency_95th_percentile_ms/_score}, {@code
 * latency_max_ms/_score}, {@code avg_read_time_random_writes_ms/_score}, {@code
 * total_run_time_seconds}.
 */
public final class WinsatOutputParser {
  /** The console width whose hard wraps are undone. */
  static final int CONSOLE_WIDTH = 80;

  static final int MAX_LINE = 4_000;

  /** Every metric key, in the runner's order. */
  public static final List<String> KEYS =
      List.of(
          "random_read_mbps",
          "random_read_score",
          "sequential_read_mbps",
          "sequential_read_score",
          "sequential_write_mbps",
          "sequential_write_score",
          "avg_read_time_seq_writes_ms",
          "avg_read_time_seq_writes_score",
          "latency_95th_percentile_ms",
          "latency_95th_percentile_score",
          "latency_max_ms",
          "latency_max_score",
          "avg_read_time_random_writes_ms",
          "avg_read_time_random_writes_score",
          "total_run_time_seconds");

  /** The sub-score keys (the WinSAT 1.0–9.9 ratings). */
  public static final List<String> SCORE_KEYS =
      KEYS.stream().filter(k -> k.endsWith("_score")).toList();

  /** A number as the PC's display language writes it ({@code 404.52}, {@code 1 234,56}). */
  private static final String N = "(" + LocalNumbers.PATTERN + ")";

  private static final String OPT_SCORE = "(?:[ \\t]+" + N + ")?";

  /** A pattern and the keys its two groups fill. */
  private record Metric(Pattern pattern, String valueKey, String scoreKey) {}

  private static final List<Metric> METRICS =
      List.of(
          new Metric(throughput("Random", "Read"), "random_read_mbps", "random_read_score"),
          new Metric(
              throughput("Sequential", "Read"), "sequential_read_mbps", "sequential_read_score"),
          new Metric(
              throughput("Sequential", "Write"), "sequential_write_mbps", "sequential_write_score"),
          new Metric(
              ms("Average\\s+Read\\s+Time\\s+with\\s+Sequential\\s+Writes"),
              "avg_read_time_seq_writes_ms",
              "avg_read_time_seq_writes_score"),
          new Metric(
              ms("Latency:\\s+95th\\s+Percentile"),
              "latency_95th_percentile_ms",
              "latency_95th_percentile_score"),
          new Metric(ms("Latency:\\s+Maximum"), "latency_max_ms", "latency_max_score"),
          new Metric(
              ms("Average\\s+Read\\s+Time\\s+with\\s+Random\\s+Writes"),
              "avg_read_time_random_writes_ms",
              "avg_read_time_random_writes_score"));

  private static final Pattern TOTAL_RUN_TIME =
      Pattern.compile("Total\\s+Run\\s+Time\\s+(\\d{1,4}):(\\d{1,2}):(\\d{1,2}(?:[.,]\\d+)?)");

  private WinsatOutputParser() {}

  private static Pattern throughput(String kind, String op) {
    return Pattern.compile(
        "Disk\\s+" + kind + "\\s+[\\d.,]+\\s+" + op + "\\s+" + N + "\\s+MB/s" + OPT_SCORE);
  }

  private static Pattern ms(String label) {
    return Pattern.compile(label + "\\s+" + N + "\\s+ms" + OPT_SCORE);
  }

  /**
   * The metrics found, every key of {@link #KEYS} present, null where the output did not have it.
   * Null lines and a null list are skipped.
   */
  public static Map<String, Double> parse(List<String> lines) {
    Map<String, Double> out = new LinkedHashMap<>();
    KEYS.forEach(k -> out.put(k, null));
    try {
      List<String> clean = new ArrayList<>();
      if (lines != null) {
        for (String l : lines) {
          if (l != null) {
            clean.add(l.length() > MAX_LINE ? l.substring(0, MAX_LINE) : l);
          }
        }
      }
      read(String.join("\n", clean), out);
      if (out.containsValue(null)) {
        read(String.join("\n", unwrap(clean)), out);
      }
    } catch (RuntimeException e) {
      // never throws: what was read so far stands
    }
    return Collections.unmodifiableMap(out);
  }

  /** Fills the keys still null from {@code text}. */
  private static void read(String text, Map<String, Double> out) {
    for (Metric m : METRICS) {
      if (out.get(m.valueKey()) != null) {
        continue;
      }
      Matcher x = m.pattern().matcher(text);
      if (x.find()) {
        out.put(m.valueKey(), number(x.group(1)));
        out.put(m.scoreKey(), number(x.group(2)));
      }
    }
    if (out.get("total_run_time_seconds") == null) {
      Matcher t = TOTAL_RUN_TIME.matcher(text);
      if (t.find()) {
        Double s = number(t.group(3));
        if (s != null) {
          out.put(
              "total_run_time_seconds",
              Math.round(
                      (Integer.parseInt(t.group(1)) * 3600L
                              + Integer.parseInt(t.group(2)) * 60L
                              + s)
                          * 1000)
                  / 1000.0);
        }
      }
    }
  }

  /** Lines of exactly {@link #CONSOLE_WIDTH} characters joined to the line after them. */
  static List<String> unwrap(List<String> lines) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = null;
    for (String l : lines) {
      if (cur == null) {
        cur = new StringBuilder(l);
      } else {
        cur.append(l);
      }
      if (l.length() != CONSOLE_WIDTH) {
        out.add(cur.toString());
        cur = null;
      }
    }
    if (cur != null) {
      out.add(cur.toString());
    }
    return out;
  }

  private static Double number(String s) {
    if (s == null) {
      return null;
    }
    // A lone mark is a decimal here: WinSAT prints its rates and times with two or three decimals.
    OptionalDouble d = LocalNumbers.decimal(s);
    return d.isPresent() && Double.isFinite(d.getAsDouble()) ? d.getAsDouble() : null;
  }
}
