package io.autoservice.agent.tasks.stinger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.TaskParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Stinger command line for a task's parameters and the intent echoed into the result. Paths are
 * absolute; {@code --REPORTPATH=<dir>} and {@code --SCANPATH=<dir>} are one argument each, without
 * embedded quotes (the OS-level quoting wraps the whole argument when it holds spaces).
 *
 * @param args the arguments after the program
 * @param intent {@code silent, logs_dir, scan_scope | scan_path + folder_scan_only +
 *     scan_subdirectories, action, include_pups, additional_args}
 * @param logsDir where Stinger writes its {@code Stinger_*.html} log (created)
 * @param action {@code delete} or {@code report}
 * @param timeoutMinutes how long the scan may run
 */
public record StingerCommand(
    List<String> args, ObjectNode intent, Path logsDir, String action, long timeoutMinutes) {
  static final long DEFAULT_TIMEOUT_MINUTES = 30;
  static final List<String> FOLDER_ONLY =
      List.of("--NOBOOT", "--NOPROCESS", "--NOREGISTRY", "--NOROOTKIT", "--NOWMI");

  /** {@code --NAME} or {@code --NAME=value}; the value without quotes or control characters. */
  private static final Pattern OPTION =
      Pattern.compile("--?[A-Za-z][A-Za-z0-9_]{0,63}(=[^\"\\p{Cntrl}]{1,1000})?");

  /**
   * Builds the arguments for {@code exe} (whose folder is the default logs folder); relative paths
   * are resolved against {@code base}. Creates the logs folder once every parameter is valid.
   *
   * @throws IllegalArgumentException naming the bad parameter
   */
  public static StingerCommand build(TaskParams p, Path exe, Path base) {
    String action = p.string("action").orElse("delete").strip().toLowerCase(Locale.ROOT);
    if (!action.equals("delete") && !action.equals("report")) {
      throw new IllegalArgumentException(
          "action must be delete or report, got \"" + p.string("action").orElse("") + "\"");
    }
    long timeoutMinutes = timeoutMinutes(p);
    Path logsDir =
        p.has("logs_dir") && !p.string("logs_dir").orElse("").isBlank()
            ? path("logs_dir", p.string("logs_dir").get(), base)
            : exe.getParent();

    List<String> argv = new ArrayList<>(List.of("--GO", "--SILENT", "--REPORTPATH=" + logsDir));
    ObjectNode intent = Json.object();
    intent.put("silent", true);
    intent.put("logs_dir", logsDir.toString());
    if (p.has("scan_path") && !p.string("scan_path").orElse("").isBlank()) {
      Path scan = path("scan_path", p.string("scan_path").get(), base);
      if (!Files.isDirectory(scan)) {
        throw new IllegalArgumentException("scan_path " + scan + " is not an existing folder");
      }
      boolean subdirs = p.get("scan_subdirectories").map(JsonNode::asBoolean).orElse(true);
      argv.add("--SCANPATH=" + scan);
      argv.addAll(FOLDER_ONLY);
      if (!subdirs) {
        argv.add("--NOSUB");
      }
      intent.put("scan_path", scan.toString());
      intent.put("folder_scan_only", true);
      intent.put("scan_subdirectories", subdirs);
    } else {
      intent.put("scan_scope", "smart_scan");
    }
    argv.add(action.equals("delete") ? "--DELETE" : "--REPORTONLY");
    intent.put("action", action);
    boolean pups = p.get("include_pups").map(JsonNode::asBoolean).orElse(false);
    if (pups) {
      argv.add("--PROGRAM");
    }
    intent.put("include_pups", pups);
    ArrayNode extra = intent.putArray("additional_args");
    for (String a : p.strings("additional_args")) {
      if (a == null || !OPTION.matcher(a).matches()) {
        throw new IllegalArgumentException(
            "additional_args may only hold Stinger options such as --ADL or --NAME=value (no quotes), got \""
                + a
                + "\"");
      }
      argv.add(a);
      extra.add(a);
    }
    try {
      Files.createDirectories(logsDir);
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException(
          "logs_dir " + logsDir + " could not be created: " + e.getMessage());
    }
    return new StingerCommand(List.copyOf(argv), intent, logsDir, action, timeoutMinutes);
  }

  /** {@code timeout_minutes}, a positive whole number (default 30). */
  static long timeoutMinutes(TaskParams p) {
    if (!p.has("timeout_minutes")) {
      return DEFAULT_TIMEOUT_MINUTES;
    }
    JsonNode v = p.get("timeout_minutes").get();
    if (!v.isNumber() || v.asDouble() != Math.rint(v.asDouble()) || v.asLong() < 1) {
      throw new IllegalArgumentException(
          "timeout_minutes must be a positive whole number, got " + v);
    }
    return v.asLong();
  }

  /** A path parameter made absolute; refused if it holds quotes or control characters. */
  static Path path(String name, String value, Path base) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || Character.isISOControl(c)) {
        throw new IllegalArgumentException(name + " holds a quote or control character");
      }
    }
    try {
      Path p = Path.of(value.strip());
      return (p.isAbsolute() ? p : base.resolve(p)).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(name + " is not a valid path: " + e.getMessage());
    }
  }
}
