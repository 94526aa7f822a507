package io.autoservice.agent.tasks.diskcheck;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The drive parameter both disk task handlers take. */
final class DiskText {
  /** A drive as a task may name it: one letter, optionally with a colon. Nothing else. */
  static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:?$");

  private DiskText() {}

  /** {@code c}, {@code C:} → {@code C:}; anything else (paths, options, spaces) → empty. */
  static Optional<String> drive(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.strip();
    if (!DRIVE.matcher(v).matches()) {
      return Optional.empty();
    }
    return Optional.of(v.substring(0, 1).toUpperCase(Locale.ROOT) + ":");
  }
}
