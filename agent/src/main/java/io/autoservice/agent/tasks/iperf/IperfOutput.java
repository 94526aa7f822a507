package io.autoservice.agent.tasks.iperf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What one iperf3 client run printed, as {@link IperfOutputParser} read it. Unknown values are
 * {@code null}.
 *
 * @param format how the output was read
 * @param data the iperf3 JSON object ({@code start}, {@code intervals}, {@code end}, {@code
 *     error}); for {@code --json-stream} output one assembled from the events; null when no JSON
 *     was found
 * @param error iperf3's own error text: the JSON's top-level {@code "error"}, a stream's {@code
 *     error} event, or the text after {@code iperf3: error - }; null when it reported none
 * @param protocol {@code tcp}, {@code udp} or {@code sctp} as {@code start.test_start} says, lower
 *     case
 * @param senderBps {@code end.sum_sent.bits_per_second} (UDP of old versions: {@code end.sum})
 * @param receiverBps {@code end.sum_received.bits_per_second}
 * @param retransmits {@code end.sum_sent.retransmits} (TCP only)
 * @param jitterMs UDP jitter as measured by the receiver
 * @param lossPercent UDP datagrams lost, in percent, as measured by the receiver
 * @param cpu {@code end.cpu_utilization_percent} as iperf3 printed it
 * @param intervals every {@code intervals[].sum}, in order, omitted ones included
 */
public record IperfOutput(
    Format format,
    ObjectNode data,
    String error,
    String protocol,
    Double senderBps,
    Double receiverBps,
    Long retransmits,
    Double jitterMs,
    Double lossPercent,
    ObjectNode cpu,
    List<Interval> intervals) {

  public IperfOutput {
    intervals = List.copyOf(intervals);
  }

  /** How the output was read. */
  public enum Format {
    /** The whole output is one JSON object ({@code --json}). */
    JSON,
    /** A JSON object with other text around it (e.g. {@code ^C} before it), recovered. */
    RECOVERED_JSON,
    /** One JSON event per line ({@code --json-stream}, iperf 3.17+). */
    JSON_STREAM,
    /** No JSON: plain text (an error message, or the human-readable report). */
    TEXT,
    /** Nothing at all. */
    EMPTY
  }

  /**
   * One reporting interval ({@code intervals[].sum}).
   *
   * @param start seconds since the test (or the omit period) began
   * @param end likewise
   * @param seconds its length
   * @param bytes bytes transferred
   * @param bitsPerSecond throughput
   * @param omitted inside the {@code --omit} warm-up (not part of the measurement)
   * @param sender reported by the sending side
   */
  public record Interval(
      Double start,
      Double end,
      Double seconds,
      Long bytes,
      Double bitsPerSecond,
      Boolean omitted,
      Boolean sender) {}

  /** Whether iperf3 printed a final summary with a throughput. */
  public boolean hasThroughput() {
    return senderBps != null || receiverBps != null;
  }
}
