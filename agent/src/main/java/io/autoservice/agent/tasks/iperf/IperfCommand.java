package io.autoservice.agent.tasks.iperf;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.tasks.ping.PingTestHandler;
import io.autoservice.agent.tasks.support.LocalNumbers;
import io.autoservice.common.plan.TaskParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validated settings of one {@code iperf_test} and the iperf3 argument list they make. See
 * {@link IperfTestHandler} for the parameters.
 *
 * @param server host name or IP literal of the iperf3 server
 * @param port its port
 * @param durationSeconds the measured time ({@code -t})
 * @param protocol {@code tcp} or {@code udp}
 * @param reverse server sends, client receives ({@code -R}): a download test
 * @param parallelStreams {@code -P}
 * @param omitSeconds warm-up not counted ({@code --omit}); the run takes this much longer
 * @param intervalSeconds reporting interval ({@code -i})
 * @param bandwidth UDP target rate ({@code -b}), null for TCP or when not given
 * @param extraArgs further arguments, passed one by one after the others
 * @param includeIntervals put the trimmed interval list in the result
 * @param includeRaw put iperf3's whole JSON in the result
 * @param thresholdBps count intervals slower than this, or null
 * @param connectTimeoutSeconds {@code --connect-timeout}, or null for iperf3's default
 */
