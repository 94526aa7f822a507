package io.autoservice.controller.e2e;

import io.autoservice.controller.e2e.ArchiveAudit.Tally;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fault suite's summary table: one row per scenario, as Markdown, printed and kept in a file.
 */
final class NothingLostTable {
  private static final String[] HEADER = {
    "scenario",
    "runs",
    "events",
    "lost",
    "duplicated",
    "dropped by policy",
    "interrupted",
    "wall time"
  };

  private final List<Tally> rows = new ArrayList<>();

  synchronized void add(Tally t) {
    rows.add(t);
  }

  synchronized String render() {
    List<String[]> cells = new ArrayList<>();
    cells.add(HEADER);
    long runs = 0;
    long events = 0;
    long lost = 0;
    long duplicated = 0;
    long dropped = 0;
    long interrupted = 0;
    long millis = 0;
    for (Tally t : rows) {
      cells.add(
          row(
              t.scenario(),
              t.runs(),
              t.events(),
              t.lost(),
              t.duplicated(),
              t.droppedByPolicy(),
              t.interrupted(),
              t.wall().toMillis()));
      runs += t.runs();
      events += t.events();
      lost += t.lost();
      duplicated += t.duplicated();
      dropped += t.droppedByPolicy();
      interrupted += t.interrupted();
      millis += t.wall().toMillis();
    }
    cells.add(row("**total**", runs, events, lost, duplicated, dropped, interrupted, millis));
    int[] width = new int[HEADER.length];
    for (String[] r : cells) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < cells.size(); k++) {
      out.append(line(cells.get(k), width));
      if (k == 0) {
        String[] rule = new String[HEADER.length];
        for (int i = 0; i < rule.length; i++) {
          rule[i] =
              i == 0 ? "-".repeat(width[i]) : "-".repeat(width[i] - 1) + ":"; // numbers align right
        }
        out.append(line(rule, width));
      }
    }
    return out.toString();
  }

  /** Prints the table to stdout and writes it to {@code file}. */
  void publish(Path file) throws IOException {
    publish(file, "Nothing lost, nothing doubled (real controller and agents, faults injected):");
  }

  /** As {@link #publish(Path)}, under this title. */
  void publish(Path file, String title) throws IOException {
    String table = render();
    System.out.println();
    System.out.println(title);
    System.out.print(table);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, table);
  }

  private static String[] row(
      String name,
      long runs,
      long events,
      long lost,
      long duplicated,
      long dropped,
      long interrupted,
      long millis) {
    return new String[] {
      name,
      Long.toString(runs),
      Long.toString(events),
      Long.toString(lost),
      Long.toString(duplicated),
      Long.toString(dropped),
      Long.toString(interrupted),
      String.format(Locale.ROOT, "%.1f s", millis / 1000.0)
    };
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      String c = cells[i];
      String pad = " ".repeat(width[i] - c.length());
      b.append(' ').append(i == 0 ? c + pad : pad + c).append(" |");
    }
    return b.append('\n').toString();
  }
}
