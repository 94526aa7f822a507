package io.autoservice.bench.controller;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Linux says about a process: RSS and threads from {@code /proc/<pid>/status}, CPU time from
 * {@code /proc/<pid>/stat}, and the Java heap in use from {@code jcmd <pid> GC.heap_info}.
 */
public final class ProcStats {
  /** One reading. {@code cpuTicks} is utime + stime in clock ticks. */
  public record Sample(long rssKb, int threads, long cpuTicks, long nanoTime) {}

  private static final Pattern USED = Pattern.compile("used (\\d+)K");
  private static final long TICKS_PER_SECOND = clockTicks();

  private ProcStats() {}

  public static Sample sample(long pid) throws IOException {
    long rss = 0;
    int threads = 0;
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
      } else if (line.startsWith("Threads:")) {
        threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
      }
    }
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // Fields after the command name (which may hold spaces) start after the last ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    long cpu = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14, 15 of stat
    return new Sample(rss, threads, cpu, System.nanoTime());
  }

  /**
   * utime + stime + cutime + cstime of {@code pid}: its own CPU and that of the children it waited
   * for (PostgreSQL's postmaster reaps the backends that ended).
   */
  public static long cpuTicksWithReapedChildren(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    return Long.parseLong(f[11])
        + Long.parseLong(f[12])
        + Long.parseLong(f[13])
        + Long.parseLong(f[14]);
  }

  /** CPU seconds of {@code ticks} clock ticks. */
  public static double ticksToSeconds(long ticks) {
    return ticks / (double) TICKS_PER_SECOND;
  }

  /** CPU seconds used between two samples. */
  public static double cpuSeconds(Sample a, Sample b) {
    return (b.cpuTicks() - a.cpuTicks()) / (double) TICKS_PER_SECOND;
  }

  /** CPU used between two samples, as percent of one core. */
  public static double cpuPercent(Sample a, Sample b) {
    double cpuSeconds = (b.cpuTicks() - a.cpuTicks()) / (double) TICKS_PER_SECOND;
    double wallSeconds = (b.nanoTime() - a.nanoTime()) / 1e9;
    return wallSeconds <= 0 ? 0 : 100.0 * cpuSeconds / wallSeconds;
  }

  /**
   * Heap in use in KiB per {@code jcmd GC.heap_info}, or -1 when jcmd is missing or says nothing
   * usable.
   */
  public static long heapUsedKb(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p =
          new ProcessBuilder(
                  Files.exists(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid), "GC.heap_info")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      Matcher m = USED.matcher(out);
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
      String s = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor(5, TimeUnit.SECONDS);
      return Long.parseLong(s);
    } catch (IOException | RuntimeException e) {
      return 100; // the Linux default
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
