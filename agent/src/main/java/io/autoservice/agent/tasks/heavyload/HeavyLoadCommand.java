package io.autoservice.agent.tasks.heavyload;

import io.autoservice.agent.tasks.support.Durations;
import io.autoservice.common.plan.TaskParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One HeavyLoad run, validated: which loads, for how long, with or without a window, and the
 * command line for it: {@code <exe> [/CPU [n]] [/MEMORY [n]] [/FILE [n] [/TESTFILEPATH <p>]] [/GPU]
 * [/DURATION <min> /AUTOEXIT] [/NOGUI] /START} — {@code /START} last, as HeavyLoad requires.
 *
 * @param durationMinutes minutes to run (HeavyLoad stops itself, {@code /AUTOEXIT}), or null to run
 *     until its window is closed (only with a window)
 * @param headless {@code /NOGUI}
 * @param cpu {@code /CPU}
 * @param cpuCores cores to load, or null for all (only with {@code cpu})
 * @param memory {@code /MEMORY}
 * @param memoryThresholdMb free memory (MB) HeavyLoad leaves, or null for its default
 * @param disk {@code /FILE}
 * @param diskThresholdMb free disk space (MB) HeavyLoad leaves, or null for its default
 * @param testfilePath where the test file goes, or null for HeavyLoad's default (only with {@code
 *     disk})
 * @param gpu {@code /GPU}
 * @param notes parameters that were given but have no effect, one sentence each
 */
