package io.autoservice.agent.tasks.furmark;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.support.Durations;
import io.autoservice.agent.tasks.support.JsonPuts;
import io.autoservice.agent.tasks.support.Tails;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds a FurMark task's outcome from its output and how it ended. Pure: no I/O, never throws. */
public final class FurMarkOutcome {
  /** Above this (°C) a GPU gets a "check cooling" note. */
  public static final int NOTE_TEMPERATURE_C = 90;

  /** Above this (°C) the task is a {@code warning}. */
  public static final int WARNING_TEMPERATURE_C = 95;

  static final int EXCERPT_CHARS = 1000;
  static final int PREVIEW_LINES = 10;

  /** A demo shorter than this share of {@code --max-time} is pointed out in the notes. */
  static final double SHORT_SHARE = 0.9;

  private FurMarkOutcome() {}

  public static TaskOutcome of(
      FurMarkCommand cmd,
      List<String> stdout,
      List<String> stderr,
      int exitCode,
      Duration elapsed,
      boolean timedOut,
      boolean cancelled) {
    FurMarkOutput out = FurMarkOutputParser.parse(stdout);
    ObjectNode results = results(out);
    results.put("duration_seconds", cmd.durationSeconds());
    results.put("exit_code", exitCode);
    results.put(
        "stdout_excerpt", Tails.lastChars(String.join("\n", stdout).strip(), EXCERPT_CHARS));
    results.put(
        "stderr_excerpt", Tails.lastChars(String.join("\n", stderr).strip(), EXCERPT_CHARS));

    List<String> notes = new ArrayList<>();
    String hottest = null;
    int hottestTemp = Integer.MIN_VALUE;
    for (FurMarkGpu g : out.gpus()) {
      Integer t = g.maxTemperatureC();
      if (t != null && t > NOTE_TEMPERATURE_C) {
        String who = out.gpus().size() > 1 ? "GPU " + g.index() + " (" + g.name() + "): " : "";
        notes.add(who + "max GPU temperature " + t + " °C — check cooling");
      }
      if (t != null && t > WARNING_TEMPERATURE_C && t > hottestTemp) {
        hottestTemp = t;
        hottest =
            "GPU "
                + g.index()
                + " ("
                + g.name()
                + ") reached "
                + t
                + " °C, above "
                + WARNING_TEMPERATURE_C
                + " °C — check cooling";
      }
    }
    if (out.statsFound() && out.gpus().isEmpty()) {
      notes.add("FurMark reported no GPU sensor data (temperature not monitored)");
    }
    if (out.durationMs() != null
        && out.durationMs() < SHORT_SHARE * cmd.durationSeconds() * 1000.0) {
      notes.add(
          "FurMark ran "
              + Durations.text(Duration.ofMillis(out.durationMs()))
              + " of the "
              + Durations.text(cmd.expected())
              + " asked");
    }

    TaskStatus status;
    String reason;
    String verdict;
    if (timedOut) {
      status = TaskStatus.ERROR;
      verdict = "failed";
      reason =
          "FurMark did not stop after its --max-time of "
              + Durations.text(cmd.expected())
              + "; it was killed after "
              + Durations.text(FurMarkCommand.timeoutFor(cmd.durationSeconds()));
    } else if (cancelled) {
      status = TaskStatus.ERROR;
      verdict = "failed";
      reason = "FurMark was stopped after " + Durations.text(elapsed) + ", before it finished";
    } else if (exitCode != 0) {
      status = TaskStatus.ERROR;
      verdict = "failed";
      String last = Tails.lastLine(stderr);
      if (last.isEmpty()) {
        last = Tails.lastLine(stdout);
      }
      reason = "FurMark exited with code " + exitCode + (last.isEmpty() ? "" : ": " + cut(last));
    } else if (!out.statsFound()) {
      status = TaskStatus.WARNING;
      verdict = "unknown";
      reason = "FurMark ended without printing its results (no \"Demo Quick Stats\")";
      List<String> all = new ArrayList<>(stdout);
      all.addAll(stderr);
      results.put("output_preview", Tails.lastLines(all, PREVIEW_LINES));
    } else if (hottest != null) {
      status = TaskStatus.WARNING;
      verdict = "overheating";
      reason = hottest;
    } else {
      status = TaskStatus.SUCCESS;
      verdict = "passed";
      reason = null;
    }
    if (status == TaskStatus.ERROR) {
      results.put("error", reason);
      results.put("stderr", Tails.lastChars(String.join("\n", stderr).strip(), EXCERPT_CHARS));
    }

    ObjectNode hr = Json.object();
    hr.put("verdict", verdict);
    hr.put("summary", summaryLine(cmd, out));
    JsonPuts.put(hr, "max_temperature_c", out.maxTemperatureC());
    ArrayNode notesJson = hr.putArray("notes");
    notes.forEach(notesJson::add);
    if (reason != null) {
      hr.put("reason", reason);
    }
    return TaskOutcome.of(status, hr, results);
  }

