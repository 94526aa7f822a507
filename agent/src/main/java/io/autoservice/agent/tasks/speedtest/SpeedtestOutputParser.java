package io.autoservice.agent.tasks.speedtest;

import io.autoservice.agent.tasks.support.LocalNumbers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the classic speedtest.net HTTP endpoints answer. Pure functions: no I/O, never throw.
 *
 * <ul>
 *   <li>server list ({@code speedtest-servers-static.php}): {@code <settings><servers><server
 *       url="http://host:8080/speedtest/upload.php" lat="…" lon="…" name="Town" country="…" cc="…"
 *       sponsor="ISP" id="1234" host="host:8080"/>…}; attributes in any order, single or double
 *       quotes, XML entities decoded; elements without a usable {@code url} are skipped;
 *   <li>configuration ({@code speedtest-config.php}): its {@code <client ip="…" lat="…" lon="…"
 *       isp="…" country="…"/>} element;
 *   <li>{@code latency.txt}: the body {@code test=test};
 *   <li>{@code upload.php}: {@code size=<bytes received>}.
 * </ul>
 *
 * The XML is matched with patterns rather than given to an XML parser: the documents are flat, and
 * this way no document type declaration or entity from the network is ever processed.
 */
public final class SpeedtestOutputParser {
  static final int MAX_SERVERS = 10_000;

  private static final Pattern SERVER =
      Pattern.compile("<server\\s([^<>]*?)/?>", Pattern.CASE_INSENSITIVE);
  private static final Pattern CLIENT =
      Pattern.compile("<client\\s([^<>]*?)/?>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTR =
      Pattern.compile("([A-Za-z_][\\w.-]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");
  private static final Pattern UPLOAD_SIZE = Pattern.compile("size=(\\d{1,18})");

  private SpeedtestOutputParser() {}

  /** Every server in a server list, in the list's order; empty for anything else. */
  public static List<SpeedtestServer> servers(String xml) {
    List<SpeedtestServer> out = new ArrayList<>();
    if (xml == null) {
      return out;
    }
    try {
      Matcher m = SERVER.matcher(xml);
      while (m.find() && out.size() < MAX_SERVERS) {
        Map<String, String> a = attributes(m.group(1));
        String url = a.get("url");
        if (url == null
            || !(url.toLowerCase(Locale.ROOT).startsWith("http://")
                || url.toLowerCase(Locale.ROOT).startsWith("https://"))) {
          continue;
        }
        out.add(
            new SpeedtestServer(
                a.get("id"),
                a.get("name"),
                a.get("country"),
                a.get("cc"),
                a.get("sponsor"),
                a.get("host"),
                url,
                number(a.get("lat")),
                number(a.get("lon"))));
      }
    } catch (RuntimeException | StackOverflowError e) {
      // keep what was read
    }
    return out;
  }

  /** The {@code <client/>} of a configuration document, if it has one. */
  public static Optional<ClientInfo> client(String xml) {
    if (xml == null) {
      return Optional.empty();
    }
    try {
      Matcher m = CLIENT.matcher(xml);
      if (!m.find()) {
        return Optional.empty();
      }
      Map<String, String> a = attributes(m.group(1));
      return Optional.of(
          new ClientInfo(
              blankToNull(a.get("ip")),
              blankToNull(a.get("isp")),
              blankToNull(a.get("country")),
              number(a.get("lat")),
              number(a.get("lon"))));
    } catch (RuntimeException | StackOverflowError e) {
      return Optional.empty();
    }
  }

  /** Whether a {@code latency.txt} body is the expected {@code test=test}. */
  public static boolean isLatencyAnswer(String body) {
    return body != null && body.strip().startsWith("test=test");
  }

  /** The byte count an {@code upload.php} answer confirms ({@code size=N}), if it says one. */
  public static Optional<Long> uploadedBytes(String body) {
    if (body == null) {
      return Optional.empty();
    }
    Matcher m = UPLOAD_SIZE.matcher(body);
    return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
  }

  private static Map<String, String> attributes(String s) {
    Map<String, String> out = new HashMap<>();
    Matcher m = ATTR.matcher(s);
    while (m.find()) {
      String v = m.group(2) != null ? m.group(2) : m.group(3);
      out.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), unescape(v));
    }
    return out;
  }

  private static String unescape(String v) {
    if (v.indexOf('&') < 0) {
      return v;
    }
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < v.length()) {
      char c = v.charAt(i);
      int semi = c == '&' ? v.indexOf(';', i) : -1;
      if (semi > i && semi - i <= 10) {
        String ent = v.substring(i + 1, semi);
        String rep =
            switch (ent) {
              case "amp" -> "&";
              case "lt" -> "<";
              case "gt" -> ">";
              case "quot" -> "\"";
              case "apos" -> "'";
              default -> charRef(ent);
            };
        if (rep != null) {
          b.append(rep);
          i = semi + 1;
          continue;
        }
      }
      b.append(c);
      i++;
    }
    return b.toString();
  }

  private static String charRef(String ent) {
    try {
      int cp;
      if (ent.startsWith("#x") || ent.startsWith("#X")) {
        cp = Integer.parseInt(ent.substring(2), 16);
      } else if (ent.startsWith("#")) {
        cp = Integer.parseInt(ent.substring(1));
      } else {
        return null;
      }
      return Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A coordinate: {@code 47.4925}, or {@code 47,4925} from a list written with a decimal comma. */
  private static Double number(String s) {
    OptionalDouble d = LocalNumbers.decimal(s);
    return d.isPresent() && Double.isFinite(d.getAsDouble()) ? d.getAsDouble() : null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