public record HeavyLoadCommand(
    Integer durationMinutes,
    boolean headless,
    boolean cpu,
    Integer cpuCores,
    boolean memory,
    Integer memoryThresholdMb,
    boolean disk,
    Integer diskThresholdMb,
    String testfilePath,
    boolean gpu,
    List<String> notes) {

  /** How much longer than its duration HeavyLoad may take to stop before its tree is killed. */
  public static final Duration MARGIN = Duration.ofMinutes(5);

  /** The longest duration a plan may ask for. */
  public static final int MAX_MINUTES = 240;

  /**
   * An absolute Windows path: {@code C:\…} or {@code C:/…}, or a UNC path {@code \\server\share…}.
   * Nothing HeavyLoad could read as a switch ({@code /X}, {@code -X}), no quotes, wildcards or
   * control characters.
   */
  private static final Pattern ABSOLUTE_WINDOWS_PATH =
      Pattern.compile("(?:[A-Za-z]:[\\\\/]|\\\\\\\\[^\\\\/:]+[\\\\/][^\\\\/:]+)[^:]*");

  private static final Pattern FORBIDDEN = Pattern.compile("[\"*?<>|\\p{Cntrl}]");

  public HeavyLoadCommand {
    notes = List.copyOf(notes);
  }

  /**
   * Reads and checks the parameters (their types and ranges were checked against the schema).
   *
   * @throws IllegalArgumentException with a sentence for the technician
   */
  public static HeavyLoadCommand from(TaskParams p, HeavyLoadMode mode) {
    List<String> notes = new ArrayList<>();
    boolean cpu = p.flag("stress_cpu");
    boolean memory = p.flag("stress_memory");
    boolean disk = p.flag("stress_disk");
    boolean gpu = p.flag("stress_gpu");
    if (mode.alias()) {
      if (p.has(mode.forcedFlag()) && !p.flag(mode.forcedFlag())) {
        notes.add(mode.forcedFlag() + " is always on for " + mode.type());
      }
      switch (mode) {
        case CPU -> cpu = true;
        case MEMORY -> memory = true;
        case GPU -> gpu = true;
        default -> {}
      }
    }
    if (!(cpu || memory || disk || gpu)) {
      throw new IllegalArgumentException(
          "nothing to stress: set at least one of stress_cpu, stress_memory, stress_disk, stress_gpu to true");
    }
    Integer minutes = duration(p, mode);
    boolean headless = p.flag("headless");
    if (headless && minutes == null) {
      throw new IllegalArgumentException(
          "duration_minutes (1-"
              + MAX_MINUTES
              + ") is required when headless is true: without a window"
              + " HeavyLoad would only stop when killed");
    }
    Integer cores = intParam(p, "cpu_cores", cpu, "stress_cpu", notes);
    Integer memMb = intParam(p, "memory_threshold_mb", memory, "stress_memory", notes);
    Integer diskMb = intParam(p, "disk_threshold_mb", disk, "stress_disk", notes);
    String testfile = null;
    if (p.has("testfile_path")) {
      String raw = p.string("testfile_path").orElse("").strip();
      if (!disk) {
        notes.add("testfile_path is ignored: stress_disk is off");
      } else if (!raw.isEmpty()) {
        if (raw.length() > 1024
            || FORBIDDEN.matcher(raw).find()
            || !ABSOLUTE_WINDOWS_PATH.matcher(raw).matches()) {
          throw new IllegalArgumentException(
              "testfile_path must be an absolute Windows path such as C:\\Temp or \\\\server\\share"
                  + " (no quotes, wildcards or control characters), got \""
                  + printable(raw)
                  + "\"");
        }
        testfile = raw;
      }
    }
    if (minutes == null) {
      notes.add(
          "no duration: HeavyLoad runs until its window is closed (at most "
              + Durations.text(timeoutFor(null))
              + ")");
    }
    return new HeavyLoadCommand(
        minutes, headless, cpu, cores, memory, memMb, disk, diskMb, testfile, gpu, notes);
  }

  /**
   * {@code duration_minutes}, or for an alias also {@code minutes} (default 1); the two must agree.
   */
  private static Integer duration(TaskParams p, HeavyLoadMode mode) {
    Integer given =
        p.has("duration_minutes")
            ? Math.toIntExact(p.integer("duration_minutes").orElseThrow())
            : null;
    if (!mode.alias()) {
      return given;
    }
    Integer minutes = p.has("minutes") ? Math.toIntExact(p.integer("minutes").orElseThrow()) : null;
    if (given != null && minutes != null && !given.equals(minutes)) {
      throw new IllegalArgumentException(
          "minutes ("
              + minutes
              + ") and duration_minutes ("
              + given
              + ") disagree; give one of them");
    }
    return given != null ? given : minutes != null ? minutes : HeavyLoadMode.ALIAS_DEFAULT_MINUTES;
  }

  private static Integer intParam(
      TaskParams p, String name, boolean on, String flag, List<String> notes) {
    if (!p.has(name)) {
      return null;
    }
    if (!on) {
      notes.add(name + " is ignored: " + flag + " is off");
      return null;
    }
    return Math.toIntExact(p.integer(name).orElseThrow());
  }

  /** The arguments after the program, {@code /START} last. */
  public List<String> args() {
    List<String> cmd = new ArrayList<>();
    if (cpu) {
      cmd.add("/CPU");
      if (cpuCores != null) {
        cmd.add(cpuCores.toString());
      }
    }
    if (memory) {
      cmd.add("/MEMORY");
      if (memoryThresholdMb != null) {
        cmd.add(memoryThresholdMb.toString());
      }
    }
    if (disk) {
      cmd.add("/FILE");
      if (diskThresholdMb != null) {
        cmd.add(diskThresholdMb.toString());
      }
      if (testfilePath != null) {
        cmd.add("/TESTFILEPATH");
        cmd.add(testfilePath);
      }
    }
    if (gpu) {
      cmd.add("/GPU");
    }
    if (durationMinutes != null) {
      cmd.add("/DURATION");
      cmd.add(durationMinutes.toString());
      cmd.add("/AUTOEXIT");
    }
    if (headless) {
      cmd.add("/NOGUI");
    }
    cmd.add("/START");
    return cmd;
  }

  /** The loads, e.g. {@code CPU + RAM}. */
  public String loads() {
    List<String> l = new ArrayList<>();
    if (cpu) {
      l.add("CPU");
    }
    if (memory) {
      l.add("RAM");
    }
    if (disk) {
      l.add("disk");
    }
    if (gpu) {
      l.add("GPU");
    }
    return String.join(" + ", l);
  }

  /** How long HeavyLoad should run, or null if until closed. */
  public Duration expected() {
    return durationMinutes == null ? null : Duration.ofMinutes(durationMinutes);
  }

  /**
   * The duration plus {@link #MARGIN}; without a duration the longest allowed one plus the margin.
   */
  public static Duration timeoutFor(Integer minutes) {
    return Duration.ofMinutes(minutes == null ? MAX_MINUTES : minutes).plus(MARGIN);
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(80).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
