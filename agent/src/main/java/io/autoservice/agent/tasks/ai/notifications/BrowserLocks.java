package io.autoservice.agent.tasks.ai.notifications;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a browser is using a profile, told by the lock files it holds while it runs. A browser
 * that runs rewrites its {@code Preferences} (and keeps {@code permissions.sqlite} open), so a
 * change made under it is lost: the original's Chromium rewrite was overwritten that way.
 *
 * <p>A lock that is a symbolic link ({@code SingletonLock} of Chromium on Linux and macOS: {@code
 * host-<pid>}; Firefox's {@code lock}: {@code <ip>:+<pid>}) counts while that process lives (a link
 * whose pid cannot be read counts too). A lock that is a file ({@code lockfile} of Chromium on
 * Windows, Firefox's {@code parent.lock} and {@code .parentlock}) counts while another process
 * holds it: it cannot be opened or locked. A leftover file after a crash does not count.
 */
final class BrowserLocks {
  private BrowserLocks() {}

  static final List<String> CHROMIUM = List.of("SingletonLock", "lockfile");
  static final List<String> FIREFOX = List.of("parent.lock", ".parentlock", "lock");

  private static final Pattern PID = Pattern.compile("[-+](\\d{1,10})$");

  /** The lock that shows a browser runs in {@code dir}, if any. */
  static Optional<Path> heldLock(Path dir, List<String> names) {
    for (String name : names) {
      Path p = dir.resolve(name);
      if (Files.isSymbolicLink(p)) {
        if (linkHeld(p)) {
          return Optional.of(p);
        }
      } else if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && fileHeld(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static boolean linkHeld(Path link) {
    try {
      Matcher m = PID.matcher(Files.readSymbolicLink(link).toString());
      if (!m.find()) {
        return true;
      }
      long pid = Long.parseLong(m.group(1));
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
      return true;
    }
  }

  private static boolean fileHeld(Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock lock = ch.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true; // held by this very process (tests)
    } catch (IOException e) {
      return true; // Windows: opened without sharing by the running browser
    }
  }
}
