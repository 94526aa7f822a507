package io.autoservice.agent.tasks.diskcheck;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autoservice.agent.process.OutputListener;
import io.autoservice.agent.process.StreamKind;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.ToolNotRun;
import io.autoservice.agent.tasks.ToolRun;
import io.autoservice.agent.tasks.support.JsonPuts;
import io.autoservice.agent.tasks.support.Tails;
import io.autoservice.agent.tools.Tool;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.plan.TaskParams;
import io.autoservice.common.result.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code winsat_disk}: benchmarks a drive with the Windows System Assessment Tool.
 *
 * <p>An exit code 0 without one disk metric is a {@code warning}, not a result: winsat started
 * without elevation reruns itself in another window and measures nothing here (the original said
 * {@code success}). The flush test is {@code -flush}, the documented switch; the original passed
 * {@code flush} without the dash.
 *
 * <p>Specification: docs/tasks.md#winsat_disk.
 */
public final class WinsatDiskHandler implements TaskHandler {
  static final Duration TIMEOUT = Duration.ofMinutes(15);
  static final int STDOUT_EXCERPT = 2000;
  static final int STDERR_EXCERPT = 1000;
  static final String NO_METRICS = "Benchmark completed but no metrics extracted";

  /** test_mode → winsat arguments before {@code -drive}. */
  static final Map<String, List<String>> MODES =
      Map.of(
          "full", List.of(),
          "random_read", List.of("-ran", "-read"),
          "sequential_read", List.of("-seq", "-read"),
          "sequential_write", List.of("-seq", "-write"),
          "flush", List.of("-flush"));

