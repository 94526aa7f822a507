package io.autoservice.controller.hostile;

import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The hostile-peer suite's summary: one row per attack surface, as Markdown, printed and kept. */
final class HostileTable {
  private static final class Row {
    int cases;
    int held;
    int restarts;
    final Map<String, Integer> outcomes = new TreeMap<>();
    final List<String> broken = new ArrayList<>();
  }

  private final Map<String, Row> rows = new LinkedHashMap<>();

  /** One case: how the controller answered it, and the promise it broke (null if none). */
  synchronized void add(String surface, Status.Code answer, String broken) {
    Row r = rows.computeIfAbsent(surface, k -> new Row());
    r.cases++;
    r.outcomes.merge(answer.name(), 1, Integer::sum);
    if (broken == null) {
      r.held++;
    } else if (r.broken.size() < 3) {
      r.broken.add(broken);
    }
  }

  synchronized void restarted(String surface, String broken) {
    Row r = rows.computeIfAbsent(surface, k -> new Row());
    r.restarts++;
    if (broken != null) {
      r.broken.add("after a restart: " + broken);
    }
  }

  synchronized String render() {
    StringBuilder b = new StringBuilder();
    b.append("| surface | cases | held | restarts | the controller's answers |\n");
    b.append("|---|---:|---:|---:|---|\n");
    int cases = 0;
    int held = 0;
    int restarts = 0;
    for (Map.Entry<String, Row> e : rows.entrySet()) {
      Row r = e.getValue();
      b.append("| ")
          .append(e.getKey())
          .append(" | ")
          .append(r.cases)
          .append(" | ")
          .append(r.held)
          .append(" | ")
          .append(r.restarts)
          .append(" | ")
          .append(answers(r.outcomes))
          .append(" |\n");
      cases += r.cases;
      held += r.held;
      restarts += r.restarts;
    }
    b.append("| **total** | ")
        .append(cases)
        .append(" | ")
        .append(held)
        .append(" | ")
        .append(restarts)
        .append(" | |\n");
    rows.forEach(
        (surface, r) ->
            r.broken.forEach(
                x -> b.append("- ").append(surface).append(": ").append(x).append('\n')));
    return b.toString();
  }

  synchronized boolean allHeld() {
    return rows.values().stream().allMatch(r -> r.held == r.cases && r.broken.isEmpty());
  }

  private static String answers(Map<String, Integer> outcomes) {
    List<String> parts = new ArrayList<>();
    outcomes.forEach((code, n) -> parts.add(code + " " + n));
    return String.join(", ", parts);
  }

  void publish(Path file) throws IOException {
    String text = render();
    System.out.println("Hostile peers:\n" + text);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
