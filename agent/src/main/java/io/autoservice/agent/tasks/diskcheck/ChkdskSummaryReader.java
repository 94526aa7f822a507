package io.autoservice.agent.tasks.diskcheck;

import io.autoservice.agent.tasks.support.LocalNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads chkdsk's size summary by its structure, not its words, so it works in every display
 * language ({@code 116655103 KB total disk space.}, {@code 20482843 KB Speicherplatz auf dem
 * Datenträger insgesamt}, {@code 244196351 КБ всего на диске.}, {@code 58,662,912 bytes total disk
 * space.}). Numbers are read with {@link LocalNumbers}, so any digit grouping works.
 *
 * <p>The summary starts with a line whose first number is a size in a size unit (KB, Ko, КБ, MB,
 * bytes, octets, Bytes, байт, 字节 …), not preceded by another such line, and followed by a line
 * holding a size in the same unit (the "in N files" line, count first in Chinese: "79964 个文件中有
 * 26412124 KB。"; or FAT's bad sectors); if the output was cut right after it, the total alone. It
 * runs on over every following line holding one or two numbers. In it, in chkdsk's fixed order:
 *
 * <ul>
 *   <li>NTFS: total, files, indexes, bad sectors, in use by the system, [log file], available — all
 *       in the total's unit (the Spanish log line "El archivo de registro ha ocupado 65536
 *       kilobytes." puts its number last, still in a KB-family unit) — then the allocation unit in
 *       bytes and the counts of all and of available allocation units (the Russian lines put their
 *       count last: "Всего единиц распределения на диске: 61049087.");
 *   <li>FAT: total, then lines "in N hidden files / folders / files" (two numbers, files last) and,
 *       only when there are any, bad sectors (one number; chkdsk's message table lists it right
 *       after the total), then available and the allocation unit — all in bytes — then the two
 *       counts.
 * </ul>
 *
 * A summary not followed by its allocation-unit counts was cut off: its last line may be cut
 * mid-number, so it is not read (unless it is the total), and "available" is only read where its
 * position is certain.
 */
final class ChkdskSummaryReader {
  private enum Unit {
    KB,
    MB,
    GB,
    BYTES
  }

  private static final Map<String, Unit> UNITS = units();
  private static final Pattern FIRST_SIZE =
      Pattern.compile(
          "(?<![\\d.,])(" + LocalNumbers.PATTERN + ")(?!\\d)(?:\\s*:?\\s*([\\p{L}\\p{M}]+))?");
  private static final int MAX_SUMMARY_LINE = 200;

  private ChkdskSummaryReader() {}

  /**
   * One non-blank line.
   *
   * @param unit the size unit of its first number followed by one, or null
   * @param leading that sized number is the line's first number
   * @param first the sized number, else the first number
   */
  private record Row(String text, List<String> numbers, Unit unit, boolean leading, String first) {}

  static ChkdskSummary read(List<String> lines, String filesystemType) {
    List<Row> rows = new ArrayList<>();
    for (String line : lines) {
      if (line != null && !line.isBlank()) {
        rows.add(row(line.strip()));
      }
    }
    int start = -1;
    for (int i = 0; i < rows.size(); i++) {
      if (isTotal(rows, i)) {
        start = i;
      }
    }
    if (start < 0) {
      return ChkdskSummary.none();
    }
    List<Row> block = new ArrayList<>();
    for (int i = start; i < rows.size(); i++) {
      Row r = rows.get(i);
      int n = r.numbers().size();
      if (n < 1 || n > 2 || r.text().length() > MAX_SUMMARY_LINE) {
        break;
      }
      block.add(r);
    }
    return interpret(block, filesystemType);
  }

  private static boolean isTotal(List<Row> rows, int i) {
    Row r = rows.get(i);
    if (!r.leading() || r.unit() == null || r.numbers().size() != 1) {
      return false;
    }
    if (i > 0 && rows.get(i - 1).unit() == r.unit()) {
      return false; // inside a summary ("0 KB in bad sectors."), not its first line
    }
    if (i == rows.size() - 1) {
      // cut right after the total; a lone "N bytes …" at the end is more likely a progress line
      return r.unit() != Unit.BYTES;
    }
    Row next = rows.get(i + 1);
    return next.unit() == r.unit() && next.numbers().size() <= 2; // files, or FAT's bad sectors
  }

  private static ChkdskSummary interpret(List<Row> block, String fs) {
    Unit unit = block.get(0).unit();
    List<Row> sizes = new ArrayList<>();
    int at = 0;
    while (at < block.size() && block.get(at).unit() == unit) {
      sizes.add(block.get(at));
      at++;
    }
    List<Row> rest = block.subList(at, block.size());
    boolean complete = !rest.isEmpty();
    Row allocation = null;
    List<Row> counts = rest;
    if (unit == Unit.BYTES) {
      if (complete && sizes.size() >= 2) {
        allocation = sizes.remove(sizes.size() - 1);
      } else {
        complete = false;
      }
    } else if (complete && rest.get(0).unit() == Unit.BYTES) {
      allocation = rest.get(0);
      counts = rest.subList(1, rest.size());
    }
    if (!complete && sizes.size() > 1) {
      sizes.remove(sizes.size() - 1);
    }
    boolean ntfs = fs != null ? fs.equalsIgnoreCase("NTFS") : unit != Unit.BYTES;
    Long total = kb(sizes, 0, unit);
    Long files = null;
    Long indexes = null;
    Long bad = null;
    Long system = null;
    Long log = null;
    Long available = null;
    if (ntfs) {
      files = kb(sizes, 1, unit);
      indexes = kb(sizes, 2, unit);
      bad = kb(sizes, 3, unit);
      system = kb(sizes, 4, unit);
      if (complete && sizes.size() >= 6) {
        available = kb(sizes, sizes.size() - 1, unit);
        log = sizes.size() >= 7 ? kb(sizes, 5, unit) : null;
      } else if (!complete && sizes.size() >= 7) {
        log = kb(sizes, 5, unit);
        available = kb(sizes, 6, unit);
      }
    } else if (complete && sizes.size() >= 2) {
      int last = sizes.size() - 1;
      available = kb(sizes, last, unit);
      for (int i = 1; i < last; i++) {
        if (sizes.get(i).numbers().size() == 2) {
          files = kb(sizes, i, unit); // the last "in N …" line: hidden files and folders come first
        } else if (bad == null) {
          bad = kb(sizes, i, unit); // the only one-number line between total and available
        }
      }
    }
    Long allocBytes = allocation == null ? null : whole(allocation.first());
    Long allUnits =
        counts.size() >= 1 && allocation != null ? whole(counts.get(0).numbers().get(0)) : null;
    Long freeUnits =
        counts.size() >= 2 && allocation != null ? whole(counts.get(1).numbers().get(0)) : null;
    return new ChkdskSummary(
        total,
        files,
        indexes,
        bad,
        system,
        log,
        available,
        allocBytes,
        allUnits,
        freeUnits,
        complete);
  }

  private static Row row(String text) {
    List<String> numbers = LocalNumbers.tokens(text);
    Matcher m = FIRST_SIZE.matcher(text);
    boolean first = true;
    while (m.find()) {
      Unit unit = m.group(2) == null ? null : UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
      if (unit != null) {
        // The Chinese summary puts the count first: "79964 个文件中有   26412124 KB。"
        return new Row(text, numbers, unit, first, m.group(1));
      }
      first = false;
    }
    return new Row(text, numbers, null, false, numbers.isEmpty() ? null : numbers.get(0));
  }

  private static Long kb(List<Row> sizes, int i, Unit unit) {
    if (i >= sizes.size()) {
      return null;
    }
    Long n = whole(sizes.get(i).first());
    if (n == null) {
      return null;
    }
    try {
      return switch (unit) {
        case KB -> n;
        case MB -> Math.multiplyExact(n, 1024L);
        case GB -> Math.multiplyExact(n, 1024L * 1024L);
        case BYTES -> Math.round(n / 1024.0);
      };
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static Long whole(String token) {
    OptionalLong v = token == null ? OptionalLong.empty() : LocalNumbers.integer(token);
    return v.isPresent() ? v.getAsLong() : null;
  }

  /** Unit words chkdsk uses, lower case; the summary's own unit is whatever its total uses. */
  private static Map<String, Unit> units() {
    Map<String, Unit> m = new java.util.HashMap<>();
    for (String k :
        List.of(
            "kb",
            "ko",
            "kib",
            "kbytes",
            "kilobytes",
            "kilobyte",
            "кб",
            "кбайт",
            "килобайт",
            "килобайтов",
            "kt")) {
      m.put(k, Unit.KB);
    }
    for (String k : List.of("mb", "mo", "mib", "mbytes", "megabytes", "мб", "мбайт")) {
      m.put(k, Unit.MB);
    }
    for (String k : List.of("gb", "go", "gib", "гб")) {
      m.put(k, Unit.GB);
    }
    for (String k :
        List.of(
            "bytes", "byte", "octets", "octet", "bajtów", "bajty", "bajt", "bytů", "байт", "байта",
            "байтов", "バイト", "字节", "位元組", "tavua")) {
      m.put(k, Unit.BYTES);
    }
    return Map.copyOf(m);
  }
}
