package io.autoservice.agent.tasks.diskcheck;

import io.autoservice.agent.tasks.support.LocalNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads chkdsk's console output into a {@link ChkdskOutput}. Pure: no I/O, and it never throws,
 * whatever the input.
 *
 * <p>The verdict phrases are the original runner's regexes (all case-insensitive), matched against
 * the output with its line breaks turned into spaces, because chkdsk hard-wraps its messages ("…in
 * use by another⏎process."). Additions, each seen in a real recording: the read-only verdicts
 * "Windows has checked the file system and found problems." (Win10 1809) and "Windows found
 * problems with the file system." (Win7) count as errors found (the runner's regex missed both and
 * could report such a disk as healthy); the lock failure, the kind of prompt, "Volume dismounted."
 * and the "will be checked the next time the system restarts" confirmation are told apart.
 *
 * <p>What does not depend on the display language is read by shape: the size summary by its
 * structure ({@link ChkdskSummaryReader}), the file system's name, chkdsk's own total duration
 * ("(126760 ms)", "(62892 мс)"), and a yes/no prompt ("(Y/N)", "(J/N)"). The verdict, lock and
 * dismount phrases of real German, Spanish, Russian, Portuguese, Italian, French and Chinese
 * recordings are recognised too ({@link ChkdskPhrases}); the handler's verdict rests on chkdsk's
 * exit code first, so they only add details.
 *
 * <p>Flags never contradict each other: corrections ("made corrections", "replaced bad clusters",
 * and their translations) win over a closing "found no problems".
 */
public final class ChkdskOutputParser {
  /** Longer lines are cut before matching: nothing chkdsk prints is this long. */
  static final int MAX_LINE = 4_000;

  private static final int CI = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

  private static final Pattern FOUND_NO_PROBLEMS =
      Pattern.compile("found no problems|No further action is required", CI);
  private static final Pattern ERRORS_FOUND =
      Pattern.compile(
          "Windows found errors|(?<!no )Errors found|CHKDSK cannot continue|found problems"
              + "|Run CHKDSK with the /F|Please run chkdsk /scan",
          CI);
  private static final Pattern VOLUME_IN_USE =
      Pattern.compile(
          "volume is in use by another process|cannot lock|cannot run because[^.]{0,80}in use", CI);
  private static final Pattern LOCK_FAILED =
      Pattern.compile("cannot lock|cannot run because[^.]{0,80}in use", CI);
  private static final Pattern PROMPTED =
      Pattern.compile("Would you like to (schedule|force a dismount)", CI);
  private static final Pattern SCHEDULED =
      Pattern.compile("will be checked the next time the system restarts", CI);
  private static final Pattern DISMOUNTED = Pattern.compile("Volume dismounted", CI);
  private static final Pattern MADE_CORRECTIONS =
      Pattern.compile("made corrections to the file system", CI);
  private static final Pattern ACCESS_DENIED =
      Pattern.compile("Access (is )?denied|insufficient privileges", CI);
  private static final Pattern INVALID_DRIVE =
      Pattern.compile("cannot find the drive specified|invalid drive", CI);
  private static final Pattern FS_TYPE =
      Pattern.compile("The type of the file system is (\\w+)", CI);

  /**
   * The file system's name is among chkdsk's first lines ("Der Typ des Dateisystems ist NTFS.").
   */
  private static final int FS_LINES = 8;

  private ChkdskOutputParser() {}

  /** Parses a whole output (stdout and stderr together). Null lines and a null list are skipped. */
  public static ChkdskOutput parse(List<String> lines) {
    try {
      return parseUnsafe(lines == null ? List.of() : lines);
    } catch (RuntimeException e) {
      return ChkdskOutput.empty();
    }
  }

  private static ChkdskOutput parseUnsafe(List<String> lines) {
    List<String> clipped = new ArrayList<>(lines.size());
    StringBuilder flat = new StringBuilder();
    for (String line : lines) {
      if (line == null) {
        continue;
      }
      String s = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) : line;
      clipped.add(s);
      String t = s.strip();
      if (!t.isEmpty()) {
        flat.append(t).append(' ');
      }
    }
    String text = flat.toString();
    Matcher prompt = PROMPTED.matcher(text);
    boolean prompted = false;
    boolean schedulePrompt = false;
    boolean dismountPrompt = false;
    while (prompt.find()) {
      prompted = true;
      if (prompt.group(1).toLowerCase(Locale.ROOT).startsWith("schedule")) {
        schedulePrompt = true;
      } else {
        dismountPrompt = true;
      }
    }
    prompted |= ChkdskPhrases.ANY_PROMPT.matcher(text).find();
    String fsType = filesystem(text, clipped);
    Double duration = duration(text);
    ChkdskSummary summary = ChkdskSummaryReader.read(clipped, fsType);
    boolean corrected =
        MADE_CORRECTIONS.matcher(text).find()
            || ChkdskPhrases.CORRECTED.matcher(text).find()
            || ChkdskPhrases.BAD_CLUSTERS_REPLACED.matcher(text).find();
    boolean noProblems =
        (FOUND_NO_PROBLEMS.matcher(text).find() || ChkdskPhrases.NO_PROBLEMS.matcher(text).find())
            && !corrected;
    boolean lockFailed =
        LOCK_FAILED.matcher(text).find() || ChkdskPhrases.LOCK_FAILED.matcher(text).find();
    return new ChkdskOutput(
        noProblems,
        ERRORS_FOUND.matcher(text).find(),
        lockFailed
            || VOLUME_IN_USE.matcher(text).find()
            || ChkdskPhrases.IN_USE.matcher(text).find(),
        lockFailed,
        prompted,
        schedulePrompt,
        dismountPrompt,
        SCHEDULED.matcher(text).find(),
        DISMOUNTED.matcher(text).find() || ChkdskPhrases.DISMOUNTED.matcher(text).find(),
        corrected,
        ACCESS_DENIED.matcher(text).find() || ChkdskPhrases.ACCESS_DENIED.matcher(text).find(),
        INVALID_DRIVE.matcher(text).find(),
        fsType,
        summary.totalKb(),
        summary.filesKb(),
        summary.indexesKb(),
        summary.badSectorsKb(),
        summary.systemKb(),
        summary.availableKb(),
        duration);
  }

  /** The English sentence's name, else the first file system name among the first lines. */
  private static String filesystem(String text, List<String> lines) {
    Matcher fs = FS_TYPE.matcher(text);
    if (fs.find()) {
      return fs.group(1).toUpperCase(Locale.ROOT);
    }
    int seen = 0;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      Matcher m = ChkdskPhrases.FS_NAME.matcher(line);
      if (m.find()) {
        return m.group(1).equals("exFAT") ? "EXFAT" : m.group(1);
      }
      if (++seen >= FS_LINES) {
        break;
      }
    }
    return null;
  }

  /** chkdsk's "Total duration: … (N ms)." in any language: the last "(N ms)". */
  private static Double duration(String text) {
    Matcher m = ChkdskPhrases.TOTAL_MS.matcher(text);
    Double found = null;
    while (m.find()) {
      OptionalLong ms = LocalNumbers.integer(m.group(1));
      if (ms.isPresent()) {
        found = ms.getAsLong() / 1000.0;
      }
    }
    return found;
  }
}
