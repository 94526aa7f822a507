package io.autoservice.agent.fleet;

import io.autoservice.proto.v1.AssignRun;
import io.autoservice.proto.v1.RunEvent;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The byte layout of {@link FileRunJournal}'s files (below) and the file operations it needs:
 * naming, framing records with their CRC32, whole reads and writes, fsync of a folder.
 *
 * <p><b>Files, per run</b> ({@code <name>} is the run id when it is a safe file name, lower-case
 * {@code [a-z0-9][a-z0-9.-]*} up to 100 characters and no Windows device name; otherwise {@code h_}
 * and the SHA-256 of the id in hex):
 *
 * <ul>
 *   <li>{@code <name>.log}: a 16-byte header (magic {@code ASJ1}, format version 1, creation time
 *       in epoch milliseconds; big-endian) then one record per event: a 4-byte length, the CRC32 of
 *       the payload (4 bytes), and the payload, the event's {@code RunEvent} protobuf as it is
 *       sent. Records hold sequences 1, 2, 3, … without gaps. Append-only; {@code
 *       FileChannel.force} after each append, before the event is handed to the stream. On open, a
 *       record that is short, has an impossible length, a wrong CRC, does not parse, or breaks the
 *       sequence ends the log: it and anything after it are cut off (a torn last record after a
 *       crash).
 *   <li>{@code <name>.plan}: the run's {@code AssignRun} (run id and plan) in one record of the
 *       same framing, written (temporary file, fsync, atomic rename) when the run is accepted, so a
 *       restart can rebuild the report of an interrupted run. A log without events and without a
 *       plan, and a plan without a log, are leftovers of an interrupted accept or delete: removed
 *       on open.
 *   <li>{@code <name>.acked}: the highest sequence the controller acknowledged (8 bytes, then their
 *       CRC32), rewritten in place on each ack and <i>not</i> fsync'd. After a restart it spares
 *       resending what the controller acknowledged of a run its Welcome does not mention (for the
 *       others Welcome.acked says where to resume); losing it costs duplicates, which the
 *       controller ignores.
 * </ul>
 */
final class JournalFiles {
  private static final Logger log = LoggerFactory.getLogger(JournalFiles.class);

  static final String LOG_SUFFIX = ".log";
  static final String PLAN_SUFFIX = ".plan";
  static final String ACKED_SUFFIX = ".acked";
  static final String TMP_SUFFIX = ".tmp";

  static final int MAGIC = 0x41534A31; // "ASJ1"
  static final int VERSION = 1;

  /** Magic, version, creation time in epoch milliseconds. */
  static final int FILE_HEADER_BYTES = 16;

  /** Length and CRC32 of the payload. */
  static final int RECORD_HEADER_BYTES = 8;

  /** The acknowledged sequence and its CRC32. */
  static final int ACKED_BYTES = 12;

  /** A length above this is corruption, not an event. */
  static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

  private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,99}");
  private static final Set<String> DEVICE_NAMES =
      Set.of(
          "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
          "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  private JournalFiles() {}

  /**
   * The name (without suffix) of a run's files: the run id when it is a safe file name everywhere
   * (lower case, so no two ids collide on a case-insensitive disk; no Windows device name), else
   * {@code h_} and the id's SHA-256 in hex. The files themselves hold the real id.
   */
  static String fileName(String runId) {
    if (SAFE_NAME.matcher(runId).matches()
        && !runId.endsWith(".")
        && !DEVICE_NAMES.contains(runId.split("\\.", 2)[0])) {
      return runId;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(runId.getBytes(StandardCharsets.UTF_8));
      return "h_" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static ByteBuffer fileHeader(long createdMillis) {
    ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_BYTES);
    return header.putInt(MAGIC).putInt(VERSION).putLong(createdMillis).flip();
  }

  /** The records of {@code events}, back to back. */
  static ByteBuffer encode(List<RunEvent> events) {
    int size = 0;
    for (RunEvent e : events) {
      size += RECORD_HEADER_BYTES + e.getSerializedSize();
    }
    ByteBuffer buf = ByteBuffer.allocate(size);
    for (RunEvent e : events) {
      byte[] body = e.toByteArray();
      buf.putInt(body.length).putInt(crc(body)).put(body);
    }
    return buf.flip();
  }

  static int crc(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    return (int) crc.getValue();
  }

  static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      pos += ch.write(buf, pos);
    }
  }

  static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new EOFException("end of file at " + pos);
      }
      pos += n;
    }
  }

  /** Writes a run's plan atomically (temporary file, fsync, rename); returns its size. */
  static long writePlan(Path dir, String name, AssignRun assign) throws IOException {
    byte[] body = assign.toByteArray();
    ByteBuffer buf = ByteBuffer.allocate(RECORD_HEADER_BYTES + body.length);
    buf.putInt(body.length).putInt(crc(body)).put(body).flip();
    Path tmp = dir.resolve(name + PLAN_SUFFIX + TMP_SUFFIX);
    try (FileChannel ch =
        OwnerOnly.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      writeFully(ch, buf, 0);
      ch.force(true);
    }
    Files.move(
        tmp,
        dir.resolve(name + PLAN_SUFFIX),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    syncDir(dir);
    return buf.limit();
  }

  /** A run's stored assignment, or null when there is none or it cannot be read. */
  static AssignRun readPlan(Path file, String name) {
    try {
      byte[] all = Files.readAllBytes(file);
      if (all.length < RECORD_HEADER_BYTES) {
        throw new IOException("short file");
      }
      ByteBuffer buf = ByteBuffer.wrap(all);
      int length = buf.getInt();
      int crc = buf.getInt();
      if (length != all.length - RECORD_HEADER_BYTES) {
        throw new IOException("length " + length + " in a file of " + all.length + " bytes");
      }
      byte[] body = Arrays.copyOfRange(all, RECORD_HEADER_BYTES, all.length);
      if (crc(body) != crc) {
        throw new IOException("CRC mismatch");
      }
      AssignRun assign = AssignRun.parseFrom(body);
      if (!fileName(assign.getRunId()).equals(name)) {
        throw new IOException("it is the plan of run " + assign.getRunId());
      }
      return assign;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      log.warn("Journal: cannot read the plan {}: {}", file, e.getMessage());
      return null;
    }
  }

  static ByteBuffer acked(long sequence) {
    ByteBuffer buf = ByteBuffer.allocate(ACKED_BYTES);
    buf.putLong(sequence);
    CRC32 crc = new CRC32();
    crc.update(buf.array(), 0, 8);
    return buf.putInt((int) crc.getValue()).flip();
  }

  /** The acknowledged sequence in an {@code .acked} file; 0 when it is missing or damaged. */
  static long readAcked(Path file) {
    try {
      byte[] all = Files.readAllBytes(file);
      if (all.length != ACKED_BYTES) {
        return 0;
      }
      ByteBuffer buf = ByteBuffer.wrap(all);
      long sequence = buf.getLong();
      return acked(sequence).equals(ByteBuffer.wrap(all)) ? Math.max(0, sequence) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Makes a created, renamed or deleted entry of {@code dir} durable (not possible on Windows). */
  static void syncDir(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a folder as a channel; NTFS journals the entry itself.
    }
  }

  static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // Closing after use: nothing left to do about it.
      }
    }
  }
}
