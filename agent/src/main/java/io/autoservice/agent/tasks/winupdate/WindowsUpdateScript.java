package io.autoservice.agent.tasks.winupdate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The PowerShell script {@code windows_update} runs ({@code windows-update.ps1}, a resource beside
 * this class), with the task's three switches filled in.
 *
 * <p>The only substitution is {@code @@MICROSOFT_UPDATE@@}, {@code @@ACCEPT_ALL@@} and
 * {@code @@IGNORE_REBOOT@@}, each replaced by the PowerShell literal {@code $true} or {@code
 * $false}: the parameters are booleans, so no text from a plan ever reaches the script. What the
 * script prints is described in {@link WindowsUpdateOutputParser}.
 */
public final class WindowsUpdateScript {
  static final String RESOURCE = "windows-update.ps1";

  /** The line before the result JSON. */
  public static final String JSON_BEGIN = "=====AUTOSERVICE-WU-JSON-BEGIN=====";

  /** The line after the result JSON. */
  public static final String JSON_END = "=====AUTOSERVICE-WU-JSON-END=====";

  private WindowsUpdateScript() {}

  /** The script text for these switches. */
  public static String render(boolean microsoftUpdate, boolean acceptAll, boolean ignoreReboot) {
    String template = template();
    String out =
        template
            .replace("@@MICROSOFT_UPDATE@@", literal(microsoftUpdate))
            .replace("@@ACCEPT_ALL@@", literal(acceptAll))
            .replace("@@IGNORE_REBOOT@@", literal(ignoreReboot));
    if (out.contains("@@")) {
      throw new IllegalStateException(RESOURCE + " has a placeholder the agent does not fill");
    }
    return out;
  }

  /**
   * The bytes to write to the {@code .ps1} file: UTF-8 with a BOM (Windows PowerShell 5.1 reads a
   * file without one in the ANSI code page; the script is ASCII, so this only guards edits) and
   * CRLF line ends.
   */
  public static byte[] fileBytes(String script) {
    String crlf = script.replace("\r\n", "\n").replace("\n", "\r\n");
    byte[] body = crlf.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[body.length + 3];
    out[0] = (byte) 0xEF;
    out[1] = (byte) 0xBB;
    out[2] = (byte) 0xBF;
    System.arraycopy(body, 0, out, 3, body.length);
    return out;
  }

  private static String literal(boolean b) {
    return b ? "$true" : "$false";
  }

  private static String template() {
    try (InputStream in = WindowsUpdateScript.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the agent");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
