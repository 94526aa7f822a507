package io.autoservice.common.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.autoservice.common.json.Json;
import io.autoservice.common.protocol.Marker.TaskRef;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documented dialect: {@code TASK_START: <task_id>}, {@code TASK_OK: <task_id> | <status>},
 * {@code TASK_FAIL: <task_id> | <message>}, {@code TASK_SKIP: <task_id> | <reason>}, {@code
 * PROGRESS_JSON: {…}}, {@code PROGRESS_JSON_FINAL: {…}}. A task id never contains " | " (it is
 * replaced by " / " when written), so the first " | " always separates the id from the rest.
 */
final class SeedMarkers implements MarkerDialect.MarkerCodec {
  private static final Pattern START = Pattern.compile("^TASK_START: (.+)$");
  private static final Pattern WITH_TEXT =
      Pattern.compile("^(TASK_OK|TASK_FAIL|TASK_SKIP): (.+?) \\| (.*)$");
  private static final Pattern PROGRESS =
      Pattern.compile("^(PROGRESS_JSON|PROGRESS_JSON_FINAL):(.*)$");

  @Override
  public String format(Marker marker) {
    if (marker instanceof Marker.TaskStart m) {
      return "TASK_START: " + id(m.task());
    } else if (marker instanceof Marker.TaskOk m) {
      return "TASK_OK: " + id(m.task()) + " | " + Marker.oneLine(m.status());
    } else if (marker instanceof Marker.TaskFail m) {
      return "TASK_FAIL: " + id(m.task()) + " | " + Marker.oneLine(m.reason());
    } else if (marker instanceof Marker.TaskSkip m) {
      return "TASK_SKIP: " + id(m.task()) + " | " + Marker.oneLine(m.reason());
    } else if (marker instanceof Marker.Progress m) {
      return "PROGRESS_JSON: " + Json.compact(m.body());
    }
    return "PROGRESS_JSON_FINAL: " + Json.compact(((Marker.ProgressFinal) marker).body());
  }

  @Override
  public Optional<Marker> parse(String line) {
    Matcher m = START.matcher(line);
    if (m.matches()) {
      return Optional.of(new Marker.TaskStart(ref(m.group(1))));
    }
    m = WITH_TEXT.matcher(line);
    if (m.matches()) {
      TaskRef task = ref(m.group(2));
      String text = m.group(3);
      return Optional.of(
          switch (m.group(1)) {
            case "TASK_OK" -> new Marker.TaskOk(task, text);
            case "TASK_FAIL" -> new Marker.TaskFail(task, text);
            default -> new Marker.TaskSkip(task, text);
          });
    }
    m = PROGRESS.matcher(line);
    if (m.matches()) {
      try {
        var body = Json.parse(m.group(2).trim());
        return Optional.of(
            m.group(1).equals("PROGRESS_JSON")
                ? new Marker.Progress(body)
                : new Marker.ProgressFinal(body));
      } catch (JsonProcessingException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static String id(TaskRef task) {
    return Marker.oneLine(task.markerId()).replace(" | ", " / ");
  }

  private static TaskRef ref(String id) {
    return new TaskRef(-1, null, id);
  }
}
