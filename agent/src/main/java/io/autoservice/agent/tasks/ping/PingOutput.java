package io.autoservice.agent.tasks.ping;

import java.util.List;

/**
 * What {@link PingOutputParser} found in one ping output. A boxed field is {@code null} when the
 * output did not say (and it could not be derived).
 *
 * @param replies round-trip times in ms of the echo replies, in output order, duplicates excluded
 *     (a Windows {@code time<1ms} counts as 0.5 ms)
 * @param duplicateReplies reply lines marked {@code (DUP!)}; their times are not in {@code replies}
 * @param sent packets transmitted, from the statistics, else derived (see {@code summaryFound})
 * @param received packets received, from the statistics, else the number of {@code replies}
 * @param lost packets lost ({@code sent - received} when the tool did not print it)
 * @param lossPercent packet loss in percent as the tool printed it (may be fractional, e.g.
 *     33.3333), else computed from sent and lost
 * @param rttMin the statistics' minimum round-trip time in ms, when printed
 * @param rttAvg the statistics' average round-trip time in ms, when printed
 * @param rttMax the statistics' maximum round-trip time in ms, when printed
 * @param rttMdev iputils' {@code mdev} (or BSD's {@code stddev}) in ms, when printed
 * @param duplicates the statistics' duplicate count ({@code +19 duplicates}), when printed
 * @param errors the statistics' error count ({@code +5 errors}), when printed
 * @param summaryFound whether a packet statistics line was found; when false, the counts (if any)
 *     were derived from the reply, sequence and failure lines seen
 * @param rttFound whether a round-trip-time statistics line was found
 * @param problemLines lines that report a failed probe (request timed out, destination unreachable,
 *     general failure …), trimmed, in order
 */
public record PingOutput(
    List<Double> replies,
    int duplicateReplies,
    Integer sent,
    Integer received,
    Integer lost,
    Double lossPercent,
    Double rttMin,
    Double rttAvg,
    Double rttMax,
    Double rttMdev,
    Integer duplicates,
    Integer errors,
    boolean summaryFound,
    boolean rttFound,
    List<String> problemLines) {

  public PingOutput {
    replies = replies == null ? List.of() : List.copyOf(replies);
    problemLines = problemLines == null ? List.of() : List.copyOf(problemLines);
  }

  /** Whether the packet counts are known (printed or derived). */
  public boolean countsKnown() {
    return sent != null && received != null && lossPercent != null;
  }
}
