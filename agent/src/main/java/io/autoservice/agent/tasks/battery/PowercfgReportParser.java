package io.autoservice.agent.tasks.battery;

import io.autoservice.agent.tasks.support.LocalNumbers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the report of {@code powercfg /batteryreport /xml} (namespace {@code
 * http://schemas.microsoft.com/battery/2012}). Pure: no I/O, and it never throws, whatever the
 * input.
 *
 * <p>It reads the text with patterns rather than an XML parser, so a cut-off report (a partial
 * copy, a disk that filled up) still gives the batteries it holds. Per {@code <Battery>}: {@code
 * Id} (the model), {@code Manufacturer}, {@code SerialNumber} (trimmed: Lenovo pads it with a
 * space), {@code Chemistry} ({@code LiP} → Li-poly, {@code LION}/{@code Li-I} → Li-ion, …), {@code
 * DesignCapacity} and {@code FullChargeCapacity} (mWh, reported in Wh) and {@code CycleCount}. The
 * report has no voltage, temperature or time estimates. The charge level and state come from the
 * last {@code <UsageEntry>} of {@code <RecentUsage>} (the one written when the report was made:
 * {@code ChargeCapacity} / {@code FullChargeCapacity}, and {@code Ac} = 1 → Charging, or Full from
 * 99.5 %; 0 → Discharging) — only when there is one battery, since those figures are for all
 * batteries together.
 *
 * <p>The HTML form of the report (what {@code powercfg /batteryreport} writes without {@code /xml};
 * seen saved under a {@code .xml} name) is recognised only for its "No batteries are currently
 * installed" statement.
 */
public final class PowercfgReportParser {
  /** What kind of text it was. */
  public enum Kind {
    XML,
    HTML,
    UNKNOWN
  }

  /**
   * What the report said.
   *
   * @param kind XML, HTML or neither
   * @param batteries the batteries, in report order
   * @param noBatteries the report says outright that there are none (an empty {@code <Batteries>}
   *     element, or the HTML's "No batteries are currently installed")
   * @param platformRole {@code Mobile}, {@code Desktop}, … when given
   */
  public record Report(
      Kind kind, List<BatteryReading> batteries, boolean noBatteries, String platformRole) {
    public Report {
      batteries = List.copyOf(batteries);
    }
  }

  public static final String SOURCE = "powercfg /batteryreport";

  private static final Pattern BATTERIES =
      Pattern.compile("<Batteries\\s*>(.*?)(?:</Batteries\\s*>|$)", Pattern.DOTALL);
  private static final Pattern BATTERY =
      Pattern.compile("<Battery\\s*>(.*?)(?:</Battery\\s*>|$)", Pattern.DOTALL);
  private static final Pattern USAGE = Pattern.compile("<UsageEntry\\s([^>]*?)/?>", Pattern.DOTALL);
  private static final Pattern ATTR = Pattern.compile("(\\w+)\\s*=\\s*\"([^\"]*)\"");
  private static final Pattern MWH = Pattern.compile("\\s*mWh$", Pattern.CASE_INSENSITIVE);
  private static final Pattern ENTITY =
      Pattern.compile("&(amp|lt|gt|quot|apos|#\\d{1,7}|#x[0-9A-Fa-f]{1,6});");

  private PowercfgReportParser() {}

  public static Report parse(String text) {
    try {
      return read(text == null ? "" : text);
    } catch (RuntimeException e) {
      return new Report(Kind.UNKNOWN, List.of(), false, null);
    }
  }

  private static Report read(String text) {
    if (text.contains("<BatteryReport")) {
      List<BatteryReading> out = new ArrayList<>();
      Matcher block = BATTERIES.matcher(text);
      String inner = block.find() ? block.group(1) : "";
      Matcher b = BATTERY.matcher(inner);
      while (b.find()) {
        out.add(battery(b.group(1)));
      }
      if (out.size() == 1) {
        out.set(0, withUsage(out.get(0), text));
      }
      boolean stated = out.isEmpty() && text.contains("<Batteries");
      return new Report(Kind.XML, out, stated, tag(text, "PlatformRole"));
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.contains("<html")) {
      boolean none =
          lower.contains("nobatts") || lower.contains("no batteries are currently installed");
      return new Report(Kind.HTML, List.of(), none, null);
    }
    return new Report(Kind.UNKNOWN, List.of(), false, null);
  }

  private static BatteryReading battery(String xml) {
    Double design = milli(tag(xml, "DesignCapacity"));
    Double full = milli(tag(xml, "FullChargeCapacity"));
    Double cycles = number(tag(xml, "CycleCount"));
    return new BatteryReading(
        tag(xml, "Id"),
        SOURCE,
        tag(xml, "Manufacturer"),
        tag(xml, "Id"),
        tag(xml, "SerialNumber"),
        chemistry(tag(xml, "Chemistry")),
        null,
        "Unknown",
        null,
        cycles == null || cycles < 0 ? null : cycles.longValue(),
        null,
        full,
        design,
        null,
        null,
        null);
  }

  private static BatteryReading withUsage(BatteryReading r, String text) {
    Matcher m = USAGE.matcher(text);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    if (last == null) {
      return r;
    }
    Map<String, String> attrs = new HashMap<>();
    Matcher a = ATTR.matcher(last);
    while (a.find()) {
      attrs.put(a.group(1), a.group(2));
    }
    Double charge = milli(attrs.get("ChargeCapacity"));
    Double full = milli(attrs.get("FullChargeCapacity"));
    if (charge == null || full == null || full <= 0) {
      return r;
    }
    double percent = Math.max(0, Math.min(100, 100.0 * charge / full));
    String ac = attrs.get("Ac");
    String state =
        "1".equals(ac)
            ? (percent >= 99.5 ? "Full" : "Charging")
            : "0".equals(ac) ? "Discharging" : "Unknown";
    return new BatteryReading(
        r.id(),
        r.source(),
        r.vendor(),
        r.model(),
        r.serialNumber(),
        r.technology(),
        percent,
        state,
        null,
        r.cycleCount(),
        charge,
        r.energyFullWh(),
        r.energyFullDesignWh(),
        null,
        null,
        null);
  }

  /** powercfg's chemistry codes in the words Linux and the original used. */
  static String chemistry(String code) {
    if (code == null) {
      return "Unknown";
    }
    return switch (code.toUpperCase(Locale.ROOT)) {
      case "LION", "LI-I", "LI-ION", "LIION" -> "Li-ion";
      case "LIP", "LIPO", "LI-POLY" -> "Li-poly";
      case "NIMH" -> "NiMH";
      case "NICD" -> "NiCd";
      case "PBAC" -> "Lead-acid";
      case "RAM" -> "Rechargeable alkaline";
      default -> code;
    };
  }

  /** The trimmed, entity-decoded text of the first {@code <name>} element, or null if empty. */
  static String tag(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + "\\s*>([^<]*)</" + name + "\\s*>").matcher(xml);
    if (!m.find()) {
      return null;
    }
    String s = decode(m.group(1)).strip();
    return s.isEmpty() ? null : s;
  }

  private static String decode(String s) {
    Matcher m = ENTITY.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String e = m.group(1);
      String r =
          switch (e) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            default -> codePoint(e, m.group());
          };
      m.appendReplacement(out, Matcher.quoteReplacement(r));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String codePoint(String entity, String whole) {
    try {
      int cp =
          entity.startsWith("#x")
              ? Integer.parseInt(entity.substring(2), 16)
              : Integer.parseInt(entity.substring(1));
      return new String(Character.toChars(cp));
    } catch (IllegalArgumentException e) {
      return whole;
    }
  }

  private static Double milli(String s) {
    Double v = number(s);
    return v == null || v < 0 ? null : v / 1000.0;
  }

  /**
   * A capacity or count: the XML writes {@code 45123}, the HTML form and hand-edited copies {@code
   * 45 123 mWh}, {@code 45.123 mWh} or {@code 45,123 mWh} ({@link LocalNumbers}; a lone mark
   * groups, as capacities are whole milliwatt-hours).
   */
  private static Double number(String s) {
    if (s == null) {
      return null;
    }
    String t = MWH.matcher(s.strip()).replaceFirst("");
    OptionalLong whole = LocalNumbers.integer(t);
    if (whole.isPresent()) {
      return (double) whole.getAsLong();
    }
    OptionalDouble d = LocalNumbers.decimal(t);
    return d.isPresent() && Double.isFinite(d.getAsDouble()) ? d.getAsDouble() : null;
  }
}
