package io.autoservice.agent.fleet;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Timestamp;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.AssignRun;
import io.autoservice.proto.v1.RunEvent;
import io.autoservice.proto.v1.TaskOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.annotation.concurrent.GuardedBy;
import javax.annotation.concurrent.ThreadSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's durable {@link RunJournal} (issue 6), in {@code <data>/journal/}: every run event is
 * written and fsync'd before the stream may send it, and a run's files are deleted only once the
 * controller acknowledged its RunFinished and a later Welcome confirmed it still holds the whole
 * run ({@link #confirm}). It survives agent restarts; {@link RunRecovery} closes (or resumes) the
 * runs a restart interrupted.
 *
 * <p>The files of each run and their format are described on {@link JournalFiles}.
 *
 * <p><b>Bounded disk use.</b> The journal's files may take {@code maxBytes} in total (default 256
 * MiB, {@code journal_max_bytes} in the agent config). When a TaskOutput event (a verbose tool or
 * log line) would take the journal past that, the line is dropped and counted; before the run's
 * next event other than progress (or the next output line that fits again) one TaskOutput line "… N
 * output lines dropped: journal full" is recorded in its place. Every other event (run and task
 * starts, progress, results, reports) is always written, past the cap if it must: results are never
 * dropped. Dropping keeps the sent sequences gapless by renumbering: an event may be stored and
 * sent under a lower sequence than it was appended with. Lines already journaled are never evicted,
 * since they may already be with the controller under their sequence numbers.
 *
 * <p><b>A failed write</b> (disk full, I/O error) does not lose the event: it and the run's later
 * events stay in memory, are sent as usual, and are written as soon as the disk takes them again
 * (output lines are dropped meanwhile). Until then they would not survive a restart.
 *
 * <p>Events are read back from the log when they are sent (see {@link JournaledRun}); acknowledged
 * ones stay in the log until the run is forgotten, for {@link RunRecovery} to rebuild a report.
 *
 * <p>Cost: one {@code fsync} per event. A tool that prints thousands of lines a second is slowed to
 * the disk's sync rate (its output pipe waits); results and progress are few.
 *
 * <p>Thread-safe: appends are serialised by their own lock and do their disk I/O outside the
 * journal's monitor, so the stream context's reads and acks wait for the disk only briefly.
 */
@ThreadSafe
public final class FileRunJournal implements RunJournal, PlanStore {
  private static final Logger log = LoggerFactory.getLogger(FileRunJournal.class);

  /** The default cap on the journal's files: 256 MiB. */
  public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

  private final Path dir;
  private final long maxBytes;
  private final Clock clock;

  /** Serialises appends (one run thread in practice); their disk I/O runs outside the monitor. */
  private final Object appendLock = new Object();

  @GuardedBy("this")
  private final Map<String, JournaledRun> runs = new LinkedHashMap<>();

  @GuardedBy("this")
  private long totalBytes;

  @GuardedBy("this")
  private long droppedLines;

  @GuardedBy("this")
  private boolean closed;

