package io.autoservice.agent.tasks.ping;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * {@code ping_test}: pings {@code host} {@code count} times with the system's {@code ping} and
 * rates the connection.
 *
 * <p>The process may run {@code count × max(timeout_ms, 1 s) + 10 s}: ping sends one probe a
 * second, so {@code count × timeout} would kill a healthy run. The exit code alone decides nothing
 * (Linux ping exits 1 on any loss), and Windows counts "Destination host unreachable" answers as
 * received packets: those alone, without one echo reply with a round-trip time, are not a reply.
 *
 * <p>Specification: docs/tasks.md#ping_test.
 */
public final class PingTestHandler implements TaskHandler {
  /**
   * Loss (percent) from which a reachable host gives {@code warning} instead of {@code success}.
   */
  public static final double WARNING_LOSS_PERCENT = 20.0;

  static final int DEFAULT_COUNT = 4;
  static final int MAX_COUNT = 1000;
  static final int MAX_SIZE = 65_500;
  static final int EXCERPT_CHARS = 1000;
  static final int MESSAGE_LINES = 5;
  static final Duration PROCESS_SLACK = Duration.ofSeconds(10);

  private static final ParamSchema PARAMS =
      ParamSchema.of(
          ParamSpec.required("host", ParamType.STRING, "Host name or IP address to ping."),
          ParamSpec.optional("count", ParamType.INTEGER, "Echo requests to send.")
              .withDefault(IntNode.valueOf(DEFAULT_COUNT))
              .withRange(1.0, (double) MAX_COUNT),
          ParamSpec.optional(
                  "timeout_ms", ParamType.NUMBER, "How long to wait for each reply, in ms (> 0).")
              .withRange(0.0, null),
          ParamSpec.optional("size_bytes", ParamType.INTEGER, "Payload size in bytes.")
              .withRange(0.0, (double) MAX_SIZE),
          ParamSpec.optional(
              "executable_path", ParamType.STRING, "The ping program (or its folder) to use."));

  /** A host name label (letters of any script, digits, {@code _}, {@code -} but not first). */
  private static final Pattern NAME =
      Pattern.compile(
          "[\\p{L}\\p{N}_][\\p{L}\\p{N}_-]{0,62}(?:\\.[\\p{L}\\p{N}_][\\p{L}\\p{N}_-]{0,62})*\\.?");

