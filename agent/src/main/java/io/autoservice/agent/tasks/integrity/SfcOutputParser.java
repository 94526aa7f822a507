package io.autoservice.agent.tasks.integrity;

import io.autoservice.agent.tasks.integrity.SfcOutput.Verdict;
import io.autoservice.agent.tasks.support.LocalNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the decoded output of {@code sfc /scannow} into an {@link SfcOutput}. Pure: no I/O, and it
 * never throws, whatever the input.
 *
 * <p>The verdict phrases are the original runner's, matched case-insensitively in the whole output
 * with its line breaks and runs of spaces made single spaces, because SFC (and the consoles it was
 * copied from) wrap its long sentences: "… found corrupt files but was unable to fix some / of
 * them." is one sentence on two lines, which the original's line-by-line match missed (and then
 * reported success). When several verdicts appear (a pasted session), the last one wins. Phrases:
 *
 * <ul>
 *   <li>{@code did not find any integrity violations} → no violations; this and the other closing
 *       sentences are also read in the languages of {@link SfcPhrases} (German, French, Spanish,
 *       Italian, Portuguese, Russian, Dutch, Japanese, Chinese, as far as a source was found);
 *   <li>{@code found corrupt files and successfully repaired them} → violations, repaired;
 *   <li>{@code found corrupt files but was unable to fix some of them} → violations, not all
 *       repaired; another {@code found corrupt files} sentence → violations with the repair outcome
 *       unknown, unless the sentence says {@code unable} (then: not all repaired);
 *   <li>{@code could not perform the requested operation} → violations unknown, repair failed;
 *   <li>{@code there is a system repair pending} or {@code pending.xml} → pending reboot;
 *   <li>{@code details are included in the cbs.log} → violations {@code true} if still unknown;
 *   <li>a line with {@code access} and {@code denied}, or {@code must be an administrator} or
 *       {@code requires elevation} → access denied;
 *   <li>a line with {@code component store} and {@code corrupt} or {@code inconsistent} → WinSxS
 *       repair pending.
 * </ul>
 *
 * <p>Progress lines ("Verification 42% complete.", "Überprüfung 42 % abgeschlossen.") are
 * recognised by their shape — a short line holding one number followed by {@code %} — so they work
 * in any language; verification is complete when one of them reaches 100. They are kept out of the
 * phrase search.
 */
public final class SfcOutputParser {
  /** Lines in {@link SfcOutput#message()} (the original's last 15 non-empty lines). */
  public static final int MESSAGE_LINES = 15;

  /** Lines in {@link SfcOutput#preview()} (the original's {@code raw_output_preview}: 20). */
  public static final int PREVIEW_LINES = 20;

  static final int MAX_LINE = 2_000;

