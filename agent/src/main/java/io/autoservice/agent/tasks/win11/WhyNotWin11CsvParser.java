package io.autoservice.agent.tasks.win11;

import io.autoservice.agent.tasks.support.LocalNumbers;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the CSV file that {@code WhyNotWin11 /export CSV <file>} writes. Pure: no I/O, and it never
 * throws, whatever the bytes.
 *
 * <p>WhyNotWin11 (2.4 and later) writes a header {@code Hostname,Architecture,Boot Method,…,TPM
 * Version} and one row per run, values being AutoIt's {@code True}/{@code False} or a number
 * (builds 2.4.x wrote {@code 2} and {@code -1} for some checks). If the file already exists it
 * <em>appends</em> a row without a header — which is why the original runner, which created the
 * file empty beforehand, had to accept files without one. So:
 *
 * <ul>
 *   <li><b>Encoding</b>: a UTF-8 BOM → UTF-8; an FF FE / FE FF BOM, or NUL bytes → UTF-16 (LE or BE
 *       by where the NULs are); valid UTF-8 → UTF-8; anything else → windows-1252 (the original's
 *       utf-8-sig / utf-8 / utf-16 / cp1252 order).
 *   <li><b>Rows</b>: comma-separated (tab-separated if the first line has tabs and no comma),
 *       quotes as in RFC 4180, blank lines skipped. The first row is a header if its first cell is
 *       {@code Hostname} or it names two of the known columns; without one the default column order
 *       {@link #DEFAULT_COLUMNS} is used. Of several data rows (a file appended to), the last is
 *       the result; rows repeating the header are skipped.
 *   <li><b>Values</b>: {@code true/yes/1} pass, {@code false/no/0} fail (any case); another integer
 *       passes if it is 1 or more (WhyNotWin11's own rule); anything else in a known check column
 *       is unknown ({@code null}). Columns beyond the known ones whose values are not yes/no are
 *       extras (WhyNotWin11's {@code /extras}), not checks.
 * </ul>
 */
public final class WhyNotWin11CsvParser {
  /** WhyNotWin11's columns, in the order it writes them. */
  public static final List<String> DEFAULT_COLUMNS =
      List.of(
          "Hostname",
          "Architecture",
          "Boot Method",
          "CPU Compatibility",
          "CPU Core Count",
          "CPU Frequency",
          "DirectX + WDDM2",
          "Disk Partition Type",
          "RAM Installed",
          "Secure Boot",
          "Storage Available",
          "TPM Version");

  private WhyNotWin11CsvParser() {}

  /**
   * What the file says.
   *
   * @param encoding how it was decoded: {@code utf-8-sig}, {@code utf-8}, {@code utf-16le}, {@code
   *     utf-16be} or {@code cp1252}
   * @param header the header row as written, or empty if the file has none
   * @param row the result row as written (the last data row), or empty if there is none
   * @param hostname the {@code Hostname} cell, or null if blank or absent
   * @param checks every check column with its value (null = unknown), in file order
   * @param extras other columns that are not checks
   * @param dataRows how many data rows the file holds
   */
  public record Parsed(
      String encoding,
      List<String> header,
      List<String> row,
      String hostname,
      Map<String, Boolean> checks,
      Map<String, String> extras,
      int dataRows) {

    public boolean hasResult() {
      return !row.isEmpty();
    }

    public List<String> failing() {
      return names(Boolean.FALSE);
    }

    public List<String> passing() {
      return names(Boolean.TRUE);
    }

    public List<String> unknown() {
      return names(null);
    }

    /** Ready: a result with at least one check, none failing and none unknown. */
    public boolean ready() {
      return hasResult() && !checks.isEmpty() && failing().isEmpty() && unknown().isEmpty();
    }

    private List<String> names(Boolean value) {
      List<String> out = new ArrayList<>();
      checks.forEach(
          (k, v) -> {
            if (value == null ? v == null : value.equals(v)) {
              out.add(k);
            }
          });
      return out;
    }
  }

  /** Reads a whole file's bytes. */
  public static Parsed parse(byte[] bytes) {
    byte[] b = bytes == null ? new byte[0] : bytes;
    String[] decoded = decode(b);
    List<List<String>> rows = rows(decoded[0]);
    List<String> header = List.of();
    if (!rows.isEmpty() && isHeader(rows.get(0))) {
      header = rows.remove(0);
    }
    List<List<String>> data = new ArrayList<>();
    for (List<String> r : rows) {
      if (!isHeader(r)) {
        data.add(r);
      }
    }
    if (data.isEmpty()) {
      return new Parsed(decoded[1], header, List.of(), null, Map.of(), Map.of(), 0);
    }
    List<String> row = data.get(data.size() - 1);
    List<String> names = header.isEmpty() ? DEFAULT_COLUMNS : header;
    String hostname = null;
    Map<String, Boolean> checks = new LinkedHashMap<>();
    Map<String, String> extras = new LinkedHashMap<>();
    for (int i = 0; i < row.size(); i++) {
      String name =
          i < names.size() && !names.get(i).isBlank() ? names.get(i) : "Column " + (i + 1);
      String value = row.get(i);
      if (name.equalsIgnoreCase("Hostname")) {
        hostname = value.isBlank() ? null : value;
        continue;
      }
      Optional<Boolean> v = value(value);
      if (v.isPresent() || isKnownColumn(name)) {
        checks.put(name, v.orElse(null));
      } else {
        extras.put(name, value);
      }
    }
    return new Parsed(decoded[1], header, row, hostname, checks, extras, data.size());
  }

  /** A cell as pass/fail: true/yes/1, false/no/0, or another integer (≥ 1 passes). */
  public static Optional<Boolean> value(String cell) {
    String s = cell == null ? "" : cell.strip().toLowerCase(Locale.ROOT);
    switch (s) {
      case "true", "yes", "1":
        return Optional.of(true);
      case "false", "no", "0":
        return Optional.of(false);
      default:
        OptionalLong n = LocalNumbers.integer(s);
        return n.isPresent() ? Optional.of(n.getAsLong() >= 1) : Optional.empty();
    }
  }

  /** {@code [text, encoding name]}. */
  static String[] decode(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
      return new String[] {new String(b, 3, b.length - 3, StandardCharsets.UTF_8), "utf-8-sig"};
    }
    if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
      return new String[] {new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE), "utf-16le"};
    }
    if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
      return new String[] {new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE), "utf-16be"};
    }
    int evenNul = 0;
    int oddNul = 0;
    for (int i = 0; i < b.length; i++) {
      if (b[i] == 0) {
        if (i % 2 == 0) {
          evenNul++;
        } else {
          oddNul++;
        }
      }
    }
    if (evenNul + oddNul > 0) {
      return oddNul >= evenNul
          ? new String[] {new String(b, StandardCharsets.UTF_16LE), "utf-16le"}
          : new String[] {new String(b, StandardCharsets.UTF_16BE), "utf-16be"};
    }
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(b))
              .toString();
      return new String[] {s, "utf-8"};
    } catch (CharacterCodingException e) {
      return new String[] {new String(b, Charset.forName("windows-1252")), "cp1252"};
    }
  }

  /** The non-blank rows of a CSV (or TSV) text, cells trimmed. */
  static List<List<String>> rows(String text) {
    String t = text.replace("\uFEFF", "");
    int firstEnd = t.indexOf('\n');
    String first = firstEnd < 0 ? t : t.substring(0, firstEnd);
    char sep = first.indexOf(',') < 0 && first.indexOf('\t') >= 0 ? '\t' : ',';
    List<List<String>> out = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < t.length() && t.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"' && cell.toString().isBlank() && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
        cell.setLength(0);
      } else if (c == sep) {
        row.add(cell.toString().strip());
        cell.setLength(0);
        wasQuoted = false;
      } else if (c == '\n' || c == '\r') {
        row.add(cell.toString().strip());
        cell.setLength(0);
        wasQuoted = false;
        addRow(out, row);
        row = new ArrayList<>();
        if (c == '\r' && i + 1 < t.length() && t.charAt(i + 1) == '\n') {
          i++;
        }
      } else {
        cell.append(c);
      }
    }
    row.add(cell.toString().strip());
    addRow(out, row);
    return out;
  }

  private static void addRow(List<List<String>> out, List<String> row) {
    if (row.stream().anyMatch(s -> !s.isEmpty())) {
      out.add(row);
    }
  }

  private static boolean isHeader(List<String> row) {
    if (row.isEmpty()) {
      return false;
    }
    if (row.get(0).equalsIgnoreCase("Hostname")) {
      return true;
    }
    return row.stream().filter(WhyNotWin11CsvParser::isKnownColumn).count() >= 2;
  }

  private static boolean isKnownColumn(String name) {
    for (String c : DEFAULT_COLUMNS) {
      if (c.equalsIgnoreCase(name.strip())) {
        return true;
      }
    }
    return false;
  }
}
