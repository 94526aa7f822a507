package io.autoservice.agent.tasks.iperf;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autoservice.agent.process.ProcessRunner;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.ToolNotRun;
import io.autoservice.agent.tasks.ToolRun;
import io.autoservice.agent.tasks.support.DaemonThreads;
import io.autoservice.agent.tools.Tool;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.result.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code iperf_test}: measures throughput to an iperf3 server over a set time and rates its
 * stability.
 *
 * <p>With {@code --json} iperf3 prints nothing until the end, so progress comes from the elapsed
 * time. {@code extra_args} that would make iperf3 a server, point it elsewhere or touch local files
 * are refused ({@link IperfCommand#checkExtraArgs}): a fleet plan comes from the controller, not
 * from someone at this PC.
 *
 * <p>Specification: docs/tasks.md#iperf_test.
 */
public final class IperfTestHandler implements TaskHandler {
  static final int SLACK_SECONDS = 60;
  static final int EXCERPT_CHARS = 1000;

  /**
   * Output beyond this many lines per stream loses its middle (and the run is reported as
   * unreadable).
   */
  static final int MAX_OUTPUT_LINES = 5_000_000;

  private static final ParamSchema PARAMS =
      ParamSchema.of(
          ParamSpec.required(
              "server", ParamType.STRING, "Host name or IP address of the iperf3 server."),
          ParamSpec.optional("port", ParamType.INTEGER, "Server port.")
              .withDefault(IntNode.valueOf(5201))
              .withRange(1.0, 65535.0),
          ParamSpec.optional(
                  "duration_minutes",
                  ParamType.INTEGER,
                  "Test length in minutes (this or duration_seconds).")
              .withRange(1.0, 240.0),
          ParamSpec.optional(
                  "duration_seconds",
                  ParamType.INTEGER,
                  "Test length in seconds, for short checks.")
              .withRange(1.0, 14400.0),
          ParamSpec.optional("protocol", ParamType.STRING, "tcp or udp.")
              .withDefault(TextNode.valueOf("tcp"))
              .withChoices("tcp", "udp"),
          ParamSpec.optional("reverse", ParamType.BOOLEAN, "Server sends (a download test).")
              .withDefault(BooleanNode.FALSE),
          ParamSpec.optional("parallel_streams", ParamType.INTEGER, "Parallel streams (-P).")
              .withDefault(IntNode.valueOf(1))
              .withRange(1.0, 128.0),
          ParamSpec.optional(
                  "omit_seconds", ParamType.INTEGER, "Warm-up seconds not counted (--omit).")
              .withDefault(IntNode.valueOf(0))
              .withRange(0.0, 600.0),
          ParamSpec.optional("interval_seconds", ParamType.INTEGER, "Reporting interval (-i).")
              .withDefault(IntNode.valueOf(1))
              .withRange(1.0, 60.0),
          ParamSpec.optional("bandwidth", ParamType.STRING, "UDP target rate, e.g. 10M (-b)."),
          ParamSpec.optional("extra_args", ParamType.STRING_LIST, "Further iperf3 client options."),
          ParamSpec.optional(
                  "include_intervals", ParamType.BOOLEAN, "Put the interval list in the result.")
              .withDefault(BooleanNode.FALSE),
          ParamSpec.optional(
                  "include_raw", ParamType.BOOLEAN, "Put iperf3's whole JSON in the result.")
              .withDefault(BooleanNode.FALSE),
          ParamSpec.optional(
              "stability_threshold_bps",
              ParamType.ANY,
              "Count intervals below this rate (bit/s or \"20Mbps\")."),
          ParamSpec.optional(
              "stability_threshold_mbps",
              ParamType.ANY,
              "Count intervals below this rate (Mbit/s or \"20Mbps\")."),
          ParamSpec.optional(
                  "connect_timeout_seconds",
                  ParamType.INTEGER,
                  "Give up connecting after this long (--connect-timeout).")
              .withRange(1.0, 600.0),
          ParamSpec.optional(
              "executable_path", ParamType.STRING, "The iperf3 program (or its folder) to use."));

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
            "iperf_test",
            "Measures throughput to an iperf3 server over time and rates its stability.",
            PARAMS,
            Duration.ofSeconds(240 * 60 + 600 + SLACK_SECONDS))
        .runs(Tool.IPERF3);
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    List<String> problems = PARAMS.validate("iperf_test", ctx.params().raw());
    if (!problems.isEmpty()) {
      return IperfResults.failure(String.join("; ", problems), null);
    }
    IperfCommand cmd;
    try {
      cmd = IperfCommand.from(ctx.params());
    } catch (IllegalArgumentException e) {
      return IperfResults.failure(e.getMessage(), null);
    }
    ToolRun run;
    ScheduledExecutorService ticker = startProgress(ctx, cmd.expectedSeconds());
    try {
      run =
          ctx.tool(Tool.IPERF3)
              .args(cmd.args())
              .timeout(Duration.ofSeconds((long) cmd.expectedSeconds() + SLACK_SECONDS))
              .charset(ToolCharset.utf8())
              .quiet()
              .keepLines(linesFor(cmd))
              .run();
    } catch (ToolNotRun e) {
      return e.withCommand(IperfResults.failure(e.reason(), cmd));
    } finally {
      ticker.shutdownNow();
    }
    TaskOutcome outcome =
        IperfResults.outcome(
            cmd, run.stdout(), run.stderr(), run.exitCode(), run.timedOut(), run.timeout());
    if (outcome.status() == TaskStatus.SUCCESS) {
      ctx.progress(100, "measured " + cmd.durationSeconds() + " s");
    }
    return run.withCommand(outcome);
  }

  /**
   * Enough lines for iperf3's whole JSON report (about 20 lines per interval and 17 per stream in
   * it), which a dropped middle would make unreadable; at most {@value #MAX_OUTPUT_LINES}.
   */
  static int linesFor(IperfCommand cmd) {
    long intervals = cmd.expectedSeconds() / Math.max(1, cmd.intervalSeconds()) + 10;
    long perInterval = 20 + 17L * Math.max(1, cmd.parallelStreams());
    return (int)
        Math.min(
            MAX_OUTPUT_LINES,
            Math.max(ProcessRunner.DEFAULT_MAX_RETAINED_LINES, intervals * perInterval + 2_000));
  }

  /** Reports {@code measuring… N of M s} once a second until shut down. */
  private static ScheduledExecutorService startProgress(TaskContext ctx, int totalSeconds) {
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("iperf-progress"));
    long t0 = System.nanoTime();
    ticker.scheduleAtFixedRate(
        () -> {
          long n = Math.min(totalSeconds, (System.nanoTime() - t0) / 1_000_000_000L);
          try {
            ctx.progress(
                Math.min(99.0, 100.0 * n / totalSeconds),
                "measuring… " + n + " of " + totalSeconds + " s");
          } catch (RuntimeException e) {
            // progress is best effort; the next tick tries again
          }
        },
        1,
        1,
        TimeUnit.SECONDS);
    return ticker;
  }
}