  private static final Pattern PROGRESS =
      Pattern.compile("^[^\\d%]{0,60}?(\\d{1,3})\\s?%[^\\d%]{0,60}$");
  private static final Pattern PHASE_START =
      Pattern.compile(
          "verification phase|berpr\\S{0,2}fungsphase",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private static final String REPAIRED = "found corrupt files and successfully repaired them";
  private static final String NOT_ALL_REPAIRED =
      "found corrupt files but was unable to fix some of them";
  private static final String CORRUPT_FOUND = "found corrupt files";

  private SfcOutputParser() {}

  /**
   * The progress a line reports: its percentage for a progress line, 0 for the line that starts the
   * verification phase, else empty. Never throws.
   */
  public static OptionalInt progress(String line) {
    try {
      if (line == null || line.isBlank() || line.length() > MAX_LINE) {
        return OptionalInt.empty();
      }
      Integer p = percent(line.strip());
      if (p != null) {
        return OptionalInt.of(p);
      }
      return PHASE_START.matcher(line).find() ? OptionalInt.of(0) : OptionalInt.empty();
    } catch (RuntimeException e) {
      return OptionalInt.empty();
    }
  }

  /** Parses a whole output; null lines (and a null list) are skipped. Never throws. */
  public static SfcOutput parse(List<String> lines) {
    try {
      return parseLines(lines == null ? List.of() : lines);
    } catch (RuntimeException e) {
      return new SfcOutput(
          null, false, null, false, false, false, false, Verdict.NONE, null, "", "", false);
    }
  }

  private static SfcOutput parseLines(List<String> lines) {
    List<String> kept = new ArrayList<>(); // non-empty lines, a run of progress lines as its last
    boolean lastWasProgress = false;
    StringBuilder joined = new StringBuilder();
    Integer maxPercent = null;
    boolean accessDenied = false;
    boolean winsxs = false;
    for (String raw : lines) {
      if (raw == null) {
        continue;
      }
      String line = (raw.length() > MAX_LINE ? raw.substring(0, MAX_LINE) : raw).strip();
      if (line.isEmpty()) {
        continue;
      }
      Integer p = percent(line);
      if (p != null) {
        maxPercent = maxPercent == null ? p : Math.max(maxPercent, p);
        if (lastWasProgress) {
          kept.set(kept.size() - 1, line);
        } else {
          kept.add(line);
        }
        lastWasProgress = true;
        continue;
      }
      lastWasProgress = false;
      kept.add(line);
      joined.append(line).append(' ');
      String low = line.toLowerCase(Locale.ROOT);
      accessDenied |= low.contains("access") && low.contains("denied");
      winsxs |=
          low.contains("component store")
              && (low.contains("corrupt") || low.contains("inconsistent"));
    }
    String text = SPACES.matcher(joined.toString().toLowerCase(Locale.ROOT)).replaceAll(" ");
    accessDenied |=
        text.contains("must be an administrator") || text.contains("requires elevation");
    boolean pending =
        text.contains("there is a system repair pending") || text.contains("pending.xml");
    Verdict verdict = lastVerdict(text);

    Boolean violations = null;
    boolean attempted = false;
    Boolean successful = null;
    switch (verdict) {
      case NO_VIOLATIONS -> violations = false;
      case REPAIRED -> {
        violations = true;
        attempted = true;
        successful = true;
      }
      case NOT_ALL_REPAIRED -> {
        violations = true;
        attempted = true;
        successful = false;
      }
      case CORRUPT_FILES_FOUND -> {
        violations = true;
        attempted = true;
      }
      case COULD_NOT_PERFORM -> successful = false;
      case NONE -> {}
    }
    if (violations == null
        && verdict != Verdict.COULD_NOT_PERFORM
        && text.contains("details are included in the cbs.log")) {
      violations = true;
    }
    return new SfcOutput(
        violations,
        attempted,
        successful,
        maxPercent != null && maxPercent >= 100,
        pending,
        accessDenied,
        winsxs,
        verdict,
        maxPercent,
        tail(kept, MESSAGE_LINES),
        tail(kept, PREVIEW_LINES),
        false);
  }

  /** The verdict sentence that appears last in {@code text} (lower case, single spaces). */
  private static Verdict lastVerdict(String text) {
    int bestPos = -1;
    Verdict best = Verdict.NONE;
    for (SfcPhrases.Phrase ph : SfcPhrases.ALL) {
      int at = lastMatch(ph.pattern(), text);
      if (at > bestPos) {
        bestPos = at;
        best = ph.verdict();
      }
    }
    // Other "found corrupt files" sentences (not the two known endings).
    for (int at = text.indexOf(CORRUPT_FOUND); at >= 0; at = text.indexOf(CORRUPT_FOUND, at + 1)) {
      if (at <= bestPos || text.startsWith(REPAIRED, at) || text.startsWith(NOT_ALL_REPAIRED, at)) {
        continue;
      }
      int end = text.indexOf(". ", at);
      String sentence = text.substring(at, end < 0 ? text.length() : end);
      bestPos = at;
      best = sentence.contains("unable") ? Verdict.NOT_ALL_REPAIRED : Verdict.CORRUPT_FILES_FOUND;
    }
    return best;
  }

  private static int lastMatch(Pattern p, String text) {
    Matcher m = p.matcher(text);
    int last = -1;
    while (m.find()) {
      last = m.start();
    }
    return last;
  }

  private static Integer percent(String stripped) {
    Matcher m = PROGRESS.matcher(stripped);
    if (!m.matches()) {
      return null;
    }
    long p = LocalNumbers.integer(m.group(1)).orElse(Long.MAX_VALUE);
    return p <= 100 ? Integer.valueOf((int) p) : null;
  }

  private static String tail(List<String> lines, int n) {
    return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }
}
