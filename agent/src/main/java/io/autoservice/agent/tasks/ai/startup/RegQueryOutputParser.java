package io.autoservice.agent.tasks.ai.startup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code reg query <key>} prints. Pure; never throws.
 *
 * <p>The layout (the same in every Windows language; only {@code (Default)} and the error texts are
 * translated): an empty line, the key's full name, then one line per value, indented by four
 * spaces, with the name, the type and the data separated by four spaces each (e.g. {@code " Discord
 * REG_SZ \"C:\\…\\Update.exe\" --processStart Discord.exe"}), then an empty line; subkeys follow as
 * unindented full key names. A value whose data is empty has nothing (or only the separator) after
 * its type.
 */
public final class RegQueryOutputParser {
  private RegQueryOutputParser() {}

  /** One registry value as printed. */
  public record RegValue(String name, String type, String data) {}

  private static final Pattern VALUE =
      Pattern.compile("^ {4}(.*?) {4}(REG_[A-Z0-9_]+)(?: {4}(.*?))?\\s*$");

  /**
   * The values under the queried key (not those of subkeys, which a query without /s does not
   * print).
   */
  public static List<RegValue> values(List<String> lines) {
    List<RegValue> out = new ArrayList<>();
    if (lines == null) {
      return out;
    }
    boolean inFirstKey = false;
    boolean seenKey = false;
    for (String raw : lines) {
      if (raw == null) {
        continue;
      }
      String line = raw.replace("\r", "");
      if (line.startsWith("HKEY_")) {
        // the queried key first; anything after it is a subkey or another key (with /s)
        inFirstKey = !seenKey;
        seenKey = true;
        continue;
      }
      if (!inFirstKey && seenKey) {
        continue;
      }
      Matcher m = VALUE.matcher(line);
      if (m.matches()) {
        out.add(new RegValue(m.group(1).strip(), m.group(2), m.group(3) == null ? "" : m.group(3)));
      }
    }
    return out;
  }

  /**
   * What a {@code StartupApproved} value says: its first byte even ({@code 02}, {@code 06}) is
   * enabled, odd ({@code 03}, {@code 07}) disabled. Empty when the data is not hex.
   */
  public static Optional<Boolean> approvedEnabled(String hex) {
    if (hex == null) {
      return Optional.empty();
    }
    String h = hex.strip();
    if (h.length() < 2 || !h.matches("[0-9A-Fa-f]+")) {
      return Optional.empty();
    }
    int first = Integer.parseInt(h.substring(0, 2), 16);
    return Optional.of((first & 1) == 0);
  }

  /**
   * The program a command line starts: the quoted first part, or the unquoted text up to the first
   * {@code .exe} (so {@code C:\Program Files\A\a.exe -x} keeps its spaces), or the first word.
   * {@code %SystemRoot%} and {@code %windir%} are replaced by {@code systemRoot}. Null for a blank
   * command.
   */
  public static String executable(String command, String systemRoot) {
    if (command == null || command.isBlank()) {
      return null;
    }
    String c = expand(command.strip(), systemRoot);
    if (c.startsWith("\"")) {
      int end = c.indexOf('"', 1);
      return end > 1 ? c.substring(1, end) : c.substring(1);
    }
    int exe = c.toLowerCase(Locale.ROOT).indexOf(".exe");
    if (exe > 0 && (exe + 4 == c.length() || Character.isWhitespace(c.charAt(exe + 4)))) {
      return c.substring(0, exe + 4);
    }
    int space = c.indexOf(' ');
    return space > 0 ? c.substring(0, space) : c;
  }

  /** {@code %SystemRoot%} and {@code %windir%} (any case) replaced by {@code systemRoot}. */
  public static String expand(String s, String systemRoot) {
    return s.replaceAll("(?i)%(systemroot|windir)%", Matcher.quoteReplacement(systemRoot));
  }
}
