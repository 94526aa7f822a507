package io.autoservice.agent.tasks.adwcleaner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds the log AdwCleaner wrote during this run. */
final class AdwCleanerLogs {
  /** File times may be rounded to 2 s (FAT): a log this much older than the start still counts. */
  static final long CLOCK_SLACK_MILLIS = 2000;

  private static final Pattern LOG_NAME = Pattern.compile("(?i)^AdwCleaner.*\\.txt$");
  private static final Pattern CLEAN_LOG = Pattern.compile("(?i)^AdwCleaner\\[C\\d*\\]\\.txt$");

  private AdwCleanerLogs() {}

  /** The folders AdwCleaner may write its logs to for {@code /path <workingPath>}. */
  static List<Path> folders(Path workingPath) {
    return List.of(workingPath.resolve("AdwCleaner").resolve("Logs"), workingPath.resolve("Logs"));
  }

  /**
   * The newest {@code AdwCleaner*.txt} in {@link #folders} modified at or after {@code
   * startedMillis} (less {@link #CLOCK_SLACK_MILLIS}); a clean log ({@code AdwCleaner[Cnn].txt})
   * wins over a scan log, then the newest, then the greatest name.
   */
  static Optional<Path> newest(Path workingPath, long startedMillis) throws IOException {
    record Candidate(Path path, boolean clean, long modified) {}
    List<Candidate> found = new ArrayList<>();
    for (Path dir : folders(workingPath)) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : files.toList()) {
          String name = p.getFileName().toString();
          if (!Files.isRegularFile(p) || !LOG_NAME.matcher(name).matches()) {
            continue;
          }
          long modified = Files.getLastModifiedTime(p).toMillis();
          if (modified >= startedMillis - CLOCK_SLACK_MILLIS) {
            found.add(new Candidate(p, CLEAN_LOG.matcher(name).matches(), modified));
          }
        }
      }
    }
    return found.stream()
        .max(
            Comparator.comparing(Candidate::clean)
                .thenComparingLong(Candidate::modified)
                .thenComparing(c -> c.path().getFileName().toString()))
        .map(Candidate::path);
  }
}
