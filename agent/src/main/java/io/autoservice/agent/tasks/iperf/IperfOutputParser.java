package io.autoservice.agent.tasks.iperf;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.iperf.IperfOutput.Format;
import io.autoservice.agent.tasks.iperf.IperfOutput.Interval;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code iperf3 -c … --json} printed. A pure function: no I/O, never throws.
 *
 * <p>Forms it understands, all seen in real captures:
 *
 * <ul>
 *   <li>one JSON object (the normal {@code --json} report, successful or with a top-level {@code
 *       "error"}, e.g. {@code "unable to connect to server: Connection refused"}; iperf3 3.12 exits
 *       0 even then);
 *   <li>text around the object, e.g. a run stopped with Ctrl+C whose capture begins with {@code
 *       ^C}: the first complete object is recovered;
 *   <li>{@code --json-stream} (iperf 3.17+): one {@code {"event": …, "data": …}} per line, with
 *       {@code start}, {@code interval}, {@code end} and {@code error} events;
 *   <li>plain text, where only an {@code iperf3: error - …} line is of use;
 *   <li>JSON cut off before its end (the tool was killed): only an {@code "error": "…"} member is
 *       looked for.
 * </ul>
 *
 * <p>Values: the aggregate throughput is {@code end.sum_sent}/{@code end.sum_received} (old UDP
 * reports have only {@code end.sum}); TCP retransmits are {@code end.sum_sent.retransmits}; UDP
 * jitter and loss are taken from the receiver's view, the first found of {@code end.sum}, {@code
 * end.sum_received}, {@code end.streams[0].udp} and {@code end.streams[0].receiver} (the original
 * runner looked only at the last, which UDP reports do not have); the intervals are {@code
 * intervals[].sum}.
 */
public final class IperfOutputParser {
  /** How many {@code {} positions are tried when the text is not JSON from its first character. */
  static final int MAX_RECOVERY_ATTEMPTS = 20;

  private static final ObjectMapper LENIENT =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .build();

  private static final Pattern TEXT_ERROR = Pattern.compile("(?i)iperf3?:\\s*error\\s*-\\s*(.+)");
  private static final Pattern JSON_ERROR_MEMBER =
      Pattern.compile("\"error\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.){1,2000})\"");

  /** {@code nan}/{@code -nan}/{@code inf} as some C libraries print them into iperf3's JSON. */
  private static final Pattern BARE_NAN =
      Pattern.compile("(:\\s*)-?(?:nan|inf)\\b", Pattern.CASE_INSENSITIVE);

  private IperfOutputParser() {}

  /** Parses everything iperf3 wrote to stdout (and, if wanted, stderr after it). */
  public static IperfOutput parse(String text) {
    try {
      return parseUnsafe(text == null ? "" : text);
    } catch (RuntimeException | StackOverflowError e) {
      return new IperfOutput(
          Format.TEXT, null, null, null, null, null, null, null, null, null, List.of());
    }
  }

