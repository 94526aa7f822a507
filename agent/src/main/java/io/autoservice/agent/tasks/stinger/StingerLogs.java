package io.autoservice.agent.tasks.stinger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Finds and reads the {@code Stinger_*.html} log a run wrote. */
final class StingerLogs {
  /** File times may be rounded to 2 s (FAT): a log this much older than the start still counts. */
  static final long CLOCK_SLACK_MILLIS = 2_000;

  /** Larger logs are cut (a log of tens of thousands of infections is still far smaller). */
  static final int MAX_BYTES = 32 << 20;

  private StingerLogs() {}

  /** A log file's size and time, to tell whether it grew. */
  record Stamp(Path path, long size, long modifiedMillis) {}

  /**
   * The newest {@code Stinger_*.html} (any case) in {@code dir} modified at or after {@code
   * sinceMillis} (less the clock slack), if any. Never throws: an unreadable folder has none.
   */
  static Optional<Stamp> newest(Path dir, long sinceMillis) {
    Stamp best = null;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.startsWith("stinger_") || !(name.endsWith(".html") || name.endsWith(".htm"))) {
          continue;
        }
        try {
          if (!Files.isRegularFile(f)) {
            continue;
          }
          long t = Files.getLastModifiedTime(f).toMillis();
          if (t < sinceMillis - CLOCK_SLACK_MILLIS) {
            continue;
          }
          Stamp s = new Stamp(f, Files.size(f), t);
          if (best == null
              || t > best.modifiedMillis()
              || (t == best.modifiedMillis()
                  && f.getFileName().toString().compareTo(best.path().getFileName().toString())
                      > 0)) {
            best = s;
          }
        } catch (IOException | RuntimeException e) {
          // A file that vanished or cannot be read is not this run's log.
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.ofNullable(best);
  }

  /** A log's text, decoded as UTF-8 with invalid bytes replaced (U+FFFD), and whether any were. */
  record Text(String text, boolean malformed, boolean cut) {}

  /**
   * Reads a log (not interruptible: called after a timeout, when the thread may be interrupted).
   */
  static Text read(Path log) throws IOException {
    byte[] bytes;
    boolean cut;
    try (InputStream in = new java.io.FileInputStream(log.toFile())) {
      bytes = in.readNBytes(MAX_BYTES);
      cut = in.read() >= 0;
    }
    boolean malformed = false;
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      malformed = true;
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return new Text(text, malformed, cut);
  }
}
