package io.autoservice.agent.fleet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.concurrent.GuardedBy;
import javax.annotation.concurrent.ThreadSafe;

/**
 * The run ids this agent has accepted, in memory and in an append-only file (one id per line,
 * fsync'd before {@link #add} returns), so that an AssignRun the controller resends, even after an
 * agent restart, is acknowledged again but never run twice.
 *
 * <p>The file only grows; an agent takes a few runs a day, so that is kilobytes a year.
 */
@ThreadSafe
public final class TakenRuns implements AutoCloseable {
  private final Path file;

  @GuardedBy("this")
  private final Set<String> ids = new HashSet<>();

  @GuardedBy("this")
  private final FileChannel out;

  private TakenRuns(Path file, FileChannel out) {
    this.file = file;
    this.out = out;
  }

  /** Reads the file (if any) and opens it for appending. */
  public static TakenRuns open(Path file) throws IOException {
    boolean created = !Files.exists(file);
    FileChannel out =
        OwnerOnly.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    if (created && file.toAbsolutePath().getParent() != null) {
      JournalFiles.syncDir(file.toAbsolutePath().getParent()); // the new file's entry, too
    }
    TakenRuns taken = new TakenRuns(file, out);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    synchronized (taken) {
      text.lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(taken.ids::add);
      if (!text.isEmpty() && !text.endsWith("\n")) {
        // A crash mid-append left a torn last line: end it, so the next id is not glued to it.
        taken.write("\n");
      }
    }
    return taken;
  }

  public synchronized boolean contains(String runId) {
    return ids.contains(runId);
  }

  /**
   * Records a run id durably.
   *
   * @return false if it was already recorded
   * @throws IOException if it could not be written; the run must then be refused
   */
  public synchronized boolean add(String runId) throws IOException {
    if (runId.isEmpty() || runId.indexOf('\n') >= 0 || runId.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("runId: " + runId + " (expected: non-empty, one line)");
    }
    if (ids.contains(runId)) {
      return false;
    }
    write(runId + "\n");
    ids.add(runId);
    return true;
  }

  @GuardedBy("this")
  private void write(String text) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      out.write(buf);
    }
    out.force(false);
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }

  @Override
  public String toString() {
    return "TakenRuns[" + file + "]";
  }
}
