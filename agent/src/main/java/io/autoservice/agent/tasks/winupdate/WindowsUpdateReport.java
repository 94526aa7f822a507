package io.autoservice.agent.tasks.winupdate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns the script's result object into the original runner's summary keys, a status and the
 * user-facing summary. Pure: no I/O, and it never throws on any JSON object.
 *
 * <p>The script reports items; every count is computed here from them, so the counts always agree
 * with the lists. An item is {@code {Stage, Title, KB, Size, Category, Result, Status, IsDriver}}
 * ({@code Result} and {@code Status} may be {@code null}; {@code IsDriver} is taken from the item
 * or, if absent, from {@code Category} containing "driver"). An install item counts as installed
 * when its {@code Result} starts with {@code Installed} or {@code Succeeded}, failed when it starts
 * with {@code Failed} or {@code Aborted}, downloaded when it is {@code Downloaded}.
 *
 * <p>Verdict: {@code updates-remaining} if the post-scan still lists updates, else {@code
 * completed-with-errors} if an update failed or the script reported an error, else {@code updated}
 * if anything was installed, else {@code up-to-date}. Notes, in this order and only when not zero:
 * {@code Failed: n}, {@code Installed: n}, {@code Downloaded: n}, {@code Remaining: n}, {@code
 * Reboot required}; {@code summary_line} joins them with {@code "; "}. Status: {@code error} when
 * the module was not available, {@code warning} when an update failed or an error was reported,
 * else {@code success} (remaining updates and a pending reboot are notes, not problems).
 */
public final class WindowsUpdateReport {
  private static final Pattern INSTALLED = Pattern.compile("(?i)^\\s*(installed|succeeded)");
  private static final Pattern FAILED = Pattern.compile("(?i)^\\s*(failed|aborted)");
  private static final Pattern DOWNLOADED = Pattern.compile("(?i)^\\s*downloaded\\s*$");
  private static final Pattern DRIVER = Pattern.compile("(?i)driver");

  /** What the result says: status, {@code human_readable} and the technical keys. */
  public record Report(TaskStatus status, ObjectNode humanReadable, ObjectNode results) {}

  private WindowsUpdateReport() {}

  public static Report of(ObjectNode json) {
    ObjectNode in = json == null ? Json.object() : json;
    List<ObjectNode> available = items(in.path("pre_scan").path("items"), "available");
    List<ObjectNode> installed = items(in.path("install").path("items"), "installed");
    List<ObjectNode> remaining = items(in.path("post_scan").path("items"), "remaining");
    List<ObjectNode> errors = errors(in.path("errors"));
    List<String> warnings = texts(in.path("warnings"));
    boolean reboot = in.path("reboot_required").asBoolean(false);
    ObjectNode meta = meta(in.path("meta"));
    boolean moduleAvailable = meta.path("module_available").asBoolean(false);

    int drivers = (int) available.stream().filter(WindowsUpdateReport::isDriver).count();
    int nInstalled = count(installed, INSTALLED, null);
    int nFailed = count(installed, FAILED, null);
    int nDownloaded = count(installed, DOWNLOADED, null);

    ObjectNode r = Json.object();
    ObjectNode pre = r.putObject("pre_scan");
    pre.put("count_total", available.size());
    pre.put("count_windows", available.size() - drivers);
    pre.put("count_driver", drivers);
    pre.set("items", array(available));
    ObjectNode inst = r.putObject("install");
    inst.put("count_accepted", installed.size());
    inst.put("count_downloaded", nDownloaded);
    inst.put("count_installed", nInstalled);
    inst.put("count_failed", nFailed);
    inst.put("count_windows_installed", count(installed, INSTALLED, false));
    inst.put("count_driver_installed", count(installed, INSTALLED, true));
    inst.set("items", array(installed));
    ObjectNode post = r.putObject("post_scan");
    post.put("count_remaining", remaining.size());
    post.set("items", array(remaining));
    r.put("reboot_required", reboot);
    r.set("meta", meta);
    r.set("timings", timings(in.path("timings")));
    r.set("errors", array(errors));
    ArrayNode w = r.putArray("warnings");
    warnings.forEach(w::add);

    String verdict;
    if (!remaining.isEmpty()) {
      verdict = "updates-remaining";
    } else if (nFailed > 0 || !errors.isEmpty()) {
      verdict = "completed-with-errors";
    } else if (nInstalled > 0) {
      verdict = "updated";
    } else {
      verdict = "up-to-date";
    }
    List<String> notes = new ArrayList<>();
    addCount(notes, "Failed", nFailed);
    addCount(notes, "Installed", nInstalled);
    addCount(notes, "Downloaded", nDownloaded);
    addCount(notes, "Remaining", remaining.size());
    if (reboot) {
      notes.add("Reboot required");
    }
    ObjectNode hr = Json.object();
    hr.put("verdict", verdict);
    ArrayNode notesJson = hr.putArray("notes");
    notes.forEach(notesJson::add);
    ArrayNode details = hr.putArray("details");
    for (ObjectNode item : installed) {
      String res = item.path("Result").asText("");
      details.add((res.isBlank() ? "No result" : res) + ": " + describe(item));
    }
    for (ObjectNode item : remaining) {
      details.add("Remaining: " + describe(item));
    }
    for (ObjectNode e : errors) {
      details.add("Error (" + e.path("where").asText() + "): " + e.path("message").asText());
    }
    warnings.forEach(s -> details.add("Warning: " + s));
    hr.put("summary_line", String.join("; ", notes));

    TaskStatus status;
    if (!moduleAvailable) {
      status = TaskStatus.ERROR;
      String why =
          errors.stream()
              .filter(e -> e.path("where").asText().toLowerCase(Locale.ROOT).contains("module"))
              .map(e -> e.path("message").asText())
              .findFirst()
              .orElse(errors.isEmpty() ? null : errors.get(0).path("message").asText());
      r.put("error", "PSWindowsUpdate module is not available");
      hr.put(
          "reason",
          why == null || why.isBlank()
              ? "The PSWindowsUpdate PowerShell module is not available on this PC."
              : "The PSWindowsUpdate PowerShell module is not available: " + firstLine(why));
    } else if (nFailed > 0 || !errors.isEmpty()) {
      status = TaskStatus.WARNING;
      String first =
          errors.isEmpty()
              ? null
              : errors.get(0).path("where").asText()
                  + ": "
                  + firstLine(errors.get(0).path("message").asText());
      hr.put(
          "reason",
          nFailed > 0
              ? nFailed
                  + (nFailed == 1 ? " update" : " updates")
                  + " failed to install"
                  + (first == null ? "" : " (" + first + ")")
              : "Windows Update reported an error: " + first);
    } else {
      status = TaskStatus.SUCCESS;
    }
    return new Report(status, hr, r);
  }

