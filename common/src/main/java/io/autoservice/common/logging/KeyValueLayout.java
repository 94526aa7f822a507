package io.autoservice.common.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import io.autoservice.common.text.SafeText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.event.KeyValuePair;

/**
 * {@code 2026-12-07T18:00:00.123Z INFO fleet.FleetRegistry agent connected agent_id=… hostname=…}:
 * timestamp, level, short logger, message, then the event's key=value pairs.
 *
 * <p>Agents choose their hostnames and error texts. Every part is escaped ({@link SafeText#line})
 * so one event is one line that cannot drive a terminal; a value with a space, quote, {@code =} or
 * escape is quoted (backslash and quote escaped) so a value cannot forge another pair. A stack
 * trace follows on lines that start with a TAB, never with a timestamp.
 */
public final class KeyValueLayout extends LayoutBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder b = new StringBuilder(128);
    b.append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp()))).append(' ');
    b.append(String.format("%-5s", event.getLevel())).append(' ');
    b.append(SafeText.line(shortName(event.getLoggerName()))).append(' ');
    b.append(SafeText.line(String.valueOf(event.getFormattedMessage())));
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair kv : event.getKeyValuePairs()) {
        b.append(' ').append(key(kv.key)).append('=').append(value(kv.value));
      }
    }
    b.append('\n');
    IThrowableProxy t = event.getThrowableProxy();
    if (t != null) {
      for (String line : ThrowableProxyUtil.asString(t).split("\r?\n")) {
        b.append('\t').append(SafeText.line(line.stripLeading())).append('\n');
      }
    }
    return b.toString();
  }

  /** The last two parts of a class name: {@code fleet.FleetRegistry}. */
  static String shortName(String logger) {
    int last = logger.lastIndexOf('.');
    int before = last <= 0 ? -1 : logger.lastIndexOf('.', last - 1);
    return logger.substring(before + 1);
  }

  private static String key(String key) {
    String k = SafeText.line(String.valueOf(key));
    return needsQuotes(key) ? "\"" + k.replace("\"", "'") + "\"" : k;
  }

  /** A value, quoted when it has a space, quote, {@code =}, backslash or control in it. */
  static String value(Object value) {
    String v = String.valueOf(value);
    if (!needsQuotes(v)) {
      return v;
    }
    return "\"" + SafeText.line(v.replace("\\", "\\\\").replace("\"", "\\\"")) + "\"";
  }

  private static boolean needsQuotes(String v) {
    if (v.isEmpty()) {
      return true;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == ' ' || c == '"' || c == '=' || c == '\\' || c == '\t') {
        return true;
      }
    }
    return SafeText.hasControls(v);
  }
}
