package io.autoservice.console.verbs;

import io.autoservice.common.auth.Role;
import io.autoservice.common.net.ControllerAddresses;
import io.autoservice.common.net.HostPort;
import io.autoservice.common.protocol.MarkerDialect;
import io.autoservice.common.result.RunStatus;
import io.autoservice.console.view.AgentRow;
import io.autoservice.console.view.RunRow;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The console's option converters; a bad value is a usage error (exit 2) that says what was
 * expected.
 */
public final class Converters {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)?");

  private Converters() {}

  /**
   * {@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}, {@code 1w}, a bare number of seconds, or
   * ISO-8601 ({@code PT2H}).
   */
  static Duration duration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = DURATION.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      Duration d =
          switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofSeconds(n);
          };
      if (d.isZero()) {
        throw new IllegalArgumentException(
            "'" + text + "' is zero (expected: a positive duration)");
      }
      return d;
    }
    try {
      Duration d = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("'" + text + "' (expected: a positive duration)");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (expected: e.g. 90s, 15m, 2h, 7d)");
    }
  }

  /** {@code --deadline 2h}, {@code --since 7d}. */
  public static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return duration(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** The addresses of {@code --controller}: one or several controller replicas. */
  public record ControllerList(List<HostPort> addresses) {}

  /** {@code --controller HOST:PORT[,HOST:PORT...]}, or the same in $AUTOSERVICE_CONTROLLER. */
  static final class ControllerListConverter implements ITypeConverter<ControllerList> {
    @Override
    public ControllerList convert(String value) {
      try {
        return new ControllerList(ControllerAddresses.parse("--controller", value));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code --markers seed|autoservice}. */
  static final class DialectConverter implements ITypeConverter<MarkerDialect> {
    @Override
    public MarkerDialect convert(String value) {
      try {
        return MarkerDialect.fromName(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a marker dialect (expected: seed or autoservice)");
      }
    }
  }

  /** {@code --status ok|completed_with_errors|cancelled|error|expired}. */
  static final class RunStatusConverter implements ITypeConverter<RunStatus> {
    @Override
    public RunStatus convert(String value) {
      try {
        return RunStatus.parse(value.strip());
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not a run status (expected: ok, completed_with_errors, cancelled, error or"
                + " expired)");
      }
    }
  }

  /** {@code --state queued|assigned|running|finished}. */
  static final class RunStateConverter implements ITypeConverter<RunRow.State> {
    @Override
    public RunRow.State convert(String value) {
      String v = value.strip().toUpperCase(Locale.ROOT);
      for (RunRow.State s : RunRow.State.values()) {
        if (s != RunRow.State.UNKNOWN && s.name().equals(v)) {
          return s;
        }
      }
      throw new TypeConversionException(
          "'" + value + "' is not a run state (expected: queued, assigned, running or finished)");
    }
  }

  /** {@code --state online|busy|offline|revoked}. */
  static final class AgentStateConverter implements ITypeConverter<AgentRow.State> {
    @Override
    public AgentRow.State convert(String value) {
      String v = value.strip().toUpperCase(Locale.ROOT);
      for (AgentRow.State s : AgentRow.State.values()) {
        if (s != AgentRow.State.UNKNOWN && s.name().equals(v)) {
          return s;
        }
      }
      throw new TypeConversionException(
          "'" + value + "' is not an agent state (expected: online, busy, offline or revoked)");
    }
  }

  /** {@code --role viewer|technician|admin}. */
  public static final class RoleConverter implements ITypeConverter<Role> {
    @Override
    public Role convert(String value) {
      try {
        return Role.fromWireName(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a role (expected: viewer, technician or admin)");
      }
    }
  }
}
