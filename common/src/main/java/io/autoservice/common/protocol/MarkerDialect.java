package io.autoservice.common.protocol;

import java.util.Locale;
import java.util.Optional;

/** The two spellings of the classic stderr protocol. */
public enum MarkerDialect {
  /** As documented: {@code TASK_START: <task_id>}, {@code TASK_OK: <task_id> | success}, … */
  SEED(new SeedMarkers()),
  /** What the AutoService desktop UI's regexes parse: {@code TASK_START:<index>:<type>}, … */
  AUTOSERVICE(new AutoserviceMarkers());

  private final MarkerCodec codec;

  MarkerDialect(MarkerCodec codec) {
    this.codec = codec;
  }

  /** Formats a marker as one line, without the line terminator. */
  public String format(Marker marker) {
    return codec.format(marker);
  }

  /** Reads a line; empty when the line is not a marker of this dialect. */
  public Optional<Marker> parse(String line) {
    return codec.parse(line);
  }

  /** Reads {@code seed} or {@code autoservice}, any case. */
  public static MarkerDialect fromName(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "markers: \"" + name + "\" (expected: seed or autoservice)", e);
    }
  }

  /** Formats and parses one dialect. */
  interface MarkerCodec {
    String format(Marker marker);

    Optional<Marker> parse(String line);
  }
}
