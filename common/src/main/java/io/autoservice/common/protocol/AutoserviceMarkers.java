package io.autoservice.common.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.autoservice.common.json.Json;
import io.autoservice.common.protocol.Marker.TaskRef;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dialect the AutoService desktop UI parses. The patterns are that UI's own regexes
 * (runner.js), so a line we write is read exactly as the UI would read it.
 */
final class AutoserviceMarkers implements MarkerDialect.MarkerCodec {
  static final Pattern START = Pattern.compile("^TASK_START:(\\d+):(.+)$");
  static final Pattern OK = Pattern.compile("^TASK_OK:(\\d+):(.+)$");
  static final Pattern FAIL = Pattern.compile("^TASK_FAIL:(\\d+):(.+?)(?:\\s*-\\s*(.+))?$");
  static final Pattern SKIP = Pattern.compile("^TASK_SKIP:(\\d+):(.+?)(?:\\s*-\\s*(.+))?$");

  @Override
  public String format(Marker marker) {
    if (marker instanceof Marker.TaskStart m) {
      return "TASK_START:" + head(m.task());
    } else if (marker instanceof Marker.TaskOk m) {
      return "TASK_OK:" + head(m.task());
    } else if (marker instanceof Marker.TaskFail m) {
      return "TASK_FAIL:" + head(m.task()) + " - " + reason(m.reason(), "Unknown error");
    } else if (marker instanceof Marker.TaskSkip m) {
      return "TASK_SKIP:" + head(m.task()) + " - " + reason(m.reason(), "Skipped");
    } else if (marker instanceof Marker.Progress m) {
      return "PROGRESS_JSON:" + Json.compact(m.body());
    }
    return "PROGRESS_JSON_FINAL:" + Json.compact(((Marker.ProgressFinal) marker).body());
  }

  @Override
  public Optional<Marker> parse(String line) {
    // The UI tests FINAL with startsWith before PROGRESS_JSON; the longer prefix must win here too.
    if (line.startsWith("PROGRESS_JSON_FINAL:")) {
      return json(line.substring("PROGRESS_JSON_FINAL:".length()), true);
    }
    if (line.startsWith("PROGRESS_JSON:")) {
      return json(line.substring("PROGRESS_JSON:".length()), false);
    }
    Matcher m = START.matcher(line);
    if (m.matches()) {
      return Optional.of(new Marker.TaskStart(ref(m)));
    }
    m = OK.matcher(line);
    if (m.matches()) {
      return Optional.of(new Marker.TaskOk(ref(m), "success"));
    }
    m = FAIL.matcher(line);
    if (m.matches()) {
      return Optional.of(new Marker.TaskFail(ref(m), m.group(3) == null ? "Failed" : m.group(3)));
    }
    m = SKIP.matcher(line);
    if (m.matches()) {
      return Optional.of(new Marker.TaskSkip(ref(m), m.group(3) == null ? "Skipped" : m.group(3)));
    }
    return Optional.empty();
  }

  private static Optional<Marker> json(String text, boolean isFinal) {
    try {
      var body = Json.parse(text.trim());
      return Optional.of(isFinal ? new Marker.ProgressFinal(body) : new Marker.Progress(body));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private static String head(TaskRef task) {
    String type = Marker.oneLine(task.type());
    return task.index() + ":" + (type.isEmpty() ? "unknown" : type);
  }

  /** An empty reason would make the UI's regex take " -" as part of the type. */
  private static String reason(String reason, String ifBlank) {
    String r = Marker.oneLine(reason);
    return r.isEmpty() ? ifBlank : r;
  }

  private static TaskRef ref(Matcher m) {
    return new TaskRef(Integer.parseInt(m.group(1)), m.group(2), null);
  }
}
