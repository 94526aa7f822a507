package io.autoservice.agent.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process is really still running.
 *
 * <p>{@link ProcessHandle#isAlive()} is true for a zombie (exited, not yet reaped). Orphans of a
 * killed tree are reparented to PID 1, and where PID 1 does not reap (as in some containers) they
 * stay zombies forever; counting them as alive would make every tree kill wait its full grace.
 */
final class Liveness {

  private static final boolean HAS_PROC = Files.isDirectory(Path.of("/proc/self"));

  private Liveness() {}

  static boolean isAlive(ProcessHandle process) {
    return process.isAlive() && !isZombie(process.pid());
  }

  /** True if Linux's /proc says {@code pid} is a zombie; false where there is no /proc. */
  static boolean isZombie(long pid) {
    if (!HAS_PROC) {
      return false;
    }
    try {
      String stat =
          new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(pid), "stat")),
              StandardCharsets.US_ASCII);
      // Format: "pid (comm) S ...": comm may itself contain ") ", so find the last one.
      int end = stat.lastIndexOf(')');
      char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
      return state == 'Z' || state == 'X';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
