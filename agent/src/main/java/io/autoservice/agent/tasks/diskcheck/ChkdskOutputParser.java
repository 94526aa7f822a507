package io.autoservice.agent.tasks.diskcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads chkdsk's console output into a {@link ChkdskOutput}. Pure: no I/O, and it never throws,
 * whatever the input.
 *
 * <p>The verdict phrases are the original runner's regexes (runner-spec §3.8, all
 * case-insensitive), matched against the output with its line breaks turned into spaces, because
 * chkdsk hard-wraps its messages ("…in use by another⏎process."). Additions, each seen in a real
 * recording: the read-only verdicts "Windows has checked the file system and found problems." (Win10
 * 1809) and "Windows found problems with the file system." (Win7) count as errors found (the
 * runner's regex missed both and could report such a disk as healthy); the lock failure, the kind of
 * prompt, "Volume dismounted." and the "will be checked the next time the system restarts"
 * confirmation are told apart.
 *
 * <p>The size summary is read per line, in KB as the runner did ({@code 116655103 KB total disk
 * space.}), and also in MB, which Windows 10 prints for large volumes ({@code 5723035 MB total disk
 * space.}), and in bytes with comma grouping, which it prints for FAT volumes ({@code 58,662,912
 * bytes total disk space.}); MB and bytes are converted to KB (1 KB = 1024 bytes). A summary cut
 * off mid-word ({@code 5723035 MB total disk spa}) still gives the total. Only English wording is
 * recognised: a translated chkdsk gives no verdict, which the handler reports as a warning.
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
  private static final Pattern DURATION =
      Pattern.compile("Total duration:\\s*[^()]{0,80}\\((\\d{1,15})\\s*ms\\)", CI);

  /** A size: plain digits, or digits grouped with commas (FAT's bytes). */
  private static final String SIZE = "^\\s*(\\d{1,3}(?:,\\d{3}){1,6}|\\d{1,18})\\s*(KB|MB|GB|bytes)\\s+";

  private static final Pattern TOTAL = Pattern.compile(SIZE + "total disk\\b", CI);
  private static final Pattern IN_FILES =
      Pattern.compile(SIZE + "in\\s+[\\d,]+\\s+files\\b", CI);
  private static final Pattern IN_INDEXES =
      Pattern.compile(SIZE + "in\\s+[\\d,]+\\s+indexes\\b", CI);
  private static final Pattern BAD_SECTORS = Pattern.compile(SIZE + "in bad sectors\\b", CI);
  private static final Pattern SYSTEM_USE = Pattern.compile(SIZE + "in use by the system\\b", CI);
  private static final Pattern AVAILABLE = Pattern.compile(SIZE + "available on disk\\b", CI);

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
    Matcher fs = FS_TYPE.matcher(text);
    String fsType = fs.find() ? fs.group(1).toUpperCase(Locale.ROOT) : null;
    Matcher dur = DURATION.matcher(text);
    Double duration = dur.find() ? Long.parseLong(dur.group(1)) / 1000.0 : null;
    return new ChkdskOutput(
        FOUND_NO_PROBLEMS.matcher(text).find(),
        ERRORS_FOUND.matcher(text).find(),
        VOLUME_IN_USE.matcher(text).find(),
        LOCK_FAILED.matcher(text).find(),
        prompted,
        schedulePrompt,
        dismountPrompt,
        SCHEDULED.matcher(text).find(),
        DISMOUNTED.matcher(text).find(),
        MADE_CORRECTIONS.matcher(text).find(),
        ACCESS_DENIED.matcher(text).find(),
        INVALID_DRIVE.matcher(text).find(),
        fsType,
        sizeKb(clipped, TOTAL),
        sizeKb(clipped, IN_FILES),
        sizeKb(clipped, IN_INDEXES),
        sizeKb(clipped, BAD_SECTORS),
        sizeKb(clipped, SYSTEM_USE),
        sizeKb(clipped, AVAILABLE),
        duration);
  }

  /** The last line matching {@code p}, converted to KB; null if none. */
  private static Long sizeKb(List<String> lines, Pattern p) {
    Long found = null;
    for (String line : lines) {
      Matcher m = p.matcher(line);
      if (m.find()) {
        Long kb = toKb(m.group(1), m.group(2));
        if (kb != null) {
          found = kb;
        }
      }
    }
    return found;
  }

  /** {@code 58,662,912} bytes → 57288; MB × 1024; GB × 1024²; null on overflow. */
  static Long toKb(String number, String unit) {
    try {
      long n = Long.parseLong(number.replace(",", ""));
      return switch (unit.toUpperCase(Locale.ROOT)) {
        case "KB" -> n;
        case "MB" -> Math.multiplyExact(n, 1024L);
        case "GB" -> Math.multiplyExact(n, 1024L * 1024L);
        default -> Math.round(n / 1024.0);
      };
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
  }
}
