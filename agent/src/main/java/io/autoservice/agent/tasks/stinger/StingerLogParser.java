package io.autoservice.agent.tasks.stinger;

import io.autoservice.agent.tasks.support.LocalNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Stinger HTML log ({@code Stinger_DDMMYYYY_HHMMSS.html}) into a {@link StingerLog}. Pure:
 * no I/O, never throws. No real Stinger log is known; the patterns are the original runner's,
 * applied to the log's text (tags removed, line breaks kept, entities decoded — the original
 * matched the raw HTML, so a {@code <br>} at a line's end would have ended up in its values):
 *
 * <ul>
 *   <li>{@code Trellix Stinger … Version 13.0.0.553 built on} (also "McAfee Stinger");
 *   <li>{@code AV Engine version v6820.10831 for Windows};
 *   <li>{@code Virus data file v9999.0 created on … Ready to scan for 10068 viruses};
 *   <li>{@code [Custom ]Scan initiated on <time>}, {@code Scan completed on <time>};
 *   <li>{@code <file> [MD5:<32 hex>] is infected with <threat>}, one line per file;
 *   <li>summary {@code TotalFiles:…… N}, {@code Clean:…… N}, {@code Not Scanned:…… N}, {@code
 *       Possibly Infected:…… N}.
 * </ul>
 */
public final class StingerLogParser {
  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.MULTILINE;

  /** A count as the PC's display language groups it ({@code 10 068}, {@code 10.068}). */
  private static final String NUM = "(" + LocalNumbers.PATTERN + ")(?!\\d)";

  private static final Pattern BREAK =
      Pattern.compile(
          "<\\s*br\\s*/?\\s*>|<\\s*/\\s*(?:p|div|tr|li|h[1-6]|title|table|pre)\\s*>|<\\s*(?:p|hr)(?:\\s[^>]{0,500})?>",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern CELL_END =
      Pattern.compile("<\\s*/\\s*t[dh]\\s*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern TAG = Pattern.compile("<[!/?A-Za-z][^<>]{0,2000}>");

  private static final Pattern VERSION =
      Pattern.compile("(?:Trellix|McAfee)\\s+Stinger.*?Version\\s+([\\d.]+)\\s+built on", FLAGS);
  private static final Pattern ENGINE =
      Pattern.compile("AV Engine version\\s+(v[\\d.]+)\\s+for Windows", FLAGS);
  private static final Pattern VIRUS_DATA =
      Pattern.compile(
          "Virus data file\\s+(v[\\d.]+)\\s+created on.*?Ready to scan for\\s+"
              + NUM
              + "\\s+viruses",
          FLAGS | Pattern.DOTALL);
  private static final Pattern START =
      Pattern.compile("(?:Custom )?Scan initiated on\\s+(.+?)$", FLAGS);
  private static final Pattern END = Pattern.compile("Scan completed on\\s+(.+?)$", FLAGS);
  private static final Pattern INFECTION =
      Pattern.compile("^(.+?)\\s+\\[MD5:([a-f0-9]{32})\\]\\s+is infected with\\s+(.+?)$", FLAGS);
  private static final Pattern TOTAL = Pattern.compile("TotalFiles:\\.*\\s*" + NUM, FLAGS);
  private static final Pattern CLEAN = Pattern.compile("Clean:\\.*\\s*" + NUM, FLAGS);
  private static final Pattern NOT_SCANNED = Pattern.compile("Not Scanned:\\.*\\s*" + NUM, FLAGS);
  private static final Pattern POSSIBLY_INFECTED =
      Pattern.compile("Possibly Infected:\\.*\\s*" + NUM, FLAGS);

  private StingerLogParser() {}

  /** Parses a log's HTML (already decoded to text); null gives an empty result. Never throws. */
  public static StingerLog parse(String html) {
    List<String> errors = new ArrayList<>();
    try {
      String t = text(html == null ? "" : html);
      String version = group(VERSION, t, 1);
      String engine = group(ENGINE, t, 1);
      Matcher vd = VIRUS_DATA.matcher(t);
      String dataVersion = null;
      Long virusCount = null;
      if (vd.find()) {
        dataVersion = vd.group(1);
        virusCount = whole(vd.group(2));
      }
      String start = trimmed(group(START, t, 1));
      String end = trimmed(group(END, t, 1));
      List<StingerInfection> infections = new ArrayList<>();
      Matcher m = INFECTION.matcher(t);
      while (m.find()) {
        infections.add(
            new StingerInfection(
                m.group(1).strip(),
                m.group(2).toLowerCase(java.util.Locale.ROOT),
                m.group(3).strip()));
      }
      Long total = number(TOTAL, t);
      Long clean = number(CLEAN, t);
      Long notScanned = number(NOT_SCANNED, t);
      Long possiblyInfected = number(POSSIBLY_INFECTED, t);
      Long infected =
          possiblyInfected != null
              ? possiblyInfected
              : infections.isEmpty() ? null : (long) infections.size();
      if (total == null && clean == null && notScanned == null && possiblyInfected == null) {
        errors.add(
            "no summary counts (TotalFiles, Clean, Not Scanned, Possibly Infected) in the log");
      }
      if (possiblyInfected != null && possiblyInfected != infections.size()) {
        errors.add(
            "the summary says "
                + possiblyInfected
                + " possibly infected files but the log lists "
                + infections.size());
      }
      return new StingerLog(
          version,
          engine,
          dataVersion,
          virusCount,
          start,
          end,
          total,
          clean,
          notScanned,
          infected,
          infections,
          errors);
    } catch (RuntimeException e) {
      errors.add("the log could not be parsed: " + e);
      return new StingerLog(
          null, null, null, null, null, null, null, null, null, null, List.of(), errors);
    }
  }

  /**
   * The log's text: line breaks for {@code <br>} and block ends, cells separated, tags dropped,
   * entities decoded.
   */
  static String text(String html) {
    String s = html.replace("\r\n", "\n").replace('\r', '\n');
    s = BREAK.matcher(s).replaceAll("\n");
    s = CELL_END.matcher(s).replaceAll(" ");
    s = TAG.matcher(s).replaceAll("");
    return io.autoservice.agent.tasks.support.HtmlEntities.decode(s).replace('\u00A0', ' ');
  }

  private static String group(Pattern p, String text, int g) {
    Matcher m = p.matcher(text);
    return m.find() ? m.group(g) : null;
  }

  private static String trimmed(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static Long number(Pattern p, String text) {
    Matcher m = p.matcher(text);
    return m.find() ? whole(m.group(1)) : null;
  }

  private static Long whole(String printed) {
    OptionalLong n = LocalNumbers.integer(printed);
    return n.isPresent() ? n.getAsLong() : null;
  }
}
