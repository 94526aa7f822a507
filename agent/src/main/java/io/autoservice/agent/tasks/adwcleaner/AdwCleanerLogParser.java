package io.autoservice.agent.tasks.adwcleaner;

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
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an AdwCleaner log ({@code AdwCleaner[C00].txt}) into an {@link AdwCleanerLog}. Pure: no
 * I/O, and it never throws, whatever the input.
 *
 * <p>Layout (7.2 – 8.x): a header of {@code # key: value} lines ({@code # Malwarebytes AdwCleaner
 * 8.3.1.0}, {@code # Mode: Clean}, {@code # Cleaned: 1}, {@code # Failed: 0}; a scan log has {@code
 * # Detected: N}), then sections {@code ***** [ Services ] *****} … each listing its entries
 * ({@code Deleted IMFservice}, {@code Not Deleted C:\ProgramData\23B080A7}) or a "No malicious …"
 * line, then {@code ########## EOF - <path> ##########}. The old 7.0 format has no counts in its
 * header, entries like {@code Deleted: [Key] - HKLM\SOFTWARE\…}, and after its last section a
 * {@code *************************} line, "::" lines and a list of earlier logs.
 *
 * <p>Rules (the original runner's, with fixes): sections map to {@code services, folders, files,
 * dlls (DLL), wmi, shortcuts, tasks, registry, preinstalled (Preinstalled Software)} and the
 * browser sections to {@code chromium, chromium_urls, firefox, firefox_urls, hosts (Hosts File
 * Entries)}; an unknown section goes to {@code other} instead of being dropped; "No malicious …",
 * "No Preinstalled …" and {@code AdwCleaner[…]} lines are not entries; a line of asterisks ends the
 * section (the original put the old format's "::" lines and log list into the last browser
 * section); "Not Deleted" entries are failures ({@code failedItems}), not cleaned entries; any line
 * mentioning "reboot" (any case) sets {@code rebootRequired}; reading stops at the EOF line. A
 * section title cut off before its closing asterisks still counts.
 */
public final class AdwCleanerLogParser {
  private static final Pattern SECTION =
      Pattern.compile("^\\*{3,}\\s*\\[\\s*(.+?)\\s*\\](?:\\s*\\**)?$");
  private static final Pattern STARS = Pattern.compile("^\\*{5,}$");
  private static final Pattern HEADER =
      Pattern.compile("^#\\s*([A-Za-z ]{2,20}?)\\s*:\\s*(.*?)\\s*$");
  private static final Pattern VERSION =
      Pattern.compile("^#\\s*(?:Malwarebytes\\s+)?AdwCleaner\\s+v?(\\d+(?:\\.\\d+)+)");
  private static final Pattern REBOOT = Pattern.compile("reboot", Pattern.CASE_INSENSITIVE);
  private static final Pattern NOT_DELETED =
      Pattern.compile("^Not\\s+Deleted\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern DELETED = Pattern.compile("^Deleted\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern INT = Pattern.compile("^(" + LocalNumbers.PATTERN + ")(?!\\d)");

  private static final Map<String, String> CATEGORY_SECTIONS = new LinkedHashMap<>();
  private static final Map<String, String> BROWSER_SECTIONS = new LinkedHashMap<>();

  static {
    CATEGORY_SECTIONS.put("services", "services");
    CATEGORY_SECTIONS.put("folders", "folders");
    CATEGORY_SECTIONS.put("files", "files");
    CATEGORY_SECTIONS.put("dll", "dlls");
    CATEGORY_SECTIONS.put("wmi", "wmi");
    CATEGORY_SECTIONS.put("shortcuts", "shortcuts");
    CATEGORY_SECTIONS.put("tasks", "tasks");
    CATEGORY_SECTIONS.put("registry", "registry");
    CATEGORY_SECTIONS.put("preinstalled software", "preinstalled");
    BROWSER_SECTIONS.put("chromium (and derivatives)", "chromium");
    BROWSER_SECTIONS.put("chromium urls", "chromium_urls");
    BROWSER_SECTIONS.put("firefox (and derivatives)", "firefox");
    BROWSER_SECTIONS.put("firefox urls", "firefox_urls");
    BROWSER_SECTIONS.put("hosts file entries", "hosts");
  }

  private AdwCleanerLogParser() {}

  /**
   * A log file's text: UTF-16 when it starts with a byte order mark (or its first bytes hold NULs),
   * UTF-8 (BOM dropped) when valid, else windows-1252. Never throws.
   */
  public static String decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return "";
    }
    int n = bytes.length;
    if (n >= 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE) {
      return new String(bytes, 2, n - 2, StandardCharsets.UTF_16LE);
    }
    if (n >= 2 && (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF) {
      return new String(bytes, 2, n - 2, StandardCharsets.UTF_16BE);
    }
    if (n >= 3
        && (bytes[0] & 0xff) == 0xEF
        && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF) {
      return new String(bytes, 3, n - 3, StandardCharsets.UTF_8);
    }
    if (n >= 4 && bytes[1] == 0 && bytes[3] == 0 && bytes[0] != 0) {
      return new String(bytes, StandardCharsets.UTF_16LE);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, Charset.forName("windows-1252"));
    }
  }

  /** Parses a log's text; null gives an empty, unrecognised log. Never throws. */
  public static AdwCleanerLog parse(String text) {
    try {
      return read(text == null ? "" : text);
    } catch (RuntimeException e) {
      return read("");
    }
  }

  private static AdwCleanerLog read(String text) {
    Map<String, List<String>> categories = new LinkedHashMap<>();
    CATEGORY_SECTIONS.values().forEach(k -> categories.put(k, new ArrayList<>()));
    Map<String, List<String>> browsers = new LinkedHashMap<>();
    BROWSER_SECTIONS.values().forEach(k -> browsers.put(k, new ArrayList<>()));
    Map<String, List<String>> other = new LinkedHashMap<>();
    List<String> failedItems = new ArrayList<>();
    String version = null;
    String mode = null;
    Integer cleaned = null;
    Integer failed = null;
    Integer detected = null;
    boolean reboot = false;
    boolean eof = false;
    boolean recognised = false;
    List<String> current = null;
    int deleted = 0;

    for (String raw : text.split("\r\n|\r|\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("########## EOF")) {
        eof = true;
        break;
      }
      if (REBOOT.matcher(line).find()) {
        reboot = true;
      }
      if (line.startsWith("#")) {
        Matcher v = VERSION.matcher(line);
        if (v.find()) {
          version = v.group(1);
          recognised = true;
          continue;
        }
        Matcher h = HEADER.matcher(line);
        if (h.matches()) {
          String key = h.group(1).strip().toLowerCase(Locale.ROOT);
          String value = h.group(2);
          switch (key) {
            case "mode" -> mode = value.toLowerCase(Locale.ROOT);
            case "cleaned" -> cleaned = leadingInt(value, cleaned);
            case "failed" -> failed = leadingInt(value, failed);
            case "detected" -> detected = leadingInt(value, detected);
            default -> {}
          }
        }
        continue;
      }
      Matcher s = SECTION.matcher(line);
      if (s.matches()) {
        recognised = true;
        String title = s.group(1);
        String key = title.toLowerCase(Locale.ROOT);
        if (CATEGORY_SECTIONS.containsKey(key)) {
          current = categories.get(CATEGORY_SECTIONS.get(key));
        } else if (BROWSER_SECTIONS.containsKey(key)) {
          current = browsers.get(BROWSER_SECTIONS.get(key));
        } else {
          current = other.computeIfAbsent(title, t -> new ArrayList<>());
        }
        continue;
      }
      if (STARS.matcher(line).matches()) {
        current = null;
        continue;
      }
      if (current == null
          || line.contains("No malicious")
          || line.contains("No Preinstalled")
          || line.startsWith("AdwCleaner[")) {
        continue;
      }
      if (NOT_DELETED.matcher(line).find()) {
        failedItems.add(line);
        continue;
      }
      if (DELETED.matcher(line).find()) {
        deleted++;
      }
      current.add(line);
    }
    if (cleaned == null && recognised) {
      cleaned = deleted;
    }
    if (failed == null && recognised) {
      failed = failedItems.size();
    }
    return new AdwCleanerLog(
        version,
        mode,
        cleaned,
        failed,
        detected,
        categories,
        browsers,
        other,
        failedItems,
        reboot,
        eof,
        recognised);
  }

  private static Integer leadingInt(String value, Integer previous) {
    Matcher m = INT.matcher(value);
    OptionalLong n = m.find() ? LocalNumbers.integer(m.group(1)) : OptionalLong.empty();
    return n.isPresent() && n.getAsLong() <= Integer.MAX_VALUE
        ? Integer.valueOf((int) n.getAsLong())
        : previous;
  }
}
