package io.autoservice.console.render;

import io.autoservice.common.text.SafeText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table: columns padded to their widest cell, two spaces apart, no trailing blanks.
 * Cells are escaped as they are added ({@link SafeText#line}): agent text stays in its cell, and
 * the columns are as wide as what the terminal shows.
 */
public final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  public Table(String... headers) {
    this.columns = headers.length;
    rows.add(headers);
  }

  public Table add(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("cells: " + cells.length + " (expected: " + columns + ")");
    }
    rows.add(
        Arrays.stream(cells)
            .map(c -> c == null ? "-" : SafeText.line(String.valueOf(c)))
            .toArray(String[]::new));
    return this;
  }

  public void print(Terminal out) {
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(r[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(width[i] - r[i].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }
}