  /** An IPv6 literal, optionally with a zone id ({@code fe80::1%eth0}, {@code fe80::1%12}). */
  private static final Pattern IPV6 =
      Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%[\\p{Alnum}._-]{1,64})?");

  /**
   * ping's first line ({@code PING host (ip) 56(84) bytes of data.}, {@code Pinging host with 32
   * bytes of data:} and its translations, which all end with a colon).
   */
  private static final Pattern HEADER = Pattern.compile("^PING \\S+ \\(|:$");

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
            "ping_test",
            "Pings a host and rates the connection's latency, loss and stability.",
            PARAMS,
            Duration.ofMinutes(5))
        .runs(Tool.PING);
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    TaskParams params = ctx.params();
    Optional<String> hostParam = params.string("host").map(String::strip);
    if (hostParam.isEmpty() || hostParam.get().isEmpty()) {
      return failure("Host was not specified.", null, 0);
    }
    String host = hostParam.get();
    long countL = params.integer("count").orElse((long) DEFAULT_COUNT);
    if (!isValidHost(host)) {
      return failure(
          "host \"" + host + "\" is not a host name or IP address",
          host,
          (int) Math.max(0, Math.min(countL, MAX_COUNT)));
    }
    if (countL < 1 || countL > MAX_COUNT) {
      return failure("count must be 1 to " + MAX_COUNT + ", got " + countL, host, 0);
    }
    int count = (int) countL;
    Double timeoutMs = params.has("timeout_ms") ? params.number("timeout_ms").orElse(null) : null;
    if (timeoutMs != null && !(timeoutMs > 0 && Double.isFinite(timeoutMs))) {
      return failure("timeout_ms must be greater than 0, got " + timeoutMs, host, count);
    }
    Long size = params.has("size_bytes") ? params.integer("size_bytes").orElse(null) : null;
    if (size != null && (size < 0 || size > MAX_SIZE)) {
      return failure("size_bytes must be 0 to " + MAX_SIZE + ", got " + size, host, count);
    }

    AtomicInteger replies = new AtomicInteger();
    ToolRun run;
    try {
      run =
          ctx.tool(Tool.PING)
              .args(args(ctx.tools().isWindows(), host, count, timeoutMs, size))
              .timeout(processTimeout(count, timeoutMs))
              .charset(ToolCharset.oem())
              .onStdout(
                  line ->
                      PingOutputParser.reply(line)
                          .filter(r -> !r.duplicate())
                          .ifPresent(
                              r ->
                                  ctx.progress(
                                      Math.min(100.0, 100.0 * replies.incrementAndGet() / count),
                                      line.strip())))
              .run();
    } catch (ToolNotRun e) {
      return e.withCommand(failure(e.reason(), host, count));
    }
    return run.withCommand(
        outcome(host, count, run.stdoutLines(), run.stderrLines(), run.exitCode()));
  }

  /** The arguments for one run (after the executable). */
  static List<String> args(boolean windows, String host, int count, Double timeoutMs, Long size) {
    List<String> cmd = new ArrayList<>();
    if (windows) {
      cmd.add("-n");
      cmd.add(Integer.toString(count));
      if (timeoutMs != null) {
        cmd.add("-w");
        cmd.add(Long.toString((long) Math.ceil(timeoutMs)));
      }
      if (size != null) {
        cmd.add("-l");
        cmd.add(Long.toString(size));
      }
    } else {
      cmd.add("-c");
      cmd.add(Integer.toString(count));
      if (timeoutMs != null) {
        cmd.add("-W");
        cmd.add(Long.toString(Math.max(1, (long) Math.ceil(timeoutMs / 1000.0))));
      }
      if (size != null) {
        cmd.add("-s");
        cmd.add(Long.toString(size));
      }
    }
    cmd.add(host);
    return cmd;
  }

  /** {@code count × max(timeout, 1 s) + 10 s}, saturating. */
  static Duration processTimeout(int count, Double timeoutMs) {
    double perProbeMs = Math.max(1000.0, timeoutMs == null ? 1000.0 : timeoutMs);
    double totalMs = count * perProbeMs + PROCESS_SLACK.toMillis();
    return totalMs >= Long.MAX_VALUE / 2.0
        ? Duration.ofMillis(Long.MAX_VALUE / 2)
        : Duration.ofMillis((long) Math.ceil(totalMs));
  }

  /**
   * Whether {@code host} is a host name (labels of letters, digits, {@code _} and {@code -}, not
   * starting with {@code -}), an IPv4 or an IPv6 literal (with an optional zone id). Rejects
   * anything ping could read as an option or that holds spaces, quotes or shell characters.
   */
  public static boolean isValidHost(String host) {
    if (host == null || host.isEmpty() || host.length() > 253) {
      return false;
    }
    if (host.indexOf(':') >= 0) {
      return IPV6.matcher(host).matches();
    }
    return NAME.matcher(host).matches();
  }

  /** Builds the outcome from a finished (or stopped) run's output. */
  static TaskOutcome outcome(
      String host, int count, List<String> stdout, List<String> stderr, int exitCode) {
    List<String> all = new ArrayList<>(stdout);
    all.addAll(stderr);
    PingOutput p = PingOutputParser.parse(all);

    boolean reachable;
    if (p.lossPercent() != null && p.received() != null) {
      reachable = p.lossPercent() < 100 && p.received() > 0;
    } else {
      reachable = !p.replies().isEmpty();
    }
    // Windows counts "Destination host unreachable" answers as received packets.
    boolean onlyErrorAnswers =
        reachable && p.replies().isEmpty() && p.duplicateReplies() == 0 && !p.rttFound();
    if (onlyErrorAnswers) {
      reachable = false;
    }

    double lossForScore =
        p.lossPercent() != null ? p.lossPercent() : (p.replies().isEmpty() ? 100.0 : 0.0);
    PingStats stats = PingStats.of(p.replies(), lossForScore);

    TaskStatus status;
    String reason = null;
    String lastProblem =
        p.problemLines().isEmpty() ? null : p.problemLines().get(p.problemLines().size() - 1);
    if (!reachable) {
      status = TaskStatus.ERROR;
      if (onlyErrorAnswers) {
        reason = "no echo replies from " + host + (lastProblem == null ? "" : "; " + lastProblem);
      } else if (p.lossPercent() != null && p.sent() != null && p.sent() > 0) {
        reason =
            percent(p.lossPercent())
                + " packet loss to "
                + host
                + (lastProblem == null ? "" : "; " + lastProblem);
      } else {
        String last = Tails.lastLine(stderr);
        if (last.isEmpty()) {
          last = Tails.lastLine(stdout);
          if (HEADER.matcher(last).find()) {
            last = ""; // "PING host (ip) 56(84) bytes of data." says nothing about the failure
          }
        }
        reason =
            !last.isEmpty() ? last : "no reply from " + host + " (ping exit code " + exitCode + ")";
      }
    } else if (p.lossPercent() != null && p.lossPercent() >= WARNING_LOSS_PERCENT) {
      status = TaskStatus.WARNING;
      reason = percent(p.lossPercent()) + " packet loss to " + host;
    } else {
      status = TaskStatus.SUCCESS;
    }

    ObjectNode results = Json.object();
    results.put("host", host);
    results.put("count", count);
    ObjectNode packets = results.putObject("packets");
    JsonPuts.put(packets, "sent", p.sent());
    JsonPuts.put(packets, "received", p.received());
    JsonPuts.put(packets, "lost", p.lost());
    JsonPuts.put(packets, "loss_percent", p.lossPercent(), 3);
    ObjectNode latency = results.putObject("latency_ms");
    Double avg;
    if (p.rttFound()) {
      JsonPuts.put(latency, "min", p.rttMin(), 3);
      JsonPuts.put(latency, "avg", p.rttAvg(), 3);
      JsonPuts.put(latency, "max", p.rttMax(), 3);
      JsonPuts.put(latency, "mdev", p.rttMdev(), 3);
      avg = p.rttAvg();
    } else if (!p.replies().isEmpty()) {
      JsonPuts.put(
          latency, "min", p.replies().stream().mapToDouble(Double::doubleValue).min().orElse(0), 3);
      JsonPuts.put(latency, "avg", stats.mean(), 3);
      JsonPuts.put(
          latency, "max", p.replies().stream().mapToDouble(Double::doubleValue).max().orElse(0), 3);
      JsonPuts.put(latency, "mdev", stats.stdev(), 3);
      avg = stats.mean();
    } else {
      for (String k : List.of("min", "avg", "max", "mdev")) {
        latency.putNull(k);
      }
      avg = null;
    }
    ObjectNode interval = results.putObject("interval_stats");
    interval.put("samples", stats.samples());
    JsonPuts.put(interval, "mean", stats.mean(), 3);
    JsonPuts.put(interval, "median", stats.median(), 3);
    JsonPuts.put(interval, "p10", stats.p10(), 3);
    JsonPuts.put(interval, "p90", stats.p90(), 3);
    JsonPuts.put(interval, "stdev", stats.stdev(), 3);
    results.put("success", reachable);
    results.put("message", Tails.lastLines(all, MESSAGE_LINES));
    JsonPuts.put(results, "packet_loss_percent", p.lossPercent(), 3);
    JsonPuts.put(results, "average_latency_ms", avg, 3);
    results.put("exit_code", exitCode);
    results.put("stdout_excerpt", Tails.lastChars(String.join("\n", stdout), EXCERPT_CHARS));
    results.put("stderr_excerpt", Tails.lastChars(String.join("\n", stderr), EXCERPT_CHARS));
    if (status == TaskStatus.ERROR) {
      results.put("error", reason);
    }

    ObjectNode hr = Json.object();
    hr.put("stability_score", stats.stabilityScore());
    hr.put("verdict", stats.verdict());
    ArrayNode notes = hr.putArray("notes");
    stats.notes().forEach(notes::add);
    if (reason != null) {
      hr.put("reason", reason);
    }
    return TaskOutcome.of(status, hr, results);
  }

  /** An error before or instead of a run, with the keys known so far. */
  private static TaskOutcome failure(String reason, String host, int count) {
    ObjectNode results = Json.object();
    if (host != null) {
      results.put("host", host);
      results.put("count", count);
    }
    results.put("success", false);
    results.put("error", reason);
    return TaskOutcome.reason(TaskStatus.ERROR, reason, results);
  }

  private static String percent(double p) {
    return p == Math.rint(p)
        ? Long.toString((long) p) + "%"
        : String.format(Locale.ROOT, "%.1f%%", p);
  }
}
