package io.autoservice.agent.tasks.furmark;

import io.autoservice.common.plan.TaskParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One FurMark run, validated, and its command line: {@code furmark.exe --demo <demo> --width <w>
 * --height <h> --max-time <s> <extra_args…>}.
 *
 * @param durationSeconds {@code --max-time}
 * @param width {@code --width}
 * @param height {@code --height}
 * @param demo {@code --demo}, e.g. {@code furmark-gl}
 * @param extraArgs further options, each starting with {@code -}
 */
public record FurMarkCommand(
    int durationSeconds, int width, int height, String demo, List<String> extraArgs) {
  public static final int MIN_SECONDS = 10;
  public static final int MAX_SECONDS = 3600;

  /** How much longer than {@code --max-time} FurMark may take before its tree is killed. */
  public static final Duration MARGIN = Duration.ofMinutes(2);

  /** A demo name: lower-case letters, digits and dashes, not starting with a dash. */
  private static final Pattern DEMO = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  /** The options this handler sets itself; an extra_args copy would contradict them. */
  private static final Set<String> RESERVED = Set.of("--demo", "--width", "--height", "--max-time");

  public FurMarkCommand {
    extraArgs = List.copyOf(extraArgs);
  }

  /**
   * Reads and checks the parameters (their types and ranges were checked against the schema).
   *
   * @throws IllegalArgumentException with a sentence for the technician
   */
  public static FurMarkCommand from(TaskParams p) {
    Integer seconds =
        p.has("duration_seconds")
            ? Math.toIntExact(p.integer("duration_seconds").orElseThrow())
            : null;
    Integer minutes =
        p.has("duration_minutes")
            ? Math.toIntExact(p.integer("duration_minutes").orElseThrow())
            : null;
    if (seconds == null && minutes == null) {
      throw new IllegalArgumentException(
          "duration_seconds is required (" + MIN_SECONDS + "-" + MAX_SECONDS + " s)");
    }
    if (seconds != null && minutes != null && seconds != minutes * 60) {
      throw new IllegalArgumentException(
          "duration_seconds ("
              + seconds
              + ") and duration_minutes ("
              + minutes
              + ") disagree; give one of them");
    }
    int duration = seconds != null ? seconds : minutes * 60;
    if (duration < MIN_SECONDS || duration > MAX_SECONDS) {
      throw new IllegalArgumentException(
          "the duration must be "
              + MIN_SECONDS
              + " to "
              + MAX_SECONDS
              + " s, got "
              + duration
              + " s");
    }
    String demo = p.string("demo").orElse("furmark-gl").strip();
    if (!DEMO.matcher(demo).matches()) {
      throw new IllegalArgumentException(
          "demo must be a FurMark demo name such as furmark-gl (lower-case letters, digits, dashes), got \""
              + printable(demo)
              + "\"");
    }
    List<String> extra = p.strings("extra_args");
    for (String a : extra) {
      checkExtraArg(a);
    }
    return new FurMarkCommand(
        duration,
        Math.toIntExact(p.integer("width").orElse(1920L)),
        Math.toIntExact(p.integer("height").orElse(1080L)),
        demo,
        extra);
  }

  /**
   * An extra argument must be an option ({@code -x}, {@code --x[=v]}) other than those set here.
   */
  static void checkExtraArg(String a) {
    if (a == null
        || a.length() < 2
        || a.length() > 256
        || !a.startsWith("-")
        || a.chars().anyMatch(c -> c == '"' || Character.isISOControl(c))) {
      throw new IllegalArgumentException(
          "extra_args may only hold options starting with '-' (no quotes or control characters), got \""
              + printable(String.valueOf(a))
              + "\"");
    }
    String name = a.toLowerCase(Locale.ROOT);
    int eq = name.indexOf('=');
    if (RESERVED.contains(eq < 0 ? name : name.substring(0, eq))) {
      throw new IllegalArgumentException(
          "extra_args may not set "
              + (eq < 0 ? a : a.substring(0, eq))
              + ": use the task's demo, width, height and duration_seconds");
    }
  }

  /** The arguments after the program. */
  public List<String> args() {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "--demo",
                demo,
                "--width",
                Integer.toString(width),
                "--height",
                Integer.toString(height),
                "--max-time",
                Integer.toString(durationSeconds)));
    cmd.addAll(extraArgs);
    return cmd;
  }

  public Duration expected() {
    return Duration.ofSeconds(durationSeconds);
  }

  /** {@code --max-time} plus {@link #MARGIN}. */
  public static Duration timeoutFor(int seconds) {
    return Duration.ofSeconds(seconds).plus(MARGIN);
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(80).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
