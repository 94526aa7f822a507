package io.autoservice.agent.tasks.integrity;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Windows' servicing log, {@code %WINDIR%\Logs\CBS\CBS.log}, where SFC writes what it verified and
 * repaired in English on every Windows ({@code 2026-09-25 20:13:52, Info CSI 000002b4 [SR]
 * Repairing 0 components}), whatever the console's display language. Only the lines of one run are
 * wanted: those stamped at or after the second it started (CBS stamps local time to the second).
 * Reading never throws: a missing or unreadable log gives no lines, and the console output decides.
 */
public final class CbsLog {
  /** Overrides the log's path (tests; a machine whose log lives elsewhere). */
  public static final String PATH_ENV = "AUTOSERVICE_CBS_LOG";

  /** Kept lines of one run; a /scannow writes about a thousand. */
  static final int MAX_LINES = 50_000;

  private final Path path;
  private final Clock clock;

  public CbsLog(Path path, Clock clock) {
    this.path = path;
    this.clock = clock;
  }

  /**
   * The log of this machine: {@value #PATH_ENV}, else {@code %WINDIR%} (or {@code %SystemRoot%}).
   */
  public static CbsLog system(Map<String, String> env) {
    String override = env.get(PATH_ENV);
    if (override != null && !override.isBlank()) {
      return new CbsLog(Path.of(override), Clock.systemDefaultZone());
    }
    String windir = env.getOrDefault("WINDIR", env.get("SystemRoot"));
    Path p = windir == null || windir.isBlank() ? null : Path.of(windir, "Logs", "CBS", "CBS.log");
    return new CbsLog(p, Clock.systemDefaultZone());
  }

  /** The time a run starts, as CBS will stamp it. */
  public LocalDateTime now() {
    return LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * The SFC lines ({@code [SR]}, {@code [Pnp]}) stamped at or after {@code since}; empty if
   * unreadable.
   */
  public List<String> sfcLinesSince(LocalDateTime since) {
    List<String> out = new ArrayList<>();
    if (path == null || since == null || !Files.isReadable(path)) {
      return out;
    }
    // ISO-8859-1 never fails to decode; the markers and stamps are ASCII.
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.ISO_8859_1)) {
      String line;
      while ((line = r.readLine()) != null) {
        if ((line.contains("[SR]") || line.contains("[Pnp]")) && !before(line, since)) {
          if (out.size() >= MAX_LINES) {
            out.remove(0);
          }
          out.add(line);
        }
      }
    } catch (IOException | RuntimeException e) {
      return out;
    }
    return out;
  }

  /**
   * Whether the line's stamp ("2026-09-25 20:13:52, …") is before {@code since}; unstamped lines
   * are.
   */
  static boolean before(String line, LocalDateTime since) {
    if (line.length() < 19) {
      return true;
    }
    try {
      LocalDateTime t = LocalDateTime.parse(line.substring(0, 10) + "T" + line.substring(11, 19));
      return t.isBefore(since);
    } catch (DateTimeParseException e) {
      return true;
    }
  }
}
