package io.autoservice.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bench's one table: rows of (section, metric, value, unit), printed aligned and written as
 * JSON together with the machine, the build and the options used, so two runs can be compared.
 */
public final class Results {
  /** One measured value. {@code value} is a Number, or a String for what is not a number. */
  public record Row(String section, String metric, Object value, String unit) {}

  private final List<Row> rows = new ArrayList<>();
  private final Map<String, Object> options = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  public synchronized void add(String section, String metric, Object value, String unit) {
    rows.add(new Row(section, metric, value, unit));
  }

  public synchronized void option(String name, Object value) {
    options.put(name, value);
  }

  public synchronized void note(String text) {
    notes.add(text);
  }

  public synchronized List<Row> rows() {
    return List.copyOf(rows);
  }

  public synchronized void print(PrintStream out) {
    int s = "section".length();
    int m = "metric".length();
    int v = "value".length();
    for (Row r : rows) {
      s = Math.max(s, r.section().length());
      m = Math.max(m, r.metric().length());
      v = Math.max(v, format(r.value()).length());
    }
    String fmt = "%-" + s + "s  %-" + m + "s  %" + v + "s  %s%n";
    out.printf(fmt, "section", "metric", "value", "unit");
    out.printf(fmt, "-".repeat(s), "-".repeat(m), "-".repeat(v), "----");
    for (Row r : rows) {
      out.printf(fmt, r.section(), r.metric(), format(r.value()), r.unit());
    }
    notes.forEach(n -> out.println("note: " + n));
  }

  /**
   * Writes {machine, build, options, results: {section: {metric_unit: value}}, table: [...],
   * notes}; section and metric keys are snake_case ({@code
   * dispatch_to_all.every_run_finished_runfinished_acked_ms}).
   */
  public synchronized void write(Path file, Map<String, Object> machine, Map<String, Object> build)
      throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.set("machine", json.valueToTree(machine));
    root.set("build", json.valueToTree(build));
    root.set("options", json.valueToTree(options));
    ObjectNode results = root.putObject("results");
    for (Row r : rows) {
      String section = key(r.section(), "");
      ObjectNode sec =
          results.has(section) ? (ObjectNode) results.get(section) : results.putObject(section);
      sec.set(key(r.metric(), r.unit()), json.valueToTree(r.value()));
    }
    root.set("table", json.valueToTree(rows));
    root.set("notes", json.valueToTree(notes));
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    json.writeValue(file.toFile(), root);
  }

  /** JSON keys carry the unit, so {@code "connect_all_s"} says what the number is. */
  static String key(String metric, String unit) {
    String k =
        metric.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    String u =
        unit.toLowerCase(Locale.ROOT)
            .replace("%", "pct")
            .replaceAll("[^a-z0-9]+", "_")
            .replaceAll("^_|_$", "");
    return u.isEmpty() ? k : k + "_" + u;
  }

  private static String format(Object v) {
    if (v instanceof Double d) {
      return Math.abs(d) >= 100
          ? String.format(Locale.ROOT, "%,.0f", d)
          : String.format(Locale.ROOT, "%.2f", d);
    }
    if (v instanceof Long || v instanceof Integer) {
      return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
    }
    return String.valueOf(v);
  }
}
