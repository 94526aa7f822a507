package io.autoservice.agent.tasks.ai.startup;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a startup command belongs to Windows itself: its program lives under {@code
 * %SystemRoot%}. Such items are flagged Microsoft and never disabled. One refinement over the
 * original: a Windows host program ({@code rundll32}, {@code cmd}, {@code powershell}, script
 * hosts, …) that runs a file from elsewhere ({@code rundll32 C:\Users\…\x.dll,Run}) is what that
 * file is, not a Windows component, so it is not protected.
 */
final class WindowsComponents {
  private WindowsComponents() {}

  private static final Set<String> HOSTS =
      Set.of(
          "rundll32.exe",
          "cmd.exe",
          "powershell.exe",
          "pwsh.exe",
          "wscript.exe",
          "cscript.exe",
          "mshta.exe",
          "regsvr32.exe",
          "conhost.exe",
          "explorer.exe",
          "msiexec.exe");
  private static final Pattern ABSOLUTE = Pattern.compile("(?i)(?<![A-Za-z])([A-Z]:\\\\[^\"',;]*)");

  private static final Pattern OTHER_VARIABLE = Pattern.compile("%[A-Za-z_()0-9]+%");

  static boolean isWindowsComponent(String command, String executable, String systemRoot) {
    if (executable == null || systemRoot == null || systemRoot.isBlank()) {
      return false;
    }
    String root = trimSlash(systemRoot).toLowerCase(Locale.ROOT) + "\\";
    String exe = executable.replace('/', '\\').toLowerCase(Locale.ROOT);
    if (!exe.startsWith(root)) {
      return false;
    }
    String file = exe.substring(exe.lastIndexOf('\\') + 1);
    if (!HOSTS.contains(file)) {
      return true;
    }
    String args = RegQueryOutputParser.expand(command, systemRoot);
    if (OTHER_VARIABLE.matcher(args).find()) {
      return false; // %APPDATA%\…, %ProgramFiles%\…: somewhere outside Windows
    }
    int exeAt = args.toLowerCase(Locale.ROOT).indexOf(file);
    Matcher m = ABSOLUTE.matcher(exeAt >= 0 ? args.substring(exeAt + file.length()) : args);
    while (m.find()) {
      if (!m.group(1).toLowerCase(Locale.ROOT).startsWith(root)) {
        return false;
      }
    }
    return true;
  }

  private static String trimSlash(String s) {
    String t = s.strip();
    while (t.endsWith("\\") || t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }
}