  /** An error before FurMark ran, with the keys known so far. */
  public static TaskOutcome failure(String reason, FurMarkCommand cmd) {
    ObjectNode results = Json.object();
    if (cmd != null) {
      results.put("duration_seconds", cmd.durationSeconds());
    }
    results.put("error", reason);
    ObjectNode hr = Json.object();
    hr.put("verdict", "failed");
    hr.putArray("notes");
    hr.put("reason", reason);
    return TaskOutcome.of(TaskStatus.ERROR, hr, results);
  }

  /** The original's summary keys, in its order. */
  static ObjectNode results(FurMarkOutput o) {
    ObjectNode r = Json.object();
    JsonPuts.put(r, "demo", o.demo());
    JsonPuts.put(r, "renderer", o.renderer());
    JsonPuts.put(r, "api", o.api());
    ObjectNode res = r.putObject("resolution");
    JsonPuts.put(res, "width", o.width());
    JsonPuts.put(res, "height", o.height());
    JsonPuts.put(r, "frames", o.frames());
    JsonPuts.put(r, "duration_ms", o.durationMs());
    ObjectNode fps = r.putObject("fps");
    JsonPuts.put(fps, "min", o.fpsMin());
    JsonPuts.put(fps, "avg", o.fpsAvg());
    JsonPuts.put(fps, "max", o.fpsMax());
    ArrayNode gpus = r.putArray("gpus");
    for (FurMarkGpu g : o.gpus()) {
      ObjectNode n = gpus.addObject();
      n.put("index", g.index());
      JsonPuts.put(n, "name", g.name());
      JsonPuts.put(n, "id", g.id());
      JsonPuts.put(n, "max_temperature_c", g.maxTemperatureC());
      JsonPuts.put(n, "max_usage_percent", g.maxUsagePercent());
      JsonPuts.put(n, "max_core_clock_mhz", g.maxCoreClockMhz());
      JsonPuts.put(n, "min_core_clock_mhz", g.minCoreClockMhz());
    }
    return r;
  }

  /** E.g. {@code furmark-gl 1920x1080 for 1 min: 103 FPS average (96–108), GPU max 52 °C}. */
  static String summaryLine(FurMarkCommand cmd, FurMarkOutput o) {
    StringBuilder b = new StringBuilder();
    b.append(cmd.demo())
        .append(' ')
        .append(cmd.width())
        .append('x')
        .append(cmd.height())
        .append(" for ")
        .append(Durations.text(cmd.expected()));
    if (o.fpsAvg() != null) {
      b.append(": ")
          .append(o.fpsAvg())
          .append(" FPS average (")
          .append(o.fpsMin())
          .append('–')
          .append(o.fpsMax())
          .append(')');
    } else {
      b.append(": no results");
    }
    if (o.maxTemperatureC() != null) {
      b.append(", GPU max ").append(o.maxTemperatureC()).append(" °C");
    }
    return b.toString();
  }

  /** A last line as a reason quotes it: at most 200 characters. */
  private static String cut(String line) {
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