  private FileRunJournal(Path dir, long maxBytes, Clock clock) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  /**
   * Opens (creating) the journal folder: reads every run's files, cuts off torn last records and
   * removes leftovers of interrupted accepts and deletes.
   *
   * @param maxBytes the cap on the journal's files (see the class comment), at least 1
   */
  public static FileRunJournal open(Path dir, long maxBytes, Clock clock) throws IOException {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 1)");
    }
    Path abs = OwnerOnly.directory(dir);
    FileRunJournal journal = new FileRunJournal(abs, maxBytes, requireNonNull(clock, "clock"));
    journal.load();
    return journal;
  }

  public Path path() {
    return dir;
  }

  /** What the journal's files take now. */
  @Override
  public synchronized long totalBytes() {
    return totalBytes;
  }

  /** Output lines dropped because the journal was full, since it was opened. */
  public synchronized long droppedLines() {
    return droppedLines;
  }

  /** The line recorded in place of {@code count} dropped output lines. */
  static String droppedLine(long count) {
    return "… " + count + " output line" + (count == 1 ? "" : "s") + " dropped: journal full";
  }

  // ---- PlanStore

  @Override
  public void store(String runId, Plan plan) throws IOException {
    AssignRun assign =
        AssignRun.newBuilder().setRunId(runId).setPlan(WireMapper.toProto(plan)).build();
    synchronized (appendLock) {
      synchronized (this) {
        checkOpen();
        JournaledRun run = runs.get(runId);
        boolean created = run == null;
        if (created) {
          run = createLocked(runId);
        }
        long bytes;
        try {
          bytes = JournalFiles.writePlan(dir, run.name, assign);
        } catch (IOException e) {
          if (created) {
            deleteLocked(run); // the run is refused: leave nothing behind
          }
          throw e;
        }
        totalBytes += bytes - run.planBytes;
        run.planBytes = bytes;
        run.plan = assign;
      }
    }
  }

  @Override
  public void discard(String runId) {
    synchronized (appendLock) {
      synchronized (this) {
        JournaledRun run = runs.get(runId);
        if (run != null && run.lastSeq() == 0 && !closed) {
          deleteLocked(run);
        }
      }
    }
  }

  // ---- RunJournal

  @Override
  public void append(RunEvent event) {
    synchronized (appendLock) {
      JournaledRun run;
      List<RunEvent> batch;
      long at;
      synchronized (this) {
        checkOpen();
        run = runs.get(event.getRunId());
        if (run == null) {
          if (event.getSequence() != 1) {
            throw sequenceError(event, 1);
          }
          try {
            run = createLocked(event.getRunId());
          } catch (IOException e) {
            throw new UncheckedIOException("journal: cannot create run " + event.getRunId(), e);
          }
        }
        if (event.getSequence() != run.nextIn) {
          throw sequenceError(event, run.nextIn);
        }
        if (run.finishedSeq > 0) {
          throw new IllegalArgumentException(
              "run " + run.runId + ": sequence " + event.getSequence() + " after its RunFinished");
        }
        run.nextIn++;
        long need = JournalFiles.RECORD_HEADER_BYTES + event.getSerializedSize();
        if (event.hasTaskOutput() && totalBytes + need > maxBytes) {
          evictDeliveredLocked(need);
        }
        if (event.hasTaskOutput() && (run.writeFailing || totalBytes + need > maxBytes)) {
          dropLocked(run, event.getTaskOutput());
          return;
        }
        batch = new ArrayList<>(run.overflow);
        long seq = run.lastSeq();
        if (run.dropped > 0 && !event.hasTaskProgress()) {
          batch.add(markerLocked(run, ++seq));
          run.dropped = 0;
        }
        seq++;
        batch.add(event.getSequence() == seq ? event : event.toBuilder().setSequence(seq).build());
        at = run.logSize;
      }
      write(run, batch, at);
    }
  }

  /** Writes and fsyncs {@code batch} at {@code at}, then publishes it (or keeps it in memory). */
  @GuardedBy("appendLock")
  private void write(JournaledRun run, List<RunEvent> batch, long at) {
    ByteBuffer buf = JournalFiles.encode(batch);
    int bytes = buf.remaining();
    IOException failure = null;
    try {
      JournalFiles.writeFully(run.channel, buf, at);
      run.channel.force(false);
    } catch (IOException e) {
      failure = e;
      try {
        run.channel.truncate(at); // no half-written record ahead of the next attempt
      } catch (IOException ignored) {
        // A torn record is cut off on the next open anyway.
      }
    }
    synchronized (this) {
      if (runs.get(run.runId) != run) {
        return; // forgotten meanwhile: nothing to publish to
      }
      if (failure == null) {
        long offset = at;
        for (RunEvent e : batch) {
          run.indexRecord(e.getSequence(), offset);
          offset += JournalFiles.RECORD_HEADER_BYTES + e.getSerializedSize();
        }
        run.logSize = at + bytes;
        totalBytes += bytes;
        run.diskLast += batch.size();
        run.overflow = List.of();
        if (run.writeFailing) {
          log.info("Journal: run {}: the disk takes its events again", run.runId);
          run.writeFailing = false;
        }
      } else {
        run.overflow = List.copyOf(batch);
        if (!run.writeFailing) {
          log.error(
              "Journal: run {}: cannot write {} ({}); its events stay in memory until the disk"
                  + " takes them (they would not survive a restart); output lines are dropped",
              run.runId,
              dir.resolve(run.name + JournalFiles.LOG_SUFFIX),
              failure.toString());
          run.writeFailing = true;
        }
      }
      for (RunEvent e : batch) {
        if (e.hasRunFinished()) {
          run.finishedSeq = e.getSequence();
        }
      }
    }
  }

  @GuardedBy("this")
  private void dropLocked(JournaledRun run, TaskOutput line) {
    if (run.dropped == 0) {
      log.warn(
          "Journal: run {}: {} ({} of {} bytes used); dropping output lines",
          run.runId,
          run.writeFailing ? "the disk does not take events" : "the journal is full",
          totalBytes,
          maxBytes);
    }
    run.dropped++;
    run.droppedIndex = line.getIndex();
    droppedLines++;
  }

  @GuardedBy("this")
  private RunEvent markerLocked(JournaledRun run, long seq) {
    Instant now = clock.instant();
    return RunEvent.newBuilder()
        .setRunId(run.runId)
        .setSequence(seq)
        .setTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
        .setTaskOutput(
            TaskOutput.newBuilder()
                .setIndex(run.droppedIndex)
                .setStream(TaskOutput.Stream.STREAM_LOG)
                .setLine(droppedLine(run.dropped)))
        .build();
  }

  @Override
  public synchronized void ack(String runId, long sequence) {
    JournaledRun run = runs.get(runId);
    if (run == null || closed) {
      return;
    }
    long acked = Math.min(sequence, run.lastSeq());
    if (acked > run.acked) {
      run.acked = acked;
      totalBytes += run.writeAcked(dir);
    }
  }

  /**
   * A delivered run is deleted only once a Welcome confirms the controller holds all of it: a
   * crashed controller can come back without commits it had acked, and the run's events are then
   * sent again. One the controller does not know at all ({@code holds} null) is dropped: it has
   * nowhere to go.
   */
  @Override
  public synchronized void confirm(String runId, Long holds) {
    JournaledRun run = runs.get(runId);
    if (run == null || closed) {
      return;
    }
    // A Welcome holding the whole finished run confirms it even when the stream dropped before the
    // last EventAck arrived: waiting for an ack of this stream would keep it until the next
    // Welcome.
    boolean heldWhole = holds != null && run.finishedSeq > 0 && holds >= run.finishedSeq;
    if (heldWhole || (holds == null && run.delivered())) {
      if (holds == null) {
        log.warn(
            "Journal: run {}: delivered, but the controller no longer knows it; dropping it",
            runId);
      }
      deleteLocked(run);
      return;
    }
    long h = holds == null ? 0 : holds;
    rewind(runId, h);
    ack(runId, h);
  }

  /**
   * Events stay on disk until the run is confirmed, so a controller that lost some gets them again.
   */
  @Override
  public synchronized void rewind(String runId, long sequence) {
    JournaledRun run = runs.get(runId);
    if (run == null || closed || sequence >= run.acked || sequence < 0) {
      return;
    }
    log.warn(
        "Journal: run {}: the controller holds events up to {} but had acked {}; sending the rest again",
        runId,
        sequence,
        run.acked);
    run.acked = sequence;
    totalBytes += run.writeAcked(dir);
  }

  @Override
  public synchronized Map<String, Long> openRuns() {
    Map<String, Long> open = new LinkedHashMap<>();
    runs.forEach(
        (id, run) -> {
          if (run.lastSeq() > 0) {
            open.put(id, run.lastSeq());
          }
        });
    return open;
  }

  @Override
  public synchronized RunEvent next(String runId, long afterSequence) {
    JournaledRun run = runs.get(runId);
    if (run == null || closed) {
      return null;
    }
    long seq = Math.max(afterSequence, run.acked) + 1;
    if (seq > run.lastSeq()) {
      return null;
    }
    try {
      return run.read(seq);
    } catch (IOException e) {
      // The next drain tries again; the event stays in the journal.
      log.error("Journal: run {}: cannot read event {}: {}", runId, seq, e.toString());
      return null;
    }
  }

  /**
   * True when no run has events left to deliver (accepted runs without events, and delivered runs
   * awaiting the next Welcome's confirmation, do not count).
   */
  @Override
  public synchronized boolean isEmpty() {
    return runs.values().stream().allMatch(r -> r.lastSeq() == 0 || r.delivered());
  }

  // ---- what recovery reads

  /** The held runs without a RunFinished (including accepted runs without events), in order. */
  public synchronized List<String> unfinishedRuns() {
    return runs.values().stream().filter(r -> r.finishedSeq < 0).map(r -> r.runId).toList();
  }

  /** The run's stored assignment, if it has one. */
  public synchronized Optional<AssignRun> plan(String runId) {
    JournaledRun run = runs.get(runId);
    return run == null ? Optional.empty() : Optional.ofNullable(run.plan);
  }

  /** The highest sequence journaled for the run (0 when none or unknown). */
  public synchronized long lastSequence(String runId) {
    JournaledRun run = runs.get(runId);
    return run == null ? 0 : run.lastSeq();
  }

  /** Every event still journaled for the run, acknowledged or not, in sequence order. */
  public synchronized void replay(String runId, Consumer<RunEvent> each) throws IOException {
    JournaledRun run = runs.get(runId);
    if (run == null) {
      return;
    }
    for (long seq = 1; seq <= run.lastSeq(); seq++) {
      each.accept(run.read(seq));
    }
  }

  @Override
  public void close() {
    synchronized (appendLock) {
      synchronized (this) {
        if (!closed) {
          closed = true;
          runs.values().forEach(JournaledRun::close);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "FileRunJournal[" + dir + "]";
  }

  // ---- files

  @GuardedBy("this")
  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("journal closed: " + dir);
    }
  }

  @GuardedBy("this")
  private JournaledRun createLocked(String runId) throws IOException {
    JournaledRun run = JournaledRun.create(dir, runId, clock.millis());
    runs.put(runId, run);
    totalBytes += run.bytes();
    return run;
  }

  /** Space before keeping delivered runs for confirmation: they go first, oldest first. */
  @GuardedBy("this")
  private void evictDeliveredLocked(long need) {
    for (JournaledRun r : List.copyOf(runs.values())) {
      if (totalBytes + need <= maxBytes) {
        return;
      }
      if (r.delivered()) {
        deleteLocked(r);
      }
    }
  }

  @GuardedBy("this")
  private void deleteLocked(JournaledRun run) {
    runs.remove(run.runId);
    totalBytes -= run.bytes();
    run.deleteFiles(dir);
    log.debug("Journal: run {} delivered; its files are deleted", run.runId);
  }

  private synchronized void load() throws IOException {
    for (JournaledRun run : JournaledRun.loadAll(dir)) {
      runs.put(run.runId, run);
      totalBytes += run.bytes();
    }
    if (!runs.isEmpty()) {
      log.info("Journal {}: {} runs held, {} of {} bytes", dir, runs.size(), totalBytes, maxBytes);
    }
  }

  private static IllegalArgumentException sequenceError(RunEvent event, long expected) {
    return new IllegalArgumentException(
        "run "
            + event.getRunId()
            + ": sequence "
            + event.getSequence()
            + " (expected: "
            + expected
            + ")");
  }
}
