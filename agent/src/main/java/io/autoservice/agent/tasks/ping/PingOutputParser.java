package io.autoservice.agent.tasks.ping;

import io.autoservice.agent.tasks.support.LocalNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text output of {@code ping} — Windows (any display language), Linux iputils and busybox
 * (also BSD/macOS, whose format is close) — into a {@link PingOutput}. Pure: no I/O, and it never
 * throws, whatever the input.
 *
 * <p>Windows translates every word of its output ("Reply from … time=12ms", "Antwort von …
 * Zeit&lt;1ms", "Réponse de … temps=12 ms", "Ответ от … время=52мс"), and on a non-English PC the
 * non-ASCII letters may arrive garbled (OEM code page read as something else). So lines are
 * recognised by their structure, numbers and units, not by words:
 *
 * <ul>
 *   <li><b>reply</b>: a value glued to {@code =} or {@code <} and followed by the unit {@code ms}
 *       or {@code мс}, e.g. {@code time=12ms}, {@code Zeit<1ms}, {@code temps=12 ms}, {@code
 *       время=52мс}, {@code time=0.327 ms}. No space may follow the {@code =}: that is what tells a
 *       reply from Windows' summary line {@code Minimum = 37ms, …}. A value after {@code <}
 *       (Windows prints {@code time<1ms} for sub-millisecond replies) counts as half of it, so
 *       {@code <1ms} is a reply of 0.5 ms — the original runner's regex {@code
 *       time=\s*([\d.]+)\s*ms} skipped these replies altogether, which on a LAN meant "no replies".
 *       Lines marked {@code (DUP!)} are counted as duplicates and their times kept out of the
 *       replies.
 *   <li><b>Windows packet statistics</b>: three integers after {@code =}, separated by commas
 *       ({@code Sent = 4, Received = 4, Lost = 0}; Japanese {@code 送信 = 4、受信 = 4、損失 = 0}, Chinese
 *       {@code 已发送 = 4，已接收 = 4，丢失 = 0}); the loss percentage follows on the same line or, in some
 *       languages, on the next ({@code (0% Verlust),}); either {@code 12%} or {@code %12}.
 *   <li><b>Windows round-trip statistics</b>: three {@code = N ms} values (minimum, maximum,
 *       average, in that order in every language; the unit may be {@code ms}, {@code мс} or {@code
 *       мсек}).
 *   <li><b>Linux packet statistics</b>: {@code N packets transmitted, N [packets] received[, [+]N
 *       duplicates][, +N errors], X% packet loss}; X may be fractional ({@code 33.3333%}, which the
 *       original runner's {@code (\d+)%} read as 3333).
 *   <li><b>Linux round-trip statistics</b>: {@code = a/b/c[/d] ms} (min/avg/max[/mdev]).
 * </ul>
 *
 * <p>When no packet statistics are printed (the run was interrupted, killed or the output cut), the
 * counts are derived: received = the replies seen; sent = the highest {@code icmp_seq} (iputils
 * counts from 1; busybox's {@code seq} from 0, so +1), or, without sequence numbers, replies plus
 * failed-probe lines ("Request timed out." and the like). When several runs are in one text (a
 * pasted console session) the last statistics win and replies are accumulated. Every number is read
 * with {@link LocalNumbers}, so a decimal comma ({@code Zeit=0,5ms}) reads as a fraction.
 */
public final class PingOutputParser {
  /** Longer lines are cut before matching: nothing ping prints is this long. */
  static final int MAX_LINE = 2_000;

  /** Half of the bound is what a {@code <N ms} reply counts as. */
  static final double LESS_THAN_FACTOR = 0.5;

  private static final String NUM = "(\\d{1,9}(?:[.,]\\d{1,9})?)";
  private static final String INT = "(\\d{1,9})(?!\\d)";

  private static final Pattern REPLY_TIME =
      Pattern.compile("([=<])" + NUM + "\\s?(?:ms|мс)(?![\\p{L}\\p{N}])");
  private static final Pattern DUP = Pattern.compile("DUP!");
  private static final Pattern SEQ =
      Pattern.compile("(?<![\\p{L}\\p{N}_])(icmp_seq|seq)=(\\d{1,9})");

  /** A list separator: "," — "、" in Japanese, "，" in Chinese. */
  private static final String SEP = "[,\u3001\uFF0C]";

  private static final Pattern WIN_COUNTS =
      Pattern.compile(
          "=\\s*"
              + INT
              + "\\s*"
              + SEP
              + "[^=]{0,80}?=\\s*"
              + INT
              + "\\s*"
              + SEP
              + "[^=]{0,80}?=\\s*"
              + INT
              + "(?!\\s*(?:ms|мс))");
  private static final Pattern PERCENT = Pattern.compile(NUM + "\\s*%|%\\s*" + NUM);
  private static final Pattern WIN_RTT_VALUE =
      Pattern.compile("=\\s*" + NUM + "\\s*(?:ms|мс)\\p{L}*");

  private static final Pattern LINUX_SENT = Pattern.compile(INT + "\\s+packets?\\s+transmitted");
  private static final Pattern LINUX_RECEIVED =
      Pattern.compile(INT + "\\s+(?:packets?\\s+)?received");
  private static final Pattern LINUX_DUPLICATES = Pattern.compile("\\+?" + INT + "\\s+duplicates?");
  private static final Pattern LINUX_ERRORS = Pattern.compile("\\+" + INT + "\\s+errors?");
  private static final Pattern LINUX_LOSS = Pattern.compile(NUM + "%\\s+packet\\s+loss");
  private static final Pattern LINUX_RTT =
      Pattern.compile("=\\s*" + NUM + "/" + NUM + "/" + NUM + "(?:/" + NUM + ")?\\s*ms");

  /**
   * A failed probe, in the languages we have seen (English, German, French, Russian, Spanish,
   * Chinese); only the ASCII parts of accented words, since those are what survive a wrong code
   * page.
   */
  private static final Pattern PROBLEM =
      Pattern.compile(
          "timed out|unreachable|general failure|transmit failed|no answer yet|"
              + "berschreitung|nicht erreichbar|allgemeiner fehler|fehler bei der|"
              + "lai d.attente|impossible de joindre|faillance g|"
              + "превышен интервал|недоступен|общий сбой|"
              + "tiempo de espera agotado|inaccesible|error general|"
              + "请求超时",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private PingOutputParser() {}

  /**
   * One echo reply line.
   *
   * @param rttMs its round-trip time in ms ({@code <1ms} gives 0.5)
   * @param lessThan the tool printed {@code <}, not {@code =}
   * @param duplicate the line is marked {@code (DUP!)}
   */
  public record Reply(double rttMs, boolean lessThan, boolean duplicate) {}

  /**
   * The echo reply in one line, if it is one (see the class comment for how it is recognised).
   * Never throws.
   */
  public static Optional<Reply> reply(String line) {
    try {
      if (line == null) {
        return Optional.empty();
      }
      String s = clip(line);
      if (isWindowsRtt(s)) {
        return Optional.empty();
      }
      Matcher m = REPLY_TIME.matcher(s);
      if (!m.find()) {
        return Optional.empty();
      }
      boolean less = m.group(1).equals("<");
      double value = number(m.group(2));
      if (!Double.isFinite(value)) {
        return Optional.empty();
      }
      return Optional.of(
          new Reply(less ? value * LESS_THAN_FACTOR : value, less, DUP.matcher(s).find()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Parses a whole output. Null lines (and a null list) are skipped; never throws. */
  public static PingOutput parse(List<String> lines) {
    State st = new State();
    if (lines != null) {
      for (String line : lines) {
        try {
          if (line != null) {
            st.accept(clip(line).strip());
          }
        } catch (RuntimeException e) {
          // One strange line must not cost the rest of the output.
        }
      }
    }
    try {
      return st.result();
    } catch (RuntimeException e) {
      return new PingOutput(
          List.of(), 0, null, null, null, null, null, null, null, null, null, null, false, false,
          List.of());
    }
  }

  private static String clip(String line) {
    return line.length() > MAX_LINE ? line.substring(0, MAX_LINE) : line;
  }

  private static boolean isWindowsRtt(String s) {
    Matcher m = WIN_RTT_VALUE.matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n >= 3 && !LINUX_RTT.matcher(s).find();
  }

  /**
   * A latency or percentage as printed, in any display language's decimal mark; NaN if unreadable.
   */
  private static double number(String text) {
    OptionalDouble v = LocalNumbers.decimal(text);
    return v.isPresent() ? v.getAsDouble() : Double.NaN;
  }

  /** A count as printed; the regexes only hand over digits, so this does not fail. */
  private static int count(String text) {
    OptionalLong v = LocalNumbers.integer(text);
    return v.isPresent() && v.getAsLong() <= Integer.MAX_VALUE
        ? (int) v.getAsLong()
        : Integer.MAX_VALUE;
  }

  private static Double percentIn(String s) {
    Matcher m = PERCENT.matcher(s);
    if (!m.find()) {
      return null;
    }
    String g = m.group(1) != null ? m.group(1) : m.group(2);
    double v = number(g);
    return Double.isFinite(v) ? v : null;
  }

  /** Accumulates what the lines said. */
  private static final class State {
    final List<Double> replies = new ArrayList<>();
    int duplicateReplies;
    Integer sent;
    Integer received;
    Integer lost;
    Double lossPercent;
    Double rttMin;
    Double rttAvg;
    Double rttMax;
    Double rttMdev;
    Integer duplicates;
    Integer errors;
    boolean summaryFound;
    boolean rttFound;
    boolean percentPending;
    final List<String> problems = new ArrayList<>();
    int maxSeq = -1;
    boolean seqFromZero;

    void accept(String s) {
      if (s.isEmpty()) {
        return;
      }
      if (percentPending) {
        percentPending = false;
        if (s.indexOf('=') < 0) {
          Double p = percentIn(s);
          if (p != null) {
            lossPercent = p;
            return;
          }
        }
      }
      Matcher seq = SEQ.matcher(s);
      if (seq.find()) {
        int n = count(seq.group(2));
        if (n > maxSeq) {
          maxSeq = n;
          seqFromZero = seq.group(1).equals("seq");
        }
      }
      if (linuxStats(s) || windowsStats(s) || rtt(s)) {
        return;
      }
      Optional<Reply> r = reply(s);
      if (r.isPresent()) {
        if (r.get().duplicate()) {
          duplicateReplies++;
        } else {
          replies.add(r.get().rttMs());
        }
        return;
      }
      if (PROBLEM.matcher(s).find()) {
        problems.add(s);
      }
    }

    private boolean linuxStats(String s) {
      Matcher tx = LINUX_SENT.matcher(s);
      if (!tx.find()) {
        return false;
      }
      summaryFound = true;
      sent = count(tx.group(1));
      Matcher rx = LINUX_RECEIVED.matcher(s);
      received = rx.find() ? Integer.valueOf(count(rx.group(1))) : null;
      Matcher d = LINUX_DUPLICATES.matcher(s);
      duplicates = d.find() ? Integer.valueOf(count(d.group(1))) : null;
      Matcher e = LINUX_ERRORS.matcher(s);
      errors = e.find() ? Integer.valueOf(count(e.group(1))) : null;
      Matcher l = LINUX_LOSS.matcher(s);
      lossPercent = l.find() ? Double.valueOf(number(l.group(1))) : null;
      lost = received == null ? null : Math.max(0, sent - received);
      return true;
    }

    private boolean windowsStats(String s) {
      Matcher m = WIN_COUNTS.matcher(s);
      if (!m.find()) {
        return false;
      }
      summaryFound = true;
      sent = count(m.group(1));
      received = count(m.group(2));
      lost = count(m.group(3));
      duplicates = null;
      errors = null;
      lossPercent = percentIn(s.substring(m.end()));
      percentPending = lossPercent == null;
      return true;
    }

    private boolean rtt(String s) {
      Matcher l = LINUX_RTT.matcher(s);
      if (l.find()) {
        rttFound = true;
        rttMin = number(l.group(1));
        rttAvg = number(l.group(2));
        rttMax = number(l.group(3));
        rttMdev = l.group(4) == null ? null : number(l.group(4));
        return true;
      }
      if (!isWindowsRtt(s)) {
        return false;
      }
      Matcher w = WIN_RTT_VALUE.matcher(s);
      double[] v = new double[3];
      for (int i = 0; i < 3 && w.find(); i++) {
        v[i] = number(w.group(1));
      }
      rttFound = true;
      rttMin = v[0];
      rttMax = v[1];
      rttAvg = v[2];
      rttMdev = null;
      return true;
    }

    PingOutput result() {
      Integer outSent = sent;
      Integer outReceived = received;
      Integer outLost = lost;
      Double outLoss = lossPercent;
      if (!summaryFound) {
        int rx = replies.size();
        int tx;
        if (maxSeq >= 0) {
          tx = Math.max(rx, seqFromZero ? maxSeq + 1 : maxSeq);
        } else {
          tx = rx + problems.size();
        }
        if (tx > 0) {
          outSent = tx;
          outReceived = rx;
          outLost = tx - rx;
        }
      }
      if (outLoss == null && outSent != null && outSent > 0 && outReceived != null) {
        int l = outLost != null ? outLost : Math.max(0, outSent - outReceived);
        outLoss = 100.0 * l / outSent;
      }
      if (outLost == null && outSent != null && outReceived != null) {
        outLost = Math.max(0, outSent - outReceived);
      }
      return new PingOutput(
          replies,
          duplicateReplies,
          outSent,
          outReceived,
          outLost,
          outLoss,
          rttMin,
          rttAvg,
          rttMax,
          rttMdev,
          duplicates,
          errors,
          summaryFound,
          rttFound,
          problems);
    }
  }
}