  private static final ParamSchema PARAMS =
      ParamSchema.of(
          ParamSpec.optional("drive", ParamType.STRING, "Drive letter to benchmark, e.g. C:.")
              .withDefault(TextNode.valueOf("C:")),
          ParamSpec.optional(
                  "test_mode",
                  ParamType.STRING,
                  "full, random_read, sequential_read, sequential_write or flush.")
              .withDefault(TextNode.valueOf("full"))
              .withChoices("full", "random_read", "sequential_read", "sequential_write", "flush"),
          ParamSpec.optional(
              "executable_path", ParamType.STRING, "The winsat program (or its folder) to use."));

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
            "winsat_disk",
            "Benchmarks a drive's read/write speed and latency with WinSAT and rates it.",
            PARAMS,
            TIMEOUT)
        .runs(Tool.WINSAT)
        .onlyOnWindows();
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    TaskParams params = ctx.params();
    String driveParam = params.string("drive").orElse("C:");
    Optional<String> drive = DiskText.drive(driveParam);
    if (drive.isEmpty()) {
      return failure(
          "drive must be a drive letter such as C: (got \"" + driveParam + "\")", null, null);
    }
    String mode = params.string("test_mode").orElse("full").strip().toLowerCase(Locale.ROOT);
    if (!MODES.containsKey(mode)) {
      return failure(
          "Invalid test_mode \""
              + mode
              + "\": expected one of full, random_read,"
              + " sequential_read, sequential_write, flush",
          drive.get(),
          mode);
    }
    int expected = mode.equals("full") ? 5 : 1;
    ToolRun run;
    try {
      run =
          ctx.tool(Tool.WINSAT)
              .args(args(drive.get(), mode))
              .timeout(TIMEOUT)
              .charset(ToolCharset.oem())
              .onLine(progress(ctx, expected))
              .run();
    } catch (ToolNotRun e) {
      return e.withCommand(failure(e.reason(), drive.get(), mode));
    }
    double seconds = run.elapsed().toMillis() / 1000.0;
    return run.withCommand(
        outcome(
            drive.get(),
            mode,
            run.command(),
            run.stdoutLines(),
            run.stderrLines(),
            run.exitCode(),
            seconds));
  }

  /**
   * Each assessment's "Run Time" line (after its "Running: Storage Assessment" line) as progress.
   */
  private static OutputListener progress(TaskContext ctx, int expected) {
    AtomicInteger done = new AtomicInteger();
    String[] running = {null};
    return new OutputListener() {
      @Override
      public void onLine(StreamKind stream, String line) {
        String s = line.strip();
        synchronized (running) {
          if (s.startsWith("> Running: Storage Assessment")) {
            running[0] = s.substring(2);
          } else if (s.startsWith("> Run Time") && running[0] != null) {
            int n = done.incrementAndGet();
            ctx.progress(Math.min(99.0, 100.0 * n / expected), running[0] + " done");
            running[0] = null;
          }
        }
      }
    };
  }

  /** {@code disk [mode switches] -drive C}: winsat's arguments. */
  static List<String> args(String drive, String mode) {
    List<String> cmd = new ArrayList<>(List.of("disk"));
    cmd.addAll(MODES.get(mode));
    cmd.add("-drive");
    cmd.add(drive.substring(0, 1));
    return cmd;
  }

  /** Builds the outcome from a finished (or stopped) run's output. */
  static TaskOutcome outcome(
      String drive,
      String mode,
      List<String> command,
      List<String> stdout,
      List<String> stderr,
      int exitCode,
      double seconds) {
    List<String> all = new ArrayList<>(stdout);
    all.addAll(stderr);
    Map<String, Double> metrics = WinsatOutputParser.parse(all);
    boolean any =
        metrics.entrySet().stream()
            .anyMatch(e -> e.getValue() != null && !e.getKey().equals("total_run_time_seconds"));
    WinsatRating rating = WinsatRating.of(metrics);

    TaskStatus status;
    String reason = null;
    List<String> notes = new ArrayList<>(rating.notes());
    if (exitCode != 0) {
      status = TaskStatus.ERROR;
      String tail = String.join(" | ", Tails.last(all, 2));
      reason = "winsat failed with exit code " + exitCode + (tail.isEmpty() ? "" : ": " + tail);
    } else if (!any) {
      status = TaskStatus.WARNING;
      notes.add(NO_METRICS);
      String tail = String.join(" | ", Tails.last(all, 2));
      reason =
          NO_METRICS + (tail.isEmpty() ? " (winsat printed nothing)" : "; last output: " + tail);
    } else {
      status = TaskStatus.SUCCESS;
    }

    ObjectNode r = Json.object();
    r.put("drive", drive);
    r.put("test_mode", mode);
    JsonPuts.put(r, "duration_seconds", seconds, 2);
    ObjectNode res = r.putObject("results");
    metrics.forEach((k, v) -> JsonPuts.put(res, k, v, 3));
    r.set("command", JsonPuts.strings(command));
    r.put("exit_code", exitCode);
    r.put("stdout_excerpt", Tails.lastChars(String.join("\n", stdout), STDOUT_EXCERPT));
    r.put("stderr_excerpt", Tails.lastChars(String.join("\n", stderr), STDERR_EXCERPT));
    if (status == TaskStatus.ERROR) {
      r.put("error", reason);
    } else if (status == TaskStatus.WARNING) {
      r.put("warning", reason);
    }

    ObjectNode hr = Json.object();
    hr.put("verdict", rating.verdict());
    hr.set("notes", JsonPuts.strings(notes));
    JsonPuts.put(hr, "score", rating.score(), 1);
    if (rating.stars() == null) {
      hr.putNull("rating_stars");
    } else {
      hr.put("rating_stars", rating.stars().intValue());
    }
    if (reason != null) {
      hr.put("reason", reason);
    }
    return TaskOutcome.of(status, hr, r);
  }

  /** An error before or instead of a run, with the keys known so far. */
  private static TaskOutcome failure(String reason, String drive, String mode) {
    ObjectNode r = Json.object();
    if (drive != null) {
      r.put("drive", drive);
    }
    if (mode != null) {
      r.put("test_mode", mode);
    }
    r.put("error", reason);
    return TaskOutcome.reason(TaskStatus.ERROR, reason, r);
  }
}
