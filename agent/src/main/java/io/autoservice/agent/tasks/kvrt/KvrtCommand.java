package io.autoservice.agent.tasks.kvrt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.TaskParams;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The KVRT command line for a task's parameters, in the original's order, and the intent it echoes
 * into the result. Every path is made absolute against the agent's working folder (KVRT runs in its
 * own folder, where a relative path would mean something else).
 *
 * @param args the arguments after the program
 * @param intent the flags and options as run: every boolean flag with its value, the string options
 *     only when given
 */
public record KvrtCommand(List<String> args, ObjectNode intent) {
  /** Boolean flags in command order, with their defaults. */
  static final List<Flag> FLAGS =
      List.of(
          new Flag("accept_eula", "-accepteula", true, "Accept KVRT's EULA (-accepteula)."),
          new Flag("silent", "-silent", true, "Run without KVRT's window (-silent)."),
          new Flag("details", "-details", true, "Write a detailed report (-details)."),
          new Flag(
              "dontencrypt", "-dontencrypt", false, "Write reports unencrypted (-dontencrypt)."),
          new Flag("noads", "-noads", true, "No advertising at the end (-noads)."),
          new Flag(
              "fixednames",
              "-fixednames",
              true,
              "Use fixed report/quarantine names (-fixednames)."),
          new Flag(
              "freboot", "-freboot", false, "Reboot the PC after the scan if needed (-freboot)."),
          new Flag(
              "adinsilent",
              "-adinsilent",
              false,
              "Advanced disinfection in silent mode (-adinsilent)."),
          new Flag("allvolumes", "-allvolumes", false, "Scan all volumes (-allvolumes)."));

  /** {@code -trace} comes after the folders, as in the original. */
  static final Flag TRACE = new Flag("trace", "-trace", false, "Write trace files (-trace).");

  static final List<String> TRACE_LEVELS = List.of("ERR", "WRN", "INF", "DBG");

  /**
   * An extra argument must be a bare option: a dash, a letter, then letters, digits or {@code _}.
   */
  private static final Pattern OPTION = Pattern.compile("-[A-Za-z][A-Za-z0-9_]{0,63}");

  /** A boolean flag: parameter name, KVRT switch, default, help text. */
  record Flag(String param, String option, boolean defaultValue, String description) {}

  /**
   * Builds the arguments from validated parameters; {@code base} is the folder relative paths are
   * resolved against.
   *
   * @throws IllegalArgumentException naming the bad parameter
   */
  public static KvrtCommand build(TaskParams p, Path base) {
    List<String> argv = new ArrayList<>();
    ObjectNode intent = Json.object();
    for (Flag f : FLAGS) {
      boolean on = p.get(f.param()).map(v -> v.asBoolean()).orElse(f.defaultValue());
      intent.put(f.param(), on);
      if (on) {
        argv.add(f.option());
      }
    }
    Optional<String> quarantine = aliased(p, "quarantine_dir", "d");
    if (quarantine.isPresent()) {
      String dir = path("quarantine_dir", quarantine.get(), base).toString();
      argv.add("-d");
      argv.add(dir);
      intent.put("quarantine_dir", dir);
    }
    Optional<String> modules = aliased(p, "modules_dir", "moddirpath");
    if (modules.isPresent()) {
      String dir = path("modules_dir", modules.get(), base).toString();
      argv.add("-moddirpath");
      argv.add(dir);
      intent.put("modules_dir", dir);
    }
    boolean trace = p.get(TRACE.param()).map(v -> v.asBoolean()).orElse(false);
    intent.put(TRACE.param(), trace);
    if (trace) {
      argv.add(TRACE.option());
    }
    Optional<String> level = given(p, "tracelevel");
    if (level.isPresent()) {
      String l = level.get().strip().toUpperCase(Locale.ROOT);
      if (!TRACE_LEVELS.contains(l)) {
        throw new IllegalArgumentException(
            "tracelevel must be one of "
                + String.join(", ", TRACE_LEVELS)
                + ", got \""
                + level.get()
                + "\"");
      }
      argv.add("-tracelevel");
      argv.add(l);
      intent.put("tracelevel", l);
    }
    if (p.has("processlevel")) {
      com.fasterxml.jackson.databind.JsonNode v = p.get("processlevel").get();
      long pl = v.asLong();
      if (!v.isNumber() || v.asDouble() != Math.rint(v.asDouble()) || pl < 0 || pl > 3) {
        throw new IllegalArgumentException("processlevel must be 0 to 3, got " + v);
      }
      argv.add("-processlevel");
      argv.add(Long.toString(pl));
      intent.put("processlevel", pl);
    }
    Optional<String> proxy = given(p, "proxyconfig");
    if (proxy.isPresent()) {
      Path file = existingFile("proxyconfig", proxy.get(), base);
      argv.add("-proxyconfig");
      argv.add(file.toString());
      intent.put("proxyconfig", file.toString());
    }
    Optional<String> custom = given(p, "custom_path");
    if (custom.isPresent()) {
      Path dir = path("custom_path", custom.get(), base);
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("custom_path " + dir + " is not a folder");
      }
      argv.add("-custom");
      argv.add(dir.toString());
      intent.put("custom_path", dir.toString());
    }
    Optional<String> list = given(p, "custom_list_path");
    if (list.isPresent()) {
      Path file = existingFile("custom_list_path", list.get(), base);
      argv.add("-customlist");
      argv.add(file.toString());
      intent.put("custom_list_path", file.toString());
    }
    List<String> extra = p.strings("additional_args");
    if (!extra.isEmpty()) {
      ArrayNode echoed = intent.putArray("additional_args");
      for (String a : extra) {
        if (a == null || !OPTION.matcher(a).matches()) {
          throw new IllegalArgumentException(
              "additional_args may only hold options such as -trace (a dash, then letters or digits), got \""
                  + a
                  + "\"");
        }
        argv.add(a);
        echoed.add(a);
      }
    }
    return new KvrtCommand(List.copyOf(argv), intent);
  }

  /** The value of {@code name}, else of its alias; both given with different values is an error. */
  private static Optional<String> aliased(TaskParams p, String name, String alias) {
    Optional<String> a = given(p, name);
    Optional<String> b = given(p, alias);
    if (a.isPresent() && b.isPresent() && !a.get().strip().equals(b.get().strip())) {
      throw new IllegalArgumentException(
          "give " + name + " or " + alias + ", not both with different values");
    }
    return a.isPresent() ? a : b;
  }

  private static Optional<String> given(TaskParams p, String name) {
    return p.has(name) ? p.string(name).filter(s -> !s.isBlank()) : Optional.empty();
  }

  private static Path existingFile(String name, String value, Path base) {
    Path file = path(name, value, base);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(name + " " + file + " is not a file");
    }
    return file;
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
