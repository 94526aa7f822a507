package io.autoservice.agent.tasks.diskcheck;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns chkdsk's output lines, as they arrive, into an overall percentage for live progress. Not
 * thread-safe (the handler feeds it from one stream); no I/O; never throws.
 *
 * <p>It reads:
 *
 * <ul>
 *   <li>stage lines: {@code Stage 2: Examining file name linkage ...} (Windows 8 and later), {@code
 *       CHKDSK is verifying indexes (stage 2 of 3)...} (Windows 7), and the German {@code CHKDSK
 *       überprüft Dateien (Phase 1 von 3)...} / {@code Stufe 1}. A stage without "of N" counts
 *       against the stages expected for the mode (3, or 5 with {@code /r});
 *   <li>percent lines: {@code 12 percent complete. (30000 of 256000 file records processed)}, the
 *       German {@code 5 Prozent abgeschlossen. (129280 von 258560 Datensätzen verarbeitet)}, and
 *       {@code Total: 39%} of the Windows 10 console progress line. When the line also gives its
 *       record counts, their ratio tells whether the percentage is the stage's own (Windows 7: 25 %
 *       at 64000 of 256000) or the whole check's (the German recording: 5 % at 129280 of 258560); a
 *       stage's own percentage is scaled into its share of the run.
 * </ul>
 *
 * The percentage never goes down. A line that is neither gives nothing.
 */
public final class ChkdskProgress {
  /** One progress report: overall percent (0–100) and the line that moved it. */
  public record Step(double percent, String message) {}

  private static final int CI = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
  private static final Pattern STAGE_OF =
      Pattern.compile("\\b(?:stage|phase|stufe)\\s+(\\d{1,2})\\s+(?:of|von)\\s+(\\d{1,2})\\b", CI);
  private static final Pattern STAGE =
      Pattern.compile("^\\s*(?:stage|phase|stufe)\\s+(\\d{1,2})\\s*:", CI);
  private static final Pattern PERCENT =
      Pattern.compile(
          "(?<![\\d.])(\\d{1,3})\\s*(?:percent complete|prozent abgeschlossen|%\\s*(?:complete|abgeschlossen))",
          CI);
  private static final Pattern COUNTS =
      Pattern.compile("\\((\\d{1,15})\\s+(?:of|von)\\s+(\\d{1,15})\\b", CI);
  private static final Pattern TOTAL =
      Pattern.compile("\\bTotal:\\s*(\\d{1,3})(?:[.,]\\d+)?\\s*%", CI);

  private int stages;
  private int stage;
  private double percent;
  private boolean any;

  /**
   * @param expectedStages stages the mode runs when chkdsk does not say ("stage N of M")
   */
  public ChkdskProgress(int expectedStages) {
    this.stages = Math.max(1, expectedStages);
  }

  /** The overall progress after this line, if the line is about progress. */
  public Optional<Step> accept(String line) {
    try {
      return acceptUnsafe(line);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private Optional<Step> acceptUnsafe(String line) {
    if (line == null || line.isBlank() || line.length() > ChkdskOutputParser.MAX_LINE) {
      return Optional.empty();
    }
    String msg = line.strip();
    Matcher total = TOTAL.matcher(line);
    if (total.find()) {
      return step(Integer.parseInt(total.group(1)), msg);
    }
    Matcher of = STAGE_OF.matcher(line);
    Matcher st = STAGE.matcher(line);
    if (of.find()) {
      return enterStage(Integer.parseInt(of.group(1)), Integer.parseInt(of.group(2)), msg);
    }
    if (st.find()) {
      return enterStage(Integer.parseInt(st.group(1)), 0, msg);
    }
    Matcher pm = PERCENT.matcher(line);
    if (!pm.find()) {
      return Optional.empty();
    }
    double p = Math.min(100, Integer.parseInt(pm.group(1)));
    if (stage > 0 && stageLocal(p, line)) {
      p = ((stage - 1) + p / 100.0) / stages * 100.0;
    }
    return step(p, msg);
  }

  /** Whether a percentage is the stage's own: its record counts agree with it (±2 points). */
  private static boolean stageLocal(double p, String line) {
    Matcher c = COUNTS.matcher(line);
    if (!c.find()) {
      return true; // Windows 7 style, the only kind seen without counts
    }
    double done = Double.parseDouble(c.group(1));
    double all = Double.parseDouble(c.group(2));
    return all > 0 && Math.abs(done / all * 100.0 - p) <= 2.0;
  }

  private Optional<Step> enterStage(int k, int of, String msg) {
    if (k < 1) {
      return Optional.empty();
    }
    if (of >= k) {
      stages = of;
    } else if (k > stages) {
      stages = k;
    }
    stage = k;
    return step((k - 1) * 100.0 / stages, msg);
  }

  private Optional<Step> step(double p, String msg) {
    double clamped = Math.max(0, Math.min(100, p));
    if (!any || clamped > percent) {
      percent = clamped;
    }
    any = true;
    return Optional.of(new Step(percent, msg));
  }
}