  private static void addCount(List<String> notes, String label, int n) {
    if (n > 0) {
      notes.add(label + ": " + n);
    }
  }

  private static String describe(ObjectNode item) {
    String title = item.path("Title").asText("");
    String kb = item.path("KB").asText("");
    if (title.isBlank()) {
      return kb.isBlank() ? "(untitled update)" : kb;
    }
    return kb.isBlank() || title.contains(kb) ? title : title + " (" + kb + ")";
  }

  private static boolean isDriver(ObjectNode item) {
    return item.path("IsDriver").asBoolean(false);
  }

  private static int count(List<ObjectNode> items, Pattern result, Boolean driver) {
    int n = 0;
    for (ObjectNode item : items) {
      if ((driver == null || isDriver(item) == driver)
          && result.matcher(item.path("Result").asText("")).find()) {
        n++;
      }
    }
    return n;
  }

  /** The items of a list (a lone object counts as a list of one), each with every key. */
  static List<ObjectNode> items(JsonNode node, String stage) {
    List<JsonNode> raw = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(raw::add);
    } else if (node.isObject()) {
      raw.add(node);
    }
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode n : raw) {
      if (!n.isObject()) {
        continue;
      }
      ObjectNode item = Json.object();
      item.put("Stage", text(n.get("Stage"), stage));
      item.put("Title", text(n.get("Title"), ""));
      item.put("KB", text(n.get("KB"), ""));
      item.put("Size", text(n.get("Size"), ""));
      String category = text(n.get("Category"), "");
      item.put("Category", category);
      putNullable(item, "Result", n.get("Result"));
      putNullable(item, "Status", n.get("Status"));
      JsonNode d = n.get("IsDriver");
      item.put(
          "IsDriver", d != null && d.isBoolean() ? d.asBoolean() : DRIVER.matcher(category).find());
      out.add(item);
    }
    return out;
  }

  private static List<ObjectNode> errors(JsonNode node) {
    List<ObjectNode> out = new ArrayList<>();
    List<JsonNode> raw = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(raw::add);
    } else if (!node.isMissingNode() && !node.isNull()) {
      raw.add(node);
    }
    for (JsonNode e : raw) {
      ObjectNode o = Json.object();
      if (e.isObject()) {
        o.put("where", text(e.get("where"), "script"));
        o.put("message", text(e.get("message"), ""));
      } else {
        o.put("where", "script");
        o.put("message", e.asText());
      }
      out.add(o);
    }
    return out;
  }

  private static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
    } else if (node.isTextual()) {
      out.add(node.asText());
    }
    return out;
  }

  private static ObjectNode meta(JsonNode node) {
    ObjectNode m = Json.object();
    m.put("module_available", node.path("module_available").asBoolean(false));
    for (String k : List.of("module_version", "get_command", "install_command")) {
      putNullable(m, k, node.get(k));
    }
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              f -> {
                if (!m.has(f.getKey())) {
                  m.set(f.getKey(), f.getValue().deepCopy());
                }
              });
    }
    return m;
  }

  private static ObjectNode timings(JsonNode node) {
    ObjectNode t = Json.object();
    for (String k :
        List.of("pre_scan_seconds", "install_seconds", "post_scan_seconds", "total_seconds")) {
      JsonNode v = node.get(k);
      if (v != null && v.isNumber()) {
        t.put(k, Json.round(v.asDouble(), 3));
      } else {
        t.putNull(k);
      }
    }
    return t;
  }

  private static ArrayNode array(List<ObjectNode> items) {
    ArrayNode a = Json.array();
    items.forEach(a::add);
    return a;
  }

  private static String text(JsonNode v, String fallback) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return fallback;
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }

  private static void putNullable(ObjectNode o, String key, JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode() || (v.isTextual() && v.asText().isEmpty())) {
      o.putNull(key);
    } else {
      o.put(key, text(v, ""));
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.strip().lines().findFirst().orElse("").strip();
  }
}
