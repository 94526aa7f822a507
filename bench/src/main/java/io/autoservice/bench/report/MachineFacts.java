package io.autoservice.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The machine and the build a result was measured on: without them two results cannot be compared.
 */
public final class MachineFacts {
  private MachineFacts() {}

  public static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("ram_mb", memTotalKb() / 1024);
    m.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    m.put("os_release", prettyName());
    m.put("java_version", System.getProperty("java.runtime.version"));
    m.put("java_vm", System.getProperty("java.vm.name"));
    return m;
  }

  /** The git commit of the working tree the bench runs from (dirty marked), or "unknown". */
  public static Map<String, Object> build(Path repoDir) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("git_commit", git(repoDir, "rev-parse", "HEAD"));
    String status = git(repoDir, "status", "--porcelain", "--untracked-files=no");
    b.put("git_dirty", status.equals("unknown") ? "unknown" : (Object) !status.isEmpty());
    b.put("git_branch", git(repoDir, "rev-parse", "--abbrev-ref", "HEAD"));
    String v = MachineFacts.class.getPackage().getImplementationVersion();
    b.put("bench_version", v == null ? "dev" : v);
    return b;
  }

  private static long memTotalKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: unknown
    }
    return -1;
  }

  private static String prettyName() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("PRETTY_NAME=")) {
          return line.substring("PRETTY_NAME=".length()).replace("\"", "");
        }
      }
    } catch (IOException e) {
      // unknown
    }
    return "unknown";
  }

  private static String git(Path dir, String... args) {
    try {
      String[] cmd = new String[args.length + 3];
      cmd[0] = "git";
      cmd[1] = "-C";
      cmd[2] = dir.toString();
      System.arraycopy(args, 0, cmd, 3, args.length);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
