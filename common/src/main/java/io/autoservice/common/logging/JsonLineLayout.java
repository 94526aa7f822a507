package io.autoservice.common.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.text.SafeText;
import java.time.Instant;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per event and line: {@code ts}, {@code level}, {@code logger}, {@code thread},
 * {@code msg}, then each key=value pair as a field (and {@code error} with a stack trace).
 *
 * <p>Logback's own {@code JsonEncoder} nests the pairs in a list of one-field objects and carries a
 * dozen fields nobody greps; this is the shape log shippers index directly. Text values are escaped
 * as in the text format ({@link SafeText#line}) so a C1 control, which JSON would carry raw, cannot
 * reach a terminal that tails the file.
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
  private static final Set<String> OWN = Set.of("ts", "level", "logger", "thread", "msg", "error");

  @Override
  public String doLayout(ILoggingEvent event) {
    ObjectNode o = Json.object();
    o.put("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    o.put("level", event.getLevel().toString());
    o.put("logger", SafeText.line(event.getLoggerName()));
    o.put("thread", SafeText.line(event.getThreadName()));
    o.put("msg", SafeText.line(String.valueOf(event.getFormattedMessage())));
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair kv : event.getKeyValuePairs()) {
        String key = SafeText.line(String.valueOf(kv.key));
        // A pair never overwrites the event's own fields.
        String field = OWN.contains(key) || o.has(key) ? key + "_" : key;
        if (kv.value instanceof Number n
            && !(kv.value instanceof Double || kv.value instanceof Float)) {
          o.put(field, n.longValue());
        } else if (kv.value instanceof Boolean bool) {
          o.put(field, bool);
        } else {
          o.put(field, SafeText.line(String.valueOf(kv.value)));
        }
      }
    }
    IThrowableProxy t = event.getThrowableProxy();
    if (t != null) {
      o.put("error", SafeText.lines(ThrowableProxyUtil.asString(t)));
    }
    return Json.compact(o) + "\n";
  }
}
