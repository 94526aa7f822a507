package io.autoservice.bench.controller;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Established TCP connections whose local port is a controller's listening port, from Linux's
 * {@code /proc/net/tcp} and {@code tcp6}: what a replica holds, counted from the kernel rather than
 * from the bench's plan of which agent goes where.
 */
public final class HeldConnections {
  private static final String ESTABLISHED = "01";

  private HeldConnections() {}

  public static int count(int port) throws IOException {
    int n = 0;
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path p = Path.of(table);
      if (Files.exists(p)) {
        n += count(Files.readAllLines(p), port);
      }
    }
    return n;
  }

  /** Rows of one table (header first) in state ESTABLISHED with local port {@code port}. */
  static int count(List<String> rows, int port) {
    int n = 0;
    for (String row : rows.subList(Math.min(1, rows.size()), rows.size())) {
      String[] f = row.trim().split("\\s+");
      if (f.length < 4 || !f[3].equals(ESTABLISHED)) {
        continue;
      }
      String local = f[1];
      int colon = local.lastIndexOf(':');
      if (colon > 0 && Integer.parseInt(local.substring(colon + 1), 16) == port) {
        n++;
      }
    }
    return n;
  }
}
