package io.autoservice.controller.limits;

import com.google.protobuf.Timestamp;
import io.autoservice.common.text.SafeText;
import io.autoservice.controller.model.Refusal;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How long, and made of what, each string an agent or a console sends may be, checked at the door
 * before it goes near the store, a log or a terminal.
 *
 * <p>Two kinds of field. Identity-like fields (ids, hostname, labels, task types, OS strings) are
 * refused when too long or when they hold control characters: {@link #identity} and {@link #runId}
 * throw {@link FieldRefused} naming the field, which the doors turn into {@code INVALID_ARGUMENT}.
 * Free text that carries a result (a report's error, a tool's output line, a refusal's reason from
 * an agent) is never refused, so a report is never lost: {@link #text} cuts it to its limit and
 * says so with a marker.
 */
public final class WireLimits {
  public static final int AGENT_ID = 128;
  public static final int RUN_ID = 128;
  public static final int HOSTNAME = 255;

  /** os_name, os_version, agent_version, username. */
  public static final int MACHINE_TEXT = 256;

  public static final int LABELS = 64;
  public static final int LABEL_KEY = 64;
  public static final int LABEL_VALUE = 256;
  public static final int TASK_TYPE = 64;
  public static final int TASK_TYPES = 256;
  public static final int TASK_ID = 128;
  public static final int OPEN_RUNS = 1_000;

  /** A report's or a refusal's error, a progress message. */
  public static final int ERROR_TEXT = 4_000;

  /** One line of a tool's output. */
  public static final int OUTPUT_LINE = 64 * 1024;

  /** A technician's cancel reason (a console refuses beyond it: a person can shorten it). */
  public static final int REASON = 1_000;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._/-]+");
  static final String MARKER = "… [truncated %d characters]";

  private WireLimits() {}

  /** A field that cannot be taken: INVALID_ARGUMENT, its message starting with the field's name. */
  public static final class FieldRefused extends Refusal {
    private static final long serialVersionUID = 1L;
    private final String field;

    public FieldRefused(String field, String problem) {
      super(Code.INVALID_ARGUMENT, field + ": " + problem);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  /** A run id: 1-128 letters, digits, '.', '_' or '-', and not "." or ".." (it names folders). */
  public static String runId(String field, String value) {
    return id(field, value, RUN_ID);
  }

  /** An agent id, as {@link #runId}. */
  public static String agentId(String field, String value) {
    return id(field, value, AGENT_ID);
  }

  /**
   * A task type or task id: letters, digits, '.', '_' or '-'; may be empty when {@code optional}.
   */
  public static String taskWord(String field, String value, int max, boolean optional) {
    if (optional && value.isEmpty()) {
      return value;
    }
    return id(field, value, max);
  }

  private static String id(String field, String value, int max) {
    if (value.isEmpty()
        || value.length() > max
        || !ID.matcher(value).matches()
        || value.equals(".")
        || value.equals("..")) {
      throw new FieldRefused(
          field,
          "expected 1-"
              + max
              + " letters, digits, '.', '_' or '-' (not \".\" or \"..\")"
              + " but got \""
              + shown(value)
              + "\""
              + lengthNote(value, max));
    }
    return value;
  }

  /**
   * One line of printable text of at most {@code max} characters; empty only when {@code optional}.
   */
  public static String identity(String field, String value, int max, boolean optional) {
    if (value.isEmpty() && !optional) {
      throw new FieldRefused(field, "expected a value but it is empty");
    }
    if (value.length() > max) {
      throw new FieldRefused(
          field, "expected at most " + max + " characters but got " + value.length());
    }
    if (SafeText.hasControls(value)) {
      throw new FieldRefused(
          field, "expected no control characters but got \"" + shown(value) + "\"");
    }
    return value;
  }

  /** Labels: at most {@value #LABELS}, keys as token labels, values one printable line. */
  public static void labels(String field, Map<String, String> labels) {
    if (labels.size() > LABELS) {
      throw new FieldRefused(
          field, "expected at most " + LABELS + " labels but got " + labels.size());
    }
    labels.forEach(
        (k, v) -> {
          if (k.isEmpty() || k.length() > LABEL_KEY || !LABEL.matcher(k).matches()) {
            throw new FieldRefused(
                field,
                "key \""
                    + shown(k)
                    + "\" (expected 1-"
                    + LABEL_KEY
                    + " letters, digits, '.', '_', '/' or '-')");
          }
          identity(field + "[" + k + "]", v, LABEL_VALUE, true);
        });
  }

  /** What {@link Timestamp} allows: 0001-01-01 to 9999-12-31, as {@link Instant} reads. */
  private static final long MIN_SECONDS = -62_135_596_800L;

  private static final long MAX_SECONDS = 253_402_300_799L;

  /** A time from a peer; refused, naming the field, when no Timestamp or Instant can hold it. */
  public static Instant instant(String field, Timestamp t) {
    if (t.getSeconds() < MIN_SECONDS
        || t.getSeconds() > MAX_SECONDS
        || t.getNanos() < 0
        || t.getNanos() > 999_999_999) {
      throw new FieldRefused(
          field,
          "expected a time between 0001-01-01 and 9999-12-31 but got "
              + t.getSeconds()
              + " s "
              + t.getNanos()
              + " ns");
    }
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  /** An agent's free text, cut to {@code max} characters with a marker that says how much went. */
  public static String text(String value, int max) {
    if (value.length() <= max) {
      return value;
    }
    int keep = Math.max(0, max - 40);
    if (keep > 0 && Character.isHighSurrogate(value.charAt(keep - 1))) {
      keep--; // never split a surrogate pair
    }
    return value.substring(0, keep) + String.format(MARKER, value.length() - keep);
  }

  /** A value quoted in a refusal: short, and safe for the log and the agent's terminal. */
  private static String shown(String value) {
    String cut = value.length() > 40 ? value.substring(0, 40) + "…" : value;
    return SafeText.line(cut);
  }

  private static String lengthNote(String value, int max) {
    return value.length() > max ? " (" + value.length() + " characters)" : "";
  }
}
