package io.autoservice.common.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a plan the way the original runner did, and more strictly where it crashed.
 *
 * <p>Accepted shapes: {@code {"tasks":[…], "metadata":{…}}}, a single task object, and a bare list
 * of tasks. A task's parameters may be nested in {@code params} or written flat beside {@code type}
 * (the AutoService UI does that); {@code params} wins on a clash. A UTF-8 BOM is skipped, and a
 * UTF-16 file with a BOM (PowerShell 5's {@code Out-File} default) is decoded as such. Every
 * problem is collected and named by its place, so one look fixes the whole plan.
 */
public final class PlanParser {
  /** Plans larger than this are refused before parsing: no technician writes one by hand. */
  public static final int MAX_PLAN_BYTES = PlanLimits.MAX_PLAN_BYTES;

  public static final int MAX_TASKS = PlanLimits.MAX_TASKS;

  private PlanParser() {}

  /**
   * Reads a plan from {@code -} (stdin), a file path, or raw JSON text, in that order of checks, as
   * the original runner's single positional argument did.
   */
  public static Plan parseSource(String source, InputStream stdin) throws PlanException {
    return PlanGate.check(readSource(source, stdin));
  }

  private static Plan readSource(String source, InputStream stdin) throws PlanException {
    if (source == null || source.isBlank()) {
      throw new PlanException("plan: no plan given (expected: a file path, JSON text, or -)");
    }
    if (source.equals("-")) {
      try {
        return parseBytes(stdin.readNBytes(MAX_PLAN_BYTES + 1), "stdin");
      } catch (IOException e) {
        throw new PlanException("plan: cannot read stdin: " + e.getMessage());
      }
    }
    Path path = null;
    try {
      path = Path.of(source);
    } catch (InvalidPathException e) {
      // JSON text is not a valid Windows path; fall through to parsing it as JSON.
    }
    if (path != null && Files.exists(path)) {
      return readFile(path);
    }
    String trimmed = source.strip();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      return parseBytes(trimmed.getBytes(StandardCharsets.UTF_8), "argument");
    }
    throw new PlanException("plan: no such file: " + source);
  }

  /** Reads a plan file. */
  public static Plan parseFile(Path path) throws PlanException {
    return PlanGate.check(readFile(path));
  }

  private static Plan readFile(Path path) throws PlanException {
    if (Files.isDirectory(path)) {
      throw new PlanException("plan: " + path + " is a folder, not a plan file");
    }
    if (!Files.exists(path)) {
      throw new PlanException("plan: no such file: " + path);
    }
    try {
      if (Files.size(path) > MAX_PLAN_BYTES) {
        throw new PlanException("plan: " + path + " is larger than " + MAX_PLAN_BYTES + " bytes");
      }
      // At most one byte past the limit: a pipe or a device reports size 0 and may never end.
      try (InputStream in = Files.newInputStream(path)) {
        return parseBytes(in.readNBytes(MAX_PLAN_BYTES + 1), path.toString());
      }
    } catch (IOException e) {
      throw new PlanException("plan: cannot read " + path + ": " + e);
    }
  }

  /**
   * Parses plan JSON text: the parser's checks of shape, not {@link PlanGate}'s limits (a plan read
   * back from a store must stay readable even if it predates them). Doors call the gate.
   */
  public static Plan parse(String json) throws PlanException {
    return parseBytes(json.getBytes(StandardCharsets.UTF_8), "text");
  }

  static Plan parseBytes(byte[] bytes, String origin) throws PlanException {
    if (bytes.length > MAX_PLAN_BYTES) {
      throw new PlanException("plan: " + origin + " is larger than " + MAX_PLAN_BYTES + " bytes");
    }
    String text = decode(bytes);
    if (text.isBlank()) {
      throw new PlanException("plan: " + origin + " is empty");
    }
    JsonNode root;
    try {
      root = Json.parse(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new PlanException("plan: invalid JSON" + where + ": " + plain(e.getOriginalMessage()));
    }
    return fromJson(root);
  }

  /** Normalises an already parsed JSON plan. */
  public static Plan fromJson(JsonNode root) throws PlanException {
    List<String> problems = new ArrayList<>();
    JsonNode taskList;
    ObjectNode metadata = Json.object();
    if (root.isObject() && root.has("tasks")) {
      taskList = root.get("tasks");
      if (!taskList.isArray()) {
        problems.add("tasks: expected a list, got " + kind(taskList));
      }
      JsonNode meta = root.get("metadata");
      if (meta != null && !meta.isNull()) {
        if (meta.isObject()) {
          metadata = (ObjectNode) meta.deepCopy();
        } else {
          problems.add("metadata: expected an object, got " + kind(meta));
        }
      }
    } else if (root.isObject() && root.has("type")) {
      taskList = Json.array().add(root);
    } else if (root.isArray()) {
      taskList = root;
    } else {
      throw new PlanException(
          "plan: expected {\"tasks\": [...]}, a task object with \"type\", or a list of tasks; got "
              + kind(root));
    }
    List<TaskSpec> tasks = new ArrayList<>();
    if (taskList.isArray()) {
      if (taskList.size() > MAX_TASKS) {
        problems.add("tasks: " + taskList.size() + " tasks (expected: at most " + MAX_TASKS + ")");
      } else {
        for (int i = 0; i < taskList.size(); i++) {
          TaskSpec task = task(i, taskList.get(i), problems);
          if (task != null) {
            tasks.add(task);
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new PlanException(problems);
    }
    return new Plan(tasks, metadata);
  }

  private static TaskSpec task(int index, JsonNode node, List<String> problems) {
    String place = "tasks[" + index + "]";
    if (!node.isObject()) {
      problems.add(place + ": expected a task object, got " + kind(node));
      return null;
    }
    int before = problems.size();
    JsonNode type = node.get("type");
    if (type == null || type.isNull()) {
      problems.add(place + ": \"type\" is missing");
    } else if (!type.isTextual() || type.asText().isBlank()) {
      problems.add(place + ".type: expected a task type name, got " + kind(type));
    }
    JsonNode id = node.get("id");
    if (id != null && !id.isNull() && !id.isTextual() && !id.isIntegralNumber()) {
      problems.add(place + ".id: expected a string, got " + kind(id));
    }
    JsonNode nested = node.get("params");
    if (nested != null && !nested.isNull() && !nested.isObject()) {
      problems.add(place + ".params: expected an object, got " + kind(nested));
    }
    if (problems.size() > before) {
      return null;
    }
    ObjectNode params = Json.object();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      if (!key.equals("type") && !key.equals("id") && !key.equals("params")) {
        params.set(key, field.getValue().deepCopy());
      }
    }
    if (nested != null && nested.isObject()) {
      nested.fields().forEachRemaining(f -> params.set(f.getKey(), f.getValue().deepCopy()));
    }
    String taskId = id == null || id.isNull() ? null : id.asText();
    return new TaskSpec(index, taskId, type.asText().strip(), params);
  }

  /** Jackson's message without its source excerpt, which means nothing to a technician. */
  private static String plain(String message) {
    return message
        .replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\][^)]*\\)", "")
        .replaceAll("\\s*at \\[Source:[^\\]]*\\][^\\n]*", "")
        .replaceAll("\\s+", " ")
        .strip();
  }

  /**
   * Skips a BOM; PowerShell 5 writes UTF-16LE with one by default. Text that is not valid UTF-8 is
   * read as Windows-1252, the code page Notepad saved in before Windows 10 1903, rather than
   * turning a customer's "Zoë" into a replacement character.
   */
  private static String decode(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
      return new String(b, 3, b.length - 3, StandardCharsets.UTF_8);
    }
    if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
      return new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE);
    }
    if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
      return new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(b, Charset.forName("windows-1252"));
    }
  }

  /** Longest text a message quotes from a plan; longer values are cut (a plan may be 4 MiB). */
  static final int MAX_QUOTED = 200;

  /** The text, or its first {@code max} characters and how many there were. */
  static String shorten(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + "… (" + text.length() + " characters)";
  }

  /** How a JSON value is named in messages: its kind, and short values verbatim. */
  static String kind(JsonNode node) {
    JsonNodeType t = node.getNodeType();
    return switch (t) {
      case STRING -> "the string " + shorten(Json.compact(node), MAX_QUOTED);
      case NUMBER -> "the number " + shorten(node.asText(), MAX_QUOTED);
      case BOOLEAN -> node.asText();
      case NULL, MISSING -> "null";
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      default -> t.name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