  private static IperfOutput parseUnsafe(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      return empty(Format.EMPTY, null);
    }
    ObjectNode whole = readObject(s, true);
    if (whole == null && BARE_NAN.matcher(s).find()) {
      whole = readObject(BARE_NAN.matcher(s).replaceAll("$1null"), true);
    }
    if (whole != null && !isStreamEvent(whole)) {
      return fromData(Format.JSON, whole);
    }
    ObjectNode stream = readStream(s);
    if (stream != null) {
      return fromData(Format.JSON_STREAM, stream);
    }
    int from = 0;
    for (int i = 0; i < MAX_RECOVERY_ATTEMPTS; i++) {
      int brace = s.indexOf('{', from);
      if (brace < 0) {
        break;
      }
      ObjectNode recovered = readObject(s.substring(brace), false);
      if (recovered != null && isReport(recovered)) {
        return fromData(Format.RECOVERED_JSON, recovered);
      }
      from = brace + 1;
    }
    String error = null;
    Matcher m = TEXT_ERROR.matcher(s);
    if (m.find()) {
      error = m.group(1).strip();
    } else {
      Matcher j = JSON_ERROR_MEMBER.matcher(s);
      if (j.find()) {
        error = unescape(j.group(1));
      }
    }
    return empty(Format.TEXT, error);
  }

  private static IperfOutput empty(Format format, String error) {
    return new IperfOutput(
        format, null, error, null, null, null, null, null, null, null, List.of());
  }

  /** The first JSON object in {@code s}; with {@code whole}, only if nothing but space follows. */
  private static ObjectNode readObject(String s, boolean whole) {
    try (JsonParser p = LENIENT.getFactory().createParser(s)) {
      JsonNode node = LENIENT.readTree(p);
      if (node == null || !node.isObject()) {
        return null;
      }
      if (whole && p.nextToken() != null) {
        return null;
      }
      return (ObjectNode) node;
    } catch (Exception e) {
      return null;
    }
  }

  /** A whole iperf3 report, not one of the objects inside it (those have no such members). */
  private static boolean isReport(ObjectNode node) {
    return node.path("intervals").isArray()
        || node.path("end").isObject()
        || node.path("error").isTextual();
  }

  private static boolean isStreamEvent(ObjectNode node) {
    return node.has("event") && !node.has("start") && !node.has("end");
  }

  /**
   * Assembles {@code --json-stream} events into the {@code --json} shape; null if there are none.
   */
  private static ObjectNode readStream(String s) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    ArrayNode intervals = data.putArray("intervals");
    boolean any = false;
    for (String line : s.split("\\R")) {
      String l = line.strip();
      if (!l.startsWith("{") || !l.contains("\"event\"")) {
        continue;
      }
      ObjectNode ev = readObject(l, true);
      if (ev == null || !ev.has("event")) {
        continue;
      }
      any = true;
      JsonNode payload = ev.get("data");
      switch (ev.get("event").asText("").toLowerCase(Locale.ROOT)) {
        case "start" -> data.set("start", payload);
        case "interval" -> {
          if (payload != null && payload.isObject()) {
            intervals.add(payload);
          }
        }
        case "end" -> data.set("end", payload);
        case "error" ->
            data.put(
                "error",
                payload == null
                    ? "error"
                    : payload.isTextual() ? payload.asText() : payload.toString());
        default -> {}
      }
    }
    return any ? data : null;
  }

  private static IperfOutput fromData(Format format, ObjectNode data) {
    JsonNode end = data.path("end");
    JsonNode sumSent = end.path("sum_sent");
    JsonNode sumReceived = end.path("sum_received");
    JsonNode sum = end.path("sum");
    Double sender = num(sumSent.path("bits_per_second"));
    Double receiver = num(sumReceived.path("bits_per_second"));
    if (sender == null && receiver == null) {
      sender = num(sum.path("bits_per_second"));
    }
    Long retransmits = integer(sumSent.path("retransmits"));

    JsonNode firstStream = end.path("streams").path(0);
    Double jitter = null;
    Double loss = null;
    for (JsonNode candidate :
        List.of(sum, sumReceived, firstStream.path("udp"), firstStream.path("receiver"))) {
      if (jitter == null) {
        jitter = num(candidate.path("jitter_ms"));
      }
      if (loss == null) {
        loss = num(candidate.path("lost_percent"));
      }
    }
    JsonNode cpuNode = end.path("cpu_utilization_percent");
    ObjectNode cpu = cpuNode.isObject() && cpuNode.size() > 0 ? (ObjectNode) cpuNode : null;

    List<Interval> intervals = new ArrayList<>();
    for (JsonNode iv : data.path("intervals")) {
      JsonNode ivSum = iv.path("sum");
      if (!ivSum.isObject()) {
        continue;
      }
      intervals.add(
          new Interval(
              num(ivSum.path("start")),
              num(ivSum.path("end")),
              num(ivSum.path("seconds")),
              integer(ivSum.path("bytes")),
              num(ivSum.path("bits_per_second")),
              ivSum.path("omitted").isBoolean() ? ivSum.get("omitted").asBoolean() : null,
              ivSum.path("sender").isBoolean() ? ivSum.get("sender").asBoolean() : null));
    }

    String error = null;
    JsonNode err = data.get("error");
    if (err != null && !err.isNull()) {
      String e = err.isTextual() ? err.asText() : err.toString();
      error = e.isBlank() ? null : e.strip();
    }
    String protocol = data.path("start").path("test_start").path("protocol").asText(null);
    if (protocol != null) {
      protocol = protocol.toLowerCase(Locale.ROOT);
    }
    return new IperfOutput(
        format, data, error, protocol, sender, receiver, retransmits, jitter, loss, cpu, intervals);
  }

  private static Double num(JsonNode n) {
    if (n == null || !n.isNumber()) {
      return null;
    }
    double d = n.asDouble();
    return Double.isFinite(d) ? d : null;
  }

  private static Long integer(JsonNode n) {
    return n != null && n.isNumber() ? n.asLong() : null;
  }

  private static String unescape(String jsonString) {
    try {
      return LENIENT.readTree("\"" + jsonString + "\"").asText();
    } catch (Exception e) {
      return jsonString;
    }
  }
}
