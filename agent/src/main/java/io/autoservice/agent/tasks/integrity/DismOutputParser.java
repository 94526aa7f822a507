package io.autoservice.agent.tasks.integrity;

import io.autoservice.agent.tasks.support.LocalNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the decoded output of one {@code dism /Online /Cleanup-Image /CheckHealth|/ScanHealth|
 * /RestoreHealth} run into a {@link DismStepOutput}. Pure: no I/O, and it never throws, whatever
 * the input.
 *
 * <p>Progress bars ({@code [==== 42.0% ]}, redrawn with {@code \r}, so each state arrives as a
 * line, the last one often followed by the verdict on the same line) are cut out first. The
 * sentences are then matched case-insensitively in the whole output with line breaks made single
 * spaces (consoles wrap long sentences at 80 columns, even mid-word); when several health sentences
 * appear, the last one wins, except that "corruption detected" never replaces a known state.
 * Sentences (English from the original runner; German and Russian from real recordings — no other
 * translation is guessed):
 *
 * <ul>
 *   <li>healthy: {@code No component store corruption detected.} / {@code Es wurde keine
 *       Komponentenspeicherbeschädigung erkannt.};
 *   <li>repairable: {@code The component store is repairable.};
 *   <li>corrupted: {@code component store corruption … detected} (not preceded by "No");
 *   <li>repaired: {@code component store corruption repaired} / {@code corruption was repaired} /
 *       {@code Повреждение хранилища компонентов было устранено};
 *   <li>restore completed: {@code The restore operation completed successfully.} / {@code Der
 *       Wiederherstellungsvorgang wurde erfolgreich abgeschlossen.} / {@code Восстановление
 *       выполнено успешно.} — the repair succeeded, and the store is {@code healthy} unless the
 *       output says more;
 *   <li>operation complete: {@code The operation completed successfully.} / {@code Der Vorgang
 *       wurde erfolgreich beendet.} / {@code Операция успешно завершена.};
 *   <li>source missing: {@code source files could not be found|downloaded}, {@code 0x800f081f} /
 *       {@code Не удалось найти исходные файлы} (error code {@code 0x800f081f});
 *   <li>error code: {@code Error: <hex or decimal>}, or any line that is one word, a colon and a
 *       code ({@code Fehler: 740}, {@code Ошибка: 0x800f081f});
 *   <li>access denied: a line with {@code access} and {@code denied}, {@code Elevated permissions
 *       are required}, or error code 5 or 740 (the original only knew {@code error: 5}, and also
 *       matched {@code error: 50}).
 * </ul>
 */
public final class DismOutputParser {
  /** Lines in {@link DismStepOutput#message()} (the original's last 20). */
  public static final int MESSAGE_LINES = 20;

  static final int MAX_LINE = 4_000;

  private static final Pattern BAR =
      Pattern.compile("\\[[=\\s]{0,100}?(\\d{1,3}(?:[.,]\\d{1,2})?)%[=\\s]{0,100}\\]");
  private static final Pattern ERROR_EN = Pattern.compile("error:\\s*(0x[0-9a-f]+|\\d+)");
  private static final Pattern ERROR_ANY =
      Pattern.compile("^\\p{L}{2,20}\\s?:\\s*(0x[0-9a-fA-F]{1,8}|\\d{1,10})$");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private static final Pattern HEALTHY =
      Pattern.compile(
          "no component store corruption detected|keine komponentenspeicherbesch\\S{1,3}digung erkannt");
  private static final Pattern REPAIRABLE = Pattern.compile("component store is repairable");
  private static final Pattern CORRUPTED =
      Pattern.compile("(?<!no )component store corruption\\b[^.]{0,40}?\\bdetected");
  private static final Pattern REPAIRED =
      Pattern.compile(
          "component store corruption repaired|corruption was repaired"
              + "|повреждение хранилищ\\S* компонентов было устран");
  private static final Pattern RESTORE_OK =
      Pattern.compile(
          "restore operation completed successfully"
              + "|wiederherstellungsvorgang wurde erfolgreich abgeschlossen|восстановление выполнено успешно");
  private static final Pattern OPERATION_OK =
      Pattern.compile(
          "operation completed successfully|vorgang wurde erfolgreich beendet"
              + "|операция успешно завершена");
  private static final Pattern SOURCE_NOT_FOUND =
      Pattern.compile("source files could not be found|0x800f081f|не удалось найти исходные файлы");

  private DismOutputParser() {}