public record IperfCommand(
    String server,
    int port,
    int durationSeconds,
    String protocol,
    boolean reverse,
    int parallelStreams,
    int omitSeconds,
    int intervalSeconds,
    String bandwidth,
    List<String> extraArgs,
    boolean includeIntervals,
    boolean includeRaw,
    Long thresholdBps,
    Integer connectTimeoutSeconds) {

  public IperfCommand {
    extraArgs = List.copyOf(extraArgs);
  }

  /**
   * A rate: {@code 10M}, {@code 1.5G}, {@code 500K}, {@code 1000000}, optionally {@code /burst}.
   */
  private static final Pattern BANDWIDTH =
      Pattern.compile("\\d{1,12}(?:\\.\\d{1,6})?[KMGTkmgt]?(?:/\\d{1,6})?");

  /** {@code 20Mbps}, {@code 1.5 Gbps}, {@code 1,5 Gbit/s}, {@code 500kbps}, {@code 2 000 000}. */
  private static final Pattern RATE =
      Pattern.compile(
          "(" + LocalNumbers.PATTERN + ")\\s*([kmg]?)(?:bps|bit/s|b/s)?", Pattern.CASE_INSENSITIVE);

  /** Long options that would turn the client into something else, or read/write local files. */
  private static final Set<String> FORBIDDEN_LONG =
      Set.of(
          "server", "client", "daemon", "one-off", "logfile", "file", "pidfile", "help", "version");

  /**
   * Short options of the same kind ({@code -s}, {@code -c}, {@code -D}, {@code -1}, {@code -F},
   * {@code -I}).
   */
  private static final String FORBIDDEN_SHORT = "scD1FIhv";

  /**
   * Short options that take a value, which may be attached ({@code -b10M}): the rest is not
   * options.
   */
  private static final String SHORT_WITH_VALUE = "pfiFBIcbtnklPwMSLOTCAX";

  static final int MAX_EXTRA_ARGS = 32;

  /**
   * Reads and checks the parameters (the schema's types and ranges are checked before).
   *
   * @throws IllegalArgumentException with a message for the technician when a value is unusable
   */
  public static IperfCommand from(TaskParams p) {
    String server = p.string("server").map(String::strip).orElse("");
    if (server.isEmpty()) {
      throw new IllegalArgumentException(
          "iPerf server address is required: set 'server' to the iperf3 server's host name or IP address");
    }
    if (!PingTestHandler.isValidHost(server)) {
      throw new IllegalArgumentException(
          "server \"" + server + "\" is not a host name or IP address");
    }
    boolean minutes = p.has("duration_minutes");
    boolean seconds = p.has("duration_seconds");
    if (minutes == seconds) {
      throw new IllegalArgumentException(
          minutes
              ? "give either duration_minutes or duration_seconds, not both"
              : "duration_minutes is required (or duration_seconds for a short test)");
    }
    long duration =
        minutes
            ? p.integer("duration_minutes").orElse(0L) * 60
            : p.integer("duration_seconds").orElse(0L);
    if (duration <= 0) {
      throw new IllegalArgumentException("the duration must be greater than 0");
    }
    String protocol = p.string("protocol").orElse("tcp").strip().toLowerCase(Locale.ROOT);
    if (!protocol.equals("tcp") && !protocol.equals("udp")) {
      throw new IllegalArgumentException(
          "protocol must be 'tcp' or 'udp', got \"" + protocol + "\"");
    }
    String bandwidth = null;
    if (protocol.equals("udp") && p.has("bandwidth")) {
      bandwidth = p.string("bandwidth").orElse("").strip();
      if (!BANDWIDTH.matcher(bandwidth).matches()) {
        throw new IllegalArgumentException(
            "bandwidth \"" + bandwidth + "\" is not a rate such as 10M or 1G");
      }
    }
    List<String> extra = p.strings("extra_args");
    checkExtraArgs(extra);
    Long threshold = threshold(p);
    Integer connectTimeout =
        p.has("connect_timeout_seconds")
            ? (int) (long) p.integer("connect_timeout_seconds").orElse(5L)
            : null;
    return new IperfCommand(
        server,
        (int) (long) p.integer("port").orElse(5201L),
        (int) duration,
        protocol,
        p.flag("reverse"),
        (int) (long) p.integer("parallel_streams").orElse(1L),
        (int) (long) p.integer("omit_seconds").orElse(0L),
        (int) (long) p.integer("interval_seconds").orElse(1L),
        bandwidth,
        extra,
        p.flag("include_intervals"),
        p.flag("include_raw"),
        threshold,
        connectTimeout);
  }

  /**
   * {@code -c <server> -p <port> --json -i <interval> -t <seconds> [-P n] [--omit n] [-u [-b bw]]
   * [-R] [--connect-timeout ms] <extra…>}.
   */
  public List<String> args() {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "-c",
                server,
                "-p",
                Integer.toString(port),
                "--json",
                "-i",
                Integer.toString(intervalSeconds),
                "-t",
                Integer.toString(durationSeconds)));
    if (parallelStreams > 1) {
      cmd.addAll(List.of("-P", Integer.toString(parallelStreams)));
    }
    if (omitSeconds > 0) {
      cmd.addAll(List.of("--omit", Integer.toString(omitSeconds)));
    }
    if (protocol.equals("udp")) {
      cmd.add("-u");
      if (bandwidth != null) {
        cmd.addAll(List.of("-b", bandwidth));
      }
    }
    if (reverse) {
      cmd.add("-R");
    }
    if (connectTimeoutSeconds != null) {
      cmd.addAll(List.of("--connect-timeout", Integer.toString(connectTimeoutSeconds * 1000)));
    }
    cmd.addAll(extraArgs);
    return cmd;
  }

  /** How long the whole run takes when all goes well: warm-up plus measurement. */
  public int expectedSeconds() {
    return omitSeconds + durationSeconds;
  }

  /**
   * Refuses extra arguments that would make iperf3 a server or daemon, point it at another host, or
   * read or write local files (long options also by any abbreviation getopt would accept), and any
   * with line breaks or NULs. They are passed as separate arguments, never through a shell.
   */
  static void checkExtraArgs(List<String> args) {
    if (args.size() > MAX_EXTRA_ARGS) {
      throw new IllegalArgumentException("extra_args: at most " + MAX_EXTRA_ARGS + " arguments");
    }
    for (String a : args) {
      if (a.isEmpty() || a.length() > 200 || a.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException(
            "extra_args: \"" + a + "\" is empty, too long or holds control characters");
      }
      if (a.startsWith("--")) {
        String name = a.substring(2).split("=", 2)[0].toLowerCase(Locale.ROOT);
        if (name.isEmpty() || FORBIDDEN_LONG.stream().anyMatch(f -> f.startsWith(name))) {
          throw new IllegalArgumentException(
              "extra_args: \"" + a + "\" is not allowed in a client test");
        }
      } else if (a.startsWith("-") && a.length() > 1) {
        for (char c : a.substring(1).toCharArray()) {
          if (FORBIDDEN_SHORT.indexOf(c) >= 0) {
            throw new IllegalArgumentException(
                "extra_args: \"" + a + "\" is not allowed in a client test");
          }
          if (!Character.isLetterOrDigit(c) || SHORT_WITH_VALUE.indexOf(c) >= 0) {
            break; // the rest is the option's attached value
          }
        }
      }
    }
  }

  /**
   * {@code stability_threshold_bps} or {@code stability_threshold_mbps}: a number (bit/s, or Mbit/s
   * for the {@code _mbps} key) or a string with a unit ({@code "20Mbps"}, {@code "500kbps"}); a
   * bare number in a string takes the key's unit. A string's number may be written the way the
   * technician's language writes it ({@code "1,5 Gbps"}, {@code "2 000 000"}; {@link
   * LocalNumbers}).
   */
  static Long threshold(TaskParams p) {
    for (String key : List.of("stability_threshold_bps", "stability_threshold_mbps")) {
      Optional<JsonNode> v = p.has(key) ? p.get(key) : Optional.empty();
      if (v.isEmpty()) {
        continue;
      }
      double unit = key.endsWith("_mbps") ? 1e6 : 1;
      JsonNode n = v.get();
      double bps;
      if (n.isNumber()) {
        bps = n.asDouble() * unit;
      } else if (n.isTextual()) {
        Matcher m = RATE.matcher(n.asText().strip());
        if (!m.matches()) {
          throw new IllegalArgumentException(
              key + ": \"" + n.asText() + "\" is not a rate such as 20Mbps");
        }
        String prefix = m.group(2).toLowerCase(Locale.ROOT);
        double scale =
            switch (prefix) {
              case "k" -> 1e3;
              case "m" -> 1e6;
              case "g" -> 1e9;
              default -> n.asText().strip().matches("(?i).*\\d\\s*(bps|bit/s|b/s)") ? 1 : unit;
            };
        // Whole bits per second are grouped (2.000.000); a rate with a prefix has decimals (1,5
        // Gbps).
        OptionalLong whole = scale == 1 ? LocalNumbers.integer(m.group(1)) : OptionalLong.empty();
        OptionalDouble number =
            whole.isPresent()
                ? OptionalDouble.of(whole.getAsLong())
                : LocalNumbers.decimal(m.group(1));
        if (number.isEmpty()) {
          throw new IllegalArgumentException(
              key + ": \"" + n.asText() + "\" is not a rate such as 20Mbps");
        }
        bps = number.getAsDouble() * scale;
      } else {
        throw new IllegalArgumentException(
            key + " must be a number or a string such as \"20Mbps\"");
      }
      if (!(bps > 0) || !Double.isFinite(bps)) {
        throw new IllegalArgumentException(key + " must be greater than 0");
      }
      return Math.round(bps);
    }
    return null;
  }
}
