package io.autoservice.agent.tasks.bleachbit;

import io.autoservice.agent.tasks.support.LocalNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code bleachbit_console.exe} / {@code bleachbit} printed into a {@link
 * BleachBitOutput}. Pure: no I/O, and it never throws, whatever the input.
 *
 * <p>BleachBit ends a preview or a clean with a summary (its {@code Worker.py}):
 *
 * <pre>
 * Disk space recovered: 3.1MB        (preview: "Disk space to be recovered: …")
 * Files deleted: 3                   (preview: "Files to be deleted: …")
 * Special operations: 1              (only when not 0)
 * Errors: 1                          (only when not 0)
 * </pre>
 *
 * <p>The labels are translated ("Spazio su disco recuperato: 3.1MB", "預計刪除檔案：3"), so the summary is
 * found by its <b>structure</b>: the last {@code label: size} line directly followed (blank lines
 * aside) by a {@code label: count} line; up to two more {@code label: count} lines follow, each
 * with a known label or a bare number (not the GUI log's {@code elapsed time: 7 seconds}). Two of
 * them are special operations then errors; a single one is told apart by its label (English or one
 * of BleachBit's translations, {@link BleachBitLabels}) — an unknown label leaves both counts
 * unknown and is reported in {@link BleachBitOutput#unclearLine()}. Outputs cut before the
 * summary's second line are read with the English labels line by line.
 *
 * <p>Sizes: BleachBit prints SI units by default ({@code kB MB GB TB PB}, ×1000ⁿ — the original
 * runner's ×1024 overstated every size by 2.4–10 %) or, with its "IEC units" preference, binary
 * ones ({@code KiB MiB GiB TiB PiB}, ×1024ⁿ); {@code B} or no unit (BleachBit 1.x printed a bare
 * {@code 0}) is bytes. BleachBit has no third mode, so an upper-case {@code KB} is read as the SI
 * {@code kB}. Numbers are formatted with the PC's locale and read with {@link LocalNumbers}: {@code
 * 1,5GB} is 1.5 GB, a count {@code 1 204} or {@code 1.204} is 1204. A minus sign is kept (a vacuum
 * can grow a database); "A lot." (≥ 1000 PB) gives no size.
 *
 * <p>Usage errors are recognised too: {@code not a valid cleaner: <arg>}, {@code No work to do.
 * Specify options.} and the traceback of an unknown cleaner id ({@code KeyError: 'foo'}).
 */
public final class BleachBitOutputParser {
  /** Longer lines are cut before matching: nothing in a summary is this long. */
  static final int MAX_LINE = 2_000;

  private static final Pattern LABEL_VALUE =
      Pattern.compile("^\\s*([^:：]{1,80}?)\\s*[:：]\\s*(\\S.*?)\\s*$");
  private static final Pattern LETTER = Pattern.compile("\\p{L}");
  private static final Pattern SIZE =
      Pattern.compile("^(-?)(" + LocalNumbers.PATTERN + ")\\s?(B|[kKMGTP]i?B)?$");
  private static final Pattern COUNT =
      Pattern.compile("^(" + LocalNumbers.PATTERN + ")(?:\\s+\\D.*)?$");
  private static final String N = "(" + LocalNumbers.PATTERN + ")";
  private static final Pattern BARE_COUNT = Pattern.compile("^" + N + "$");

  private static final Pattern EN_SPACE =
      Pattern.compile("^\\s*Disk space (?:to be )?recovered:\\s*(.*?)\\s*$");
  private static final Pattern EN_FILES =
      Pattern.compile("^\\s*Files (?:to be )?deleted:\\s*" + N + "\\s*$");
  private static final Pattern EN_SPECIAL =
      Pattern.compile("^\\s*Special operations:\\s*" + N + "\\s*$");
  private static final Pattern EN_ERRORS = Pattern.compile("^\\s*Errors:\\s*" + N + "\\s*$");

  private static final Pattern NOT_VALID = Pattern.compile("not a valid cleaner:\\s*(.*?)\\s*$");
  private static final Pattern NO_WORK = Pattern.compile("No work to do\\. Specify options\\.");
  private static final Pattern KEY_ERROR = Pattern.compile("^\\s*KeyError: '([^']{1,200})'\\s*$");

  private BleachBitOutputParser() {}

  /** Parses a whole output (stdout, then stderr). Null lines and a null list are skipped. */
  public static BleachBitOutput parse(List<String> lines) {
    List<String> ls = new ArrayList<>();
    if (lines != null) {
      for (String l : lines) {
        if (l != null) {
          ls.add(l.length() > MAX_LINE ? l.substring(0, MAX_LINE) : l);
        }
      }
    }
    try {
      return read(ls);
    } catch (RuntimeException e) {
      return new BleachBitOutput(
          null, null, null, null, null, false, false, null, List.of(), false, null);
    }
  }

  /**
   * A BleachBit size in bytes ({@code 3.1MB} → 3 100 000, {@code 2.9MiB} → 3 040 870, {@code 0B} /
   * {@code 0} → 0), or null if {@code text} is not one. Never throws.
   */
  public static Long bytes(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      return null;
    }
    // A lone mark is a decimal: BleachBit never prints more than three digits before its unit.
    OptionalDouble read = LocalNumbers.decimal(m.group(2));
    if (read.isEmpty()) {
      return null;
    }
    double value = read.getAsDouble();
    String unit = m.group(3);
    double factor = 1;
    if (unit != null && unit.length() > 1) {
      int power = "KMGTP".indexOf(Character.toUpperCase(unit.charAt(0))) + 1;
      double base = unit.contains("i") ? 1024 : 1000;
      factor = Math.pow(base, power);
    }
    long b = Math.round(value * factor);
    return m.group(1).isEmpty() ? b : -b;
  }

  private static BleachBitOutput read(List<String> ls) {
    List<String> invalid = new ArrayList<>();
    boolean noWork = false;
    String missing = null;
    for (String l : ls) {
      Matcher nv = NOT_VALID.matcher(l);
      if (nv.find()) {
        invalid.add(nv.group(1));
      }
      noWork |= NO_WORK.matcher(l).find();
      Matcher ke = KEY_ERROR.matcher(l);
      if (ke.matches()) {
        missing = ke.group(1);
      }
    }

    // The summary block, by structure: the last "label: size" followed by "label: count".
    int sizeAt = -1;
    int filesAt = -1;
    for (int i = 0; i < ls.size(); i++) {
      String[] lv = labelValue(ls.get(i));
      if (lv == null || bytes(lv[1]) == null) {
        continue;
      }
      int j = nextNonBlank(ls, i + 1);
      if (j >= 0 && count(ls.get(j)) != null) {
        sizeAt = i;
        filesAt = j;
        // The block's own count lines ("Files deleted: 3" reads as a size of 3 bytes) start
        // nothing.
        int end = j;
        for (int k = 0, n = nextNonBlank(ls, j + 1);
            k < 2 && n >= 0 && summaryExtra(ls.get(n));
            k++, n = nextNonBlank(ls, n + 1)) {
          end = n;
        }
        i = end;
      }
    }
    if (sizeAt >= 0) {
      String[] size = labelValue(ls.get(sizeAt));
      List<String[]> extras = new ArrayList<>();
      for (int k = nextNonBlank(ls, filesAt + 1);
          k >= 0 && extras.size() < 2;
          k = nextNonBlank(ls, k + 1)) {
        String[] lv = labelValue(ls.get(k));
        if (!summaryExtra(ls.get(k))) {
          break;
        }
        extras.add(new String[] {lv[0], lv[1], ls.get(k).strip()});
      }
      Integer special = 0;
      Integer errors = 0;
      String unclear = null;
      if (extras.size() == 2) {
        String first = BleachBitLabels.classify(extras.get(0)[0]);
        boolean swapped = "errors".equals(first);
        special = leadingInt(extras.get(swapped ? 1 : 0)[1]);
        errors = leadingInt(extras.get(swapped ? 0 : 1)[1]);
      } else if (extras.size() == 1) {
        String kind = BleachBitLabels.classify(extras.get(0)[0]);
        Integer n = leadingInt(extras.get(0)[1]);
        if ("errors".equals(kind)) {
          errors = n;
        } else if ("special".equals(kind)) {
          special = n;
        } else {
          special = null;
          errors = null;
          unclear = extras.get(0)[2];
        }
      }
      boolean english = EN_SPACE.matcher(ls.get(sizeAt)).matches();
      return new BleachBitOutput(
          bytes(size[1]),
          size[1],
          count(ls.get(filesAt)),
          special,
          errors,
          true,
          !english,
          unclear,
          invalid,
          noWork,
          missing);
    }

    // No block: an output cut short, read line by line with the English labels.
    Long space = null;
    String spaceText = null;
    Integer files = null;
    Integer special = null;
    Integer errors = null;
    for (String l : ls) {
      Matcher m;
      if ((m = EN_SPACE.matcher(l)).matches()) {
        spaceText = m.group(1);
        space = bytes(spaceText);
      } else if ((m = EN_FILES.matcher(l)).matches()) {
        files = leadingInt(m.group(1));
      } else if ((m = EN_SPECIAL.matcher(l)).matches()) {
        special = leadingInt(m.group(1));
      } else if ((m = EN_ERRORS.matcher(l)).matches()) {
        errors = leadingInt(m.group(1));
      }
    }
    boolean found = space != null && files != null;
    if (found) {
      special = special == null ? 0 : special;
      errors = errors == null ? 0 : errors;
    }
    return new BleachBitOutput(
        space, spaceText, files, special, errors, found, false, null, invalid, noWork, missing);
  }

  /**
   * {@code [label, value]} of a {@code label: value} line whose label holds a letter, else null.
   */
  private static String[] labelValue(String line) {
    Matcher m = LABEL_VALUE.matcher(line);
    if (!m.matches() || !LETTER.matcher(m.group(1)).find()) {
      return null;
    }
    return new String[] {m.group(1), m.group(2)};
  }

  /** The count of a {@code label: 12} line ({@code 錯誤：1 項錯誤} too), else null. */
  private static Integer count(String line) {
    String[] lv = labelValue(line);
    if (lv == null || !COUNT.matcher(lv[1]).matches()) {
      return null;
    }
    return leadingInt(lv[1]);
  }

  /**
   * Whether a count line after the file count is one of the summary's own ("Special operations",
   * "Errors"): its label is BleachBit's in some language, or, in a language not known, its value is
   * a bare number. The GUI log's {@code elapsed time: 7 seconds} (bleachbit#1401) and a stderr line
   * such as {@code Warning: 2 files were in use} are neither, so they end the summary.
   */
  private static boolean summaryExtra(String line) {
    String[] lv = labelValue(line);
    if (lv == null || count(line) == null) {
      return false;
    }
    return BleachBitLabels.classify(lv[0]) != null || BARE_COUNT.matcher(lv[1]).matches();
  }

  private static Integer leadingInt(String value) {
    Matcher m = COUNT.matcher(value);
    if (!m.matches()) {
      return null;
    }
    OptionalLong n = LocalNumbers.integer(m.group(1));
    return n.isPresent() && n.getAsLong() <= Integer.MAX_VALUE ? (int) n.getAsLong() : null;
  }

  private static int nextNonBlank(List<String> ls, int from) {
    for (int i = from; i < ls.size(); i++) {
      if (!ls.get(i).isBlank()) {
        return i;
      }
    }
    return -1;
  }

  /** {@code 3.1MB} as {@code 3.1 MB} for people. */
  static String human(String printed) {
    if (printed == null) {
      return null;
    }
    Matcher m = SIZE.matcher(printed.strip());
    if (!m.matches() || m.group(3) == null) {
      return printed.strip() + (m.matches() ? " B" : "");
    }
    return m.group(1)
        + m.group(2)
        + " "
        + m.group(3).toUpperCase(Locale.ROOT).replace("IB", "iB").replace("KB", "kB");
  }
}