  /** The percentage of the last progress bar in a line, if it has one. Never throws. */
  public static OptionalDouble progress(String line) {
    try {
      if (line == null || line.length() > MAX_LINE) {
        return OptionalDouble.empty();
      }
      Matcher m = BAR.matcher(line);
      Double last = null;
      while (m.find()) {
        OptionalDouble v = LocalNumbers.decimal(m.group(1));
        if (v.isPresent()) {
          last = v.getAsDouble();
        }
      }
      return last == null || last > 100 ? OptionalDouble.empty() : OptionalDouble.of(last);
    } catch (RuntimeException e) {
      return OptionalDouble.empty();
    }
  }

  /**
   * Parses one step's output; {@code action} is {@code checkhealth}, {@code scanhealth} or {@code
   * restorehealth} (any case; anything else counts as a check). Null lines are skipped; never
   * throws.
   */
  public static DismStepOutput parse(String action, List<String> lines) {
    try {
      return parseLines(
          action == null ? "" : action.toLowerCase(Locale.ROOT), lines == null ? List.of() : lines);
    } catch (RuntimeException e) {
      return new DismStepOutput(null, false, null, null, false, false, false, false, false, "");
    }
  }

  private static DismStepOutput parseLines(String action, List<String> lines) {
    List<String> kept = new ArrayList<>();
    StringBuilder joined = new StringBuilder();
    String errorCode = null;
    boolean accessDenied = false;
    for (String raw : lines) {
      if (raw == null) {
        continue;
      }
      String clipped = raw.length() > MAX_LINE ? raw.substring(0, MAX_LINE) : raw;
      String line = BAR.matcher(clipped).replaceAll(" ").strip();
      if (line.isEmpty()) {
        continue;
      }
      kept.add(line);
      joined.append(line).append(' ');
      String low = line.toLowerCase(Locale.ROOT);
      accessDenied |= low.contains("access") && low.contains("denied");
      if (errorCode == null) {
        Matcher en = ERROR_EN.matcher(low);
        Matcher any = ERROR_ANY.matcher(line);
        if (en.find()) {
          errorCode = en.group(1);
        } else if (any.matches()) {
          errorCode = any.group(1).toLowerCase(Locale.ROOT);
        }
      }
    }
    String text = SPACES.matcher(joined.toString().toLowerCase(Locale.ROOT)).replaceAll(" ");

    boolean sourceMissing = false;
    if (SOURCE_NOT_FOUND.matcher(text).find()) {
      sourceMissing = true;
      errorCode = "0x800f081f";
    } else if (text.contains("source files could not be downloaded")) {
      sourceMissing = true;
    }
    accessDenied |=
        text.contains("elevated permissions are required")
            || "5".equals(errorCode)
            || "740".equals(errorCode);

    // Health sentences in the order they appear.
    TreeMap<Integer, String> events = new TreeMap<>();
    collect(events, HEALTHY, text, "healthy");
    collect(events, REPAIRABLE, text, "repairable");
    collect(events, CORRUPTED, text, "corrupted");
    collect(events, REPAIRED, text, "repaired");
    String health = null;
    boolean corruption = false;
    boolean repairedSeen = false;
    for (String e : events.values()) {
      switch (e) {
        case "corrupted" -> {
          corruption = true;
          if (health == null) {
            health = "corrupted";
          }
        }
        case "repairable" -> {
          corruption = true;
          health = e;
        }
        case "repaired" -> {
          corruption = true;
          repairedSeen = true;
          health = e;
        }
        default -> health = e;
      }
    }
    boolean restoreOk = RESTORE_OK.matcher(text).find();
    boolean operationOk = OPERATION_OK.matcher(text).find();
    boolean restore = action.equals("restorehealth");
    boolean failed = errorCode != null || sourceMissing || accessDenied;
    Boolean repairSuccess = null;
    if (repairedSeen || restoreOk || (restore && operationOk && !failed)) {
      repairSuccess = true;
    }
    if (restoreOk && health == null) {
      health = "healthy";
    }
    boolean attempted = restore || repairedSeen || restoreOk || text.contains("restorehealth");
    return new DismStepOutput(
        health,
        attempted,
        repairSuccess,
        errorCode,
        accessDenied,
        sourceMissing,
        operationOk,
        corruption,
        restoreOk,
        String.join("\n", kept.subList(Math.max(0, kept.size() - MESSAGE_LINES), kept.size())));
  }

  private static void collect(TreeMap<Integer, String> into, Pattern p, String text, String event) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      into.put(m.start(), event);
    }
  }
}
