package io.autoservice.agent.tasks.winupdate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@link WindowsUpdateScript} prints on stdout. Pure: no I/O, and it never throws,
 * whatever the input.
 *
 * <ul>
 *   <li><b>Progress</b>: lines {@code [WU] <stage> <percent>[ <detail>]}, e.g. {@code [WU] pre-scan
 *       10}, {@code [WU] install 2/5 61 2025-03 Cumulative Update for Windows 11 … (KB5053598)}.
 *       The stage may contain spaces and digits ({@code install 2/5}); the percent is the first
 *       token of 1–3 digits after it.
 *   <li><b>Result</b>: the text between a line {@value WindowsUpdateScript#JSON_BEGIN} and a line
 *       {@value WindowsUpdateScript#JSON_END} (each compared after trimming), which must be one
 *       JSON object. When several blocks are printed the last complete one counts. Nothing outside
 *       the markers is ever read as JSON — the original runner cut from the first {@code {} to the
 *       last {@code }} of all of stdout, so a brace in a warning or an update title broke it.
 * </ul>
 */
public final class WindowsUpdateOutputParser {
  /** Longer lines are cut before matching a progress line. */
  static final int MAX_PROGRESS_LINE = 2_000;

  private static final Pattern PROGRESS =
      Pattern.compile("^\\[WU\\]\\s+(.+?)\\s+(\\d{1,3})%?(?:\\s+(.*))?$");

  private WindowsUpdateOutputParser() {}

  /**
   * One progress line.
   *
   * @param percent 0–100
   * @param stage e.g. {@code prepare module}, {@code pre-scan}, {@code install 2/5}, {@code
   *     post-scan}
   * @param detail the rest of the line (an update's title, a count), or empty
   */
  public record Progress(double percent, String stage, String detail) {
    /** {@code stage} or {@code stage: detail}, for a progress message. */
    public String message() {
      return detail.isEmpty() ? stage : stage + ": " + detail;
    }
  }

  /**
   * What the script printed.
   *
   * @param json the result object, or empty when there is none
   * @param problem why there is no result object (empty when there is one)
   * @param progress every progress line, in order
   */
  public record Output(Optional<ObjectNode> json, String problem, List<Progress> progress) {
    public Output {
      progress = List.copyOf(progress);
    }
  }

  /** The progress line's content, or empty if {@code line} is not a progress line. */
  public static Optional<Progress> progress(String line) {
    if (line == null) {
      return Optional.empty();
    }
    String s = line.strip();
    if (!s.startsWith("[WU]")) {
      return Optional.empty();
    }
    if (s.length() > MAX_PROGRESS_LINE) {
      s = s.substring(0, MAX_PROGRESS_LINE);
    }
    Matcher m = PROGRESS.matcher(s);
    if (!m.matches()) {
      return Optional.empty();
    }
    int percent = Integer.parseInt(m.group(2));
    if (percent > 100) {
      return Optional.empty();
    }
    String detail = m.group(3) == null ? "" : m.group(3).strip();
    return Optional.of(new Progress(percent, m.group(1).strip(), detail));
  }

  /** Reads all of stdout. */
  public static Output parse(List<String> stdout) {
    List<Progress> progress = new ArrayList<>();
    String lastComplete = null;
    StringBuilder open = null;
    if (stdout != null) {
      for (String raw : stdout) {
        String line = raw == null ? "" : raw;
        String t = line.strip();
        if (t.equals(WindowsUpdateScript.JSON_BEGIN)) {
          open = new StringBuilder();
        } else if (t.equals(WindowsUpdateScript.JSON_END)) {
          if (open != null) {
            lastComplete = open.toString();
            open = null;
          }
        } else if (open != null) {
          open.append(line).append('\n');
        } else {
          progress(line).ifPresent(progress::add);
        }
      }
    }
    if (lastComplete == null) {
      String problem =
          open != null
              ? "the script's result was cut off (no line " + WindowsUpdateScript.JSON_END + ")"
              : "the script printed no result";
      return new Output(Optional.empty(), problem, progress);
    }
    if (lastComplete.isBlank()) {
      return new Output(Optional.empty(), "the script's result was empty", progress);
    }
    try {
      JsonNode node = Json.parse(lastComplete);
      if (node != null && node.isObject()) {
        return new Output(Optional.of((ObjectNode) node), "", progress);
      }
      return new Output(Optional.empty(), "the script's result is not a JSON object", progress);
    } catch (Exception e) {
      String msg =
          e.getMessage() == null
              ? e.getClass().getSimpleName()
              : e.getMessage().lines().findFirst().orElse("");
      return new Output(
          Optional.empty(), "the script's result is not valid JSON: " + msg, progress);
    } catch (StackOverflowError e) {
      return new Output(Optional.empty(), "the script's result is nested too deeply", progress);
    }
  }
}
