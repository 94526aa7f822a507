package io.autoservice.agent.tasks.heavyload;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.support.Durations;
import io.autoservice.agent.tasks.support.JsonPuts;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a HeavyLoad task's outcome from how the run ended. Pure: no I/O, never throws. HeavyLoad
 * reports through its window, not its console, so there is nothing to parse: the result is the
 * run's intent, its exit code and the first {@value #EXCERPT_CHARS} characters of what it printed.
 */
public final class HeavyLoadOutcome {
  /** The original's excerpt length. */
  static final int EXCERPT_CHARS = 500;

  /** An exit before this share of the asked duration is pointed out in the notes. */
  static final double EARLY_SHARE = 0.9;

  private HeavyLoadOutcome() {}

  /**
   * The outcome of a finished, killed or stopped run.
   *
   * @param elapsed how long HeavyLoad ran
   * @param timedOut HeavyLoad outlived its duration plus the margin and its tree was killed
   * @param cancelled the task was stopped (its timeout or the run's cancellation) and the tree
   *     killed
   */
  public static TaskOutcome of(
      HeavyLoadCommand cmd,
      int exitCode,
      String stdout,
      String stderr,
      Duration elapsed,
      boolean timedOut,
      boolean cancelled) {
    ObjectNode results = intent(cmd);
    results.put("exit_code", exitCode);
    results.put("stdout_excerpt", excerpt(stdout));
    results.put("stderr_excerpt", excerpt(stderr));

    List<String> notes = new ArrayList<>(cmd.notes());
    String reason = null;
    String early = null;
    if (timedOut) {
      reason =
          "HeavyLoad did not stop by itself within "
              + Durations.text(HeavyLoadCommand.timeoutFor(cmd.durationMinutes()))
              + " (its duration plus a "
              + HeavyLoadCommand.MARGIN.toMinutes()
              + "-minute margin), so it was killed";
    } else if (cancelled) {
      reason = "HeavyLoad was stopped after " + Durations.text(elapsed) + ", before it finished";
    } else if (exitCode != 0) {
      String firstErr = firstLine(stderr);
      reason = "HeavyLoad exited with code " + exitCode + (firstErr == null ? "" : ": " + firstErr);
    } else if (cmd.durationMinutes() != null
        && elapsed.toMillis() < EARLY_SHARE * cmd.expected().toMillis()) {
      // HeavyLoad says nothing on its console: an early clean exit (a refused load, a closed
      // window) is indistinguishable from a load never applied, so a technician must look.
      early =
          "HeavyLoad ended after "
              + Durations.text(elapsed)
              + " of the "
              + Durations.text(cmd.expected())
              + " asked; check that the load was applied";
      notes.add(early);
    }
    TaskStatus status =
        reason != null ? TaskStatus.ERROR : early != null ? TaskStatus.WARNING : TaskStatus.SUCCESS;
    if (reason != null) {
      results.put("message", reason);
      results.put("error", reason);
    }
    ObjectNode hr = Json.object();
    String verdict = reason != null ? "failed" : early != null ? "ended early" : "completed";
    hr.put("summary", summaryLine(cmd, verdict));
    hr.put("verdict", verdict);
    ArrayNode notesJson = hr.putArray("notes");
    notes.forEach(notesJson::add);
    if (reason != null || early != null) {
      hr.put("reason", reason != null ? reason : early);
    }
    return TaskOutcome.of(status, hr, results);
  }

  /** An error before HeavyLoad ran (invalid parameters), with the keys known so far. */
  public static TaskOutcome invalid(String reason) {
    ObjectNode results = Json.object();
    results.put("error", reason);
    return TaskOutcome.reason(TaskStatus.ERROR, reason, results);
  }

  /** An error before HeavyLoad ran (not found, could not start), with the run's intent. */
  public static TaskOutcome failure(HeavyLoadCommand cmd, String reason) {
    ObjectNode results = intent(cmd);
    results.put("message", reason);
    results.put("error", reason);
    ObjectNode hr = Json.object();
    hr.put("summary", summaryLine(cmd, "not run"));
    hr.put("verdict", "failed");
    ArrayNode notes = hr.putArray("notes");
    cmd.notes().forEach(notes::add);
    hr.put("reason", reason);
    return TaskOutcome.of(TaskStatus.ERROR, hr, results);
  }

  /** The original's keys for what was asked, in its order; optional ones only when used. */
  static ObjectNode intent(HeavyLoadCommand cmd) {
    ObjectNode r = Json.object();
    JsonPuts.put(r, "duration_minutes", cmd.durationMinutes());
    r.put("headless", cmd.headless());
    r.put("stress_cpu", cmd.cpu());
    r.put("stress_memory", cmd.memory());
    r.put("stress_disk", cmd.disk());
    r.put("stress_gpu", cmd.gpu());
    if (cmd.cpuCores() != null) {
      r.put("cpu_cores", cmd.cpuCores());
    }
    if (cmd.memoryThresholdMb() != null) {
      r.put("memory_threshold_mb", cmd.memoryThresholdMb());
    }
    if (cmd.diskThresholdMb() != null) {
      r.put("disk_threshold_mb", cmd.diskThresholdMb());
    }
    if (cmd.testfilePath() != null) {
      r.put("testfile_path", cmd.testfilePath());
    }
    return r;
  }

  /** E.g. {@code CPU + RAM stress test for 1 min (HeavyLoad, no window): completed}. */
  static String summaryLine(HeavyLoadCommand cmd, String how) {
    String length =
        cmd.durationMinutes() == null ? " until closed" : " for " + Durations.text(cmd.expected());
    return cmd.loads()
        + " stress test"
        + length
        + " (HeavyLoad, "
        + (cmd.headless() ? "no window" : "with window")
        + "): "
        + how;
  }

  /** The first {@value #EXCERPT_CHARS} characters of the stripped text, as the original kept. */
  static String excerpt(String s) {
    String t = s == null ? "" : s.strip();
    return t.length() <= EXCERPT_CHARS ? t : t.substring(0, EXCERPT_CHARS);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return null;
    }
    for (String line : s.split("\n")) {
      if (!line.isBlank()) {
        String l = line.strip();
        return l.length() > 200 ? l.substring(0, 200) : l;
      }
    }
    return null;
  }
}
