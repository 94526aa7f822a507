package io.autoservice.agent.fleet;

import static io.autoservice.agent.fleet.JournalFiles.ACKED_BYTES;
import static io.autoservice.agent.fleet.JournalFiles.ACKED_SUFFIX;
import static io.autoservice.agent.fleet.JournalFiles.FILE_HEADER_BYTES;
import static io.autoservice.agent.fleet.JournalFiles.LOG_SUFFIX;
import static io.autoservice.agent.fleet.JournalFiles.MAGIC;
import static io.autoservice.agent.fleet.JournalFiles.MAX_RECORD_BYTES;
import static io.autoservice.agent.fleet.JournalFiles.PLAN_SUFFIX;
import static io.autoservice.agent.fleet.JournalFiles.RECORD_HEADER_BYTES;
import static io.autoservice.agent.fleet.JournalFiles.VERSION;
import static io.autoservice.agent.fleet.JournalFiles.closeQuietly;
import static io.autoservice.agent.fleet.JournalFiles.crc;
import static io.autoservice.agent.fleet.JournalFiles.fileName;
import static io.autoservice.agent.fleet.JournalFiles.readFully;
import static io.autoservice.agent.fleet.JournalFiles.writeFully;

import com.google.protobuf.InvalidProtocolBufferException;
import io.autoservice.proto.v1.AssignRun;
import io.autoservice.proto.v1.RunEvent;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.concurrent.NotThreadSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run in a {@link FileRunJournal}: its open log, what is known about it, and reading its
 * records. Reads go through a sparse in-memory index (every {@link #INDEX_STRIDE}th record's
 * offset) and a cursor, so sending in order costs one positional read per event and a run of
 * millions of lines costs kilobytes of heap.
 *
 * <p>Guarded by the journal: its monitor for state, its append lock for writes to the log.
 */
@NotThreadSafe
final class JournaledRun {
  private static final Logger log = LoggerFactory.getLogger(JournaledRun.class);

  /** Every this many records, the log's offset is kept in memory; reads scan from there. */
  static final int INDEX_STRIDE = 64;

  final String runId;
  final String name;
  final long createdMillis;
  FileChannel channel;
  private FileChannel ackedOut;

  /** Bytes of the log: header and durable records. */
  long logSize;

  long planBytes;
  long ackedBytes;
  AssignRun plan;

  /** Highest sequence durably in the log (its records are 1..diskLast). */
  long diskLast;

  /** Events appended after diskLast that the disk did not take (yet): diskLast + 1, … */
  List<RunEvent> overflow = List.of();

  boolean writeFailing;
  long acked;
  long finishedSeq = -1;

  /** The sequence the next append must carry (the executor's numbering, not the stored one). */
  long nextIn = 1;

  /** Output lines dropped and not yet reported by a marker line, and their task. */
  long dropped;

  int droppedIndex;

  private long[] index = new long[4];
  private int indexSize;

  /** Sequential reads: the offset of record {@code cursorSeq}, when cursorSeq > 0. */
  private long cursorSeq;

  private long cursorOffset;

  private JournaledRun(String runId, String name, long createdMillis) {
    this.runId = runId;
    this.name = name;
    this.createdMillis = createdMillis;
  }

  long lastSeq() {
    return diskLast + overflow.size();
  }

  /** What its files take on disk. */
  long bytes() {
    return logSize + planBytes + ackedBytes;
  }

  /** Records that {@code seq} is durable at {@code offset}. */
  void indexRecord(long seq, long offset) {
    if ((seq - 1) % INDEX_STRIDE == 0) {
      if (indexSize == index.length) {
        index = Arrays.copyOf(index, indexSize * 2);
      }
      index[indexSize++] = offset;
    }
  }

  /** Event {@code seq} (1 to lastSeq), from the log or the in-memory overflow. */
  RunEvent read(long seq) throws IOException {
    if (seq > diskLast) {
      return overflow.get((int) (seq - diskLast - 1));
    }
    long offset;
    ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER_BYTES);
    if (cursorSeq == seq) {
      offset = cursorOffset;
    } else {
      int k = (int) ((seq - 1) / INDEX_STRIDE);
      offset = index[k];
      for (long at = (long) k * INDEX_STRIDE + 1; at < seq; at++) {
        readFully(channel, header.clear(), offset);
        offset += RECORD_HEADER_BYTES + header.getInt(0);
      }
    }
    readFully(channel, header.clear(), offset);
    int length = header.getInt(0);
    if (length <= 0 || length > MAX_RECORD_BYTES) {
      throw new IOException("record " + seq + " at " + offset + ": length " + length);
    }
    ByteBuffer body = ByteBuffer.allocate(length);
    readFully(channel, body, offset + RECORD_HEADER_BYTES);
    if (crc(body.array()) != header.getInt(4)) {
      throw new IOException("record " + seq + " at " + offset + ": CRC mismatch");
    }
    RunEvent event = RunEvent.parseFrom(body.array());
    cursorSeq = seq + 1;
    cursorOffset = offset + RECORD_HEADER_BYTES + length;
    return event;
  }

  /**
   * Rewrites the {@code .acked} file in place, without fsync: it only spares resending, so a lost
   * write costs duplicates the controller ignores. Returns the bytes it added on disk.
   */
  long writeAcked(Path dir) {
    try {
      if (ackedOut == null) {
        ackedOut =
            OwnerOnly.open(
                dir.resolve(name + ACKED_SUFFIX),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
      }
      writeFully(ackedOut, JournalFiles.acked(acked), 0);
      long added = ACKED_BYTES - ackedBytes;
      ackedBytes = ACKED_BYTES;
      return added;
    } catch (IOException e) {
      log.debug("Journal: run {}: cannot record its ack: {}", runId, e.toString());
      return 0;
    }
  }

  /**
   * Its RunFinished was acked: kept only until the next Welcome confirms the controller holds it.
   */
  boolean delivered() {
    return finishedSeq > 0 && acked >= finishedSeq;
  }

  void close() {
    closeQuietly(channel);
    closeQuietly(ackedOut);
  }

  /** Closes and deletes the run's files: log first, since a plan without a log is a leftover. */
  void deleteFiles(Path dir) {
    close();
    for (String suffix : List.of(LOG_SUFFIX, ACKED_SUFFIX, PLAN_SUFFIX)) {
      Path file = dir.resolve(name + suffix);
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // It comes back after a restart, is resent and acknowledged again: harmless.
        log.warn("Journal: cannot delete {}: {}", file, e.toString());
      }
    }
  }

  /** Creates a new run's log (header written and fsync'd, folder entry synced). */
  static JournaledRun create(Path dir, String runId, long createdMillis) throws IOException {
    JournaledRun run = new JournaledRun(runId, fileName(runId), createdMillis);
    Path file = dir.resolve(run.name + LOG_SUFFIX);
    FileChannel ch =
        OwnerOnly.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    try {
      writeFully(ch, JournalFiles.fileHeader(createdMillis), 0);
      ch.force(true);
    } catch (IOException e) {
      closeQuietly(ch);
      Files.deleteIfExists(file);
      throw e;
    }
    JournalFiles.syncDir(dir);
    run.channel = ch;
    run.logSize = FILE_HEADER_BYTES;
    return run;
  }

  /**
   * Opens a run's files after a restart: scans the log, cuts off a torn or corrupt tail, reads the
   * plan and the acked sequence. Returns null, having removed its files, when there is no run (a
   * log with neither events nor plan: an accept that never completed; a run fully acknowledged),
   * and null, leaving them alone, when the log is not in a format this agent reads.
   */
  static JournaledRun load(Path dir, String name) throws IOException {
    Path logFile = dir.resolve(name + LOG_SUFFIX);
    Path planFile = dir.resolve(name + PLAN_SUFFIX);
    Path ackedFile = dir.resolve(name + ACKED_SUFFIX);
    AssignRun plan = JournalFiles.readPlan(planFile, name);
    FileChannel ch = FileChannel.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long size = ch.size();
      long created;
      if (size < FILE_HEADER_BYTES) {
        created = Files.getLastModifiedTime(logFile).toMillis(); // torn while being created
      } else {
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_BYTES);
        readFully(ch, header, 0);
        if (header.getInt(0) != MAGIC || header.getInt(4) != VERSION) {
          log.error(
              "Journal: {} is not a journal this agent reads (magic {}, version {}); left alone",
              logFile,
              Integer.toHexString(header.getInt(0)),
              header.getInt(4));
          closeQuietly(ch);
          return null;
        }
        created = header.getLong(8);
      }
      JournaledRun run = scan(ch, size, name, plan == null ? null : plan.getRunId(), created);
      if (run == null) {
        closeQuietly(ch);
        log.info("Journal: removing {}, left by an interrupted accept", logFile);
        Files.deleteIfExists(logFile);
        Files.deleteIfExists(ackedFile);
        return null;
      }
      if (size < FILE_HEADER_BYTES) {
        ch.truncate(0);
        writeFully(ch, JournalFiles.fileHeader(created), 0);
        ch.force(true);
      } else if (run.logSize < size) {
        log.warn(
            "Journal: run {}: dropped {} bytes after event {} (a record torn by a crash)",
            run.runId,
            size - run.logSize,
            run.diskLast);
        ch.truncate(run.logSize);
        ch.force(true);
      }
      run.channel = ch;
      run.nextIn = run.diskLast + 1;
      run.plan = plan;
      run.planBytes = plan == null ? 0 : Files.size(planFile);
      if (Files.exists(ackedFile)) {
        run.ackedBytes = Files.size(ackedFile);
        run.acked = Math.min(JournalFiles.readAcked(ackedFile), run.diskLast);
      }
      // A delivered run stays until a Welcome confirms the controller still holds all of it.
      return run;
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  /**
   * Reads records from the header on, while they are whole, match their CRC, parse, belong to the
   * run and follow each other: the first that does not ends the log. Null when there are no records
   * and no plan.
   */
  private static JournaledRun scan(
      FileChannel ch, long size, String name, String planRunId, long created) throws IOException {
    JournaledRun run = planRunId == null ? null : new JournaledRun(planRunId, name, created);
    long pos = FILE_HEADER_BYTES;
    if (size > FILE_HEADER_BYTES) {
      // Not closed: that would close the channel, which the run keeps.
      DataInputStream in =
          new DataInputStream(
              new BufferedInputStream(Channels.newInputStream(ch.position(pos)), 1 << 16));
      while (size - pos >= RECORD_HEADER_BYTES) {
        int length = in.readInt();
        int crc = in.readInt();
        if (length <= 0 || length > MAX_RECORD_BYTES || size - pos - RECORD_HEADER_BYTES < length) {
          break;
        }
        byte[] body = in.readNBytes(length);
        RunEvent event;
        try {
          if (body.length != length || crc(body) != crc) {
            break;
          }
          event = RunEvent.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
          break;
        }
        if (run == null) {
          if (!fileName(event.getRunId()).equals(name)) {
            break;
          }
          run = new JournaledRun(event.getRunId(), name, created);
        }
        if (!event.getRunId().equals(run.runId)
            || event.getSequence() != run.diskLast + 1
            || run.finishedSeq > 0) {
          break;
        }
        run.indexRecord(event.getSequence(), pos);
        run.diskLast++;
        if (event.hasRunFinished()) {
          run.finishedSeq = event.getSequence();
        }
        pos += RECORD_HEADER_BYTES + length;
      }
    }
    if (run != null) {
      run.logSize = pos;
    }
    return run;
  }

  /**
   * Every run in {@code dir}, oldest first, having removed the leftovers of interrupted accepts and
   * deletes (temporary files, a plan or ack file without its log).
   */
  static List<JournaledRun> loadAll(Path dir) throws IOException {
    List<JournaledRun> loaded = new ArrayList<>();
    Set<String> logs = new HashSet<>();
    List<Path> others = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String fn = file.getFileName().toString();
        if (fn.endsWith(JournalFiles.LOG_SUFFIX)) {
          String name = strip(fn, JournalFiles.LOG_SUFFIX);
          logs.add(name);
          JournaledRun run = load(dir, name);
          if (run != null) {
            loaded.add(run);
          }
        } else {
          others.add(file);
        }
      }
    }
    for (Path file : others) {
      String fn = file.getFileName().toString();
      boolean leftover =
          fn.endsWith(JournalFiles.TMP_SUFFIX)
              || (fn.endsWith(JournalFiles.PLAN_SUFFIX)
                  && !logs.contains(strip(fn, JournalFiles.PLAN_SUFFIX)))
              || (fn.endsWith(JournalFiles.ACKED_SUFFIX)
                  && !logs.contains(strip(fn, JournalFiles.ACKED_SUFFIX)));
      if (leftover) {
        log.info("Journal: removing {}, left by an interrupted accept or delete", file);
        Files.deleteIfExists(file);
      }
    }
    loaded.sort(
        Comparator.comparingLong((JournaledRun r) -> r.createdMillis).thenComparing(r -> r.name));
    return loaded;
  }

  private static String strip(String fileName, String suffix) {
    return fileName.substring(0, fileName.length() - suffix.length());
  }
}
