package io.autoservice.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.PlanException;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.protocol.MarkerDialect;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.OfflineRun;
import io.autoservice.common.result.RunReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Reports of {@code agent run --sync} waiting in {@code <data>/outbox/} for the next {@code agent
 * connect} to upload them: one JSON file per run, {@code <local run id>.json}, written to a
 * temporary file, fsync'd and renamed, so a crash or a full disk never leaves half a report that
 * looks whole. A file is deleted only after the controller acked it ({@link #delete}).
 *
 * <p>The queue is bounded (files and bytes): when full, the new report is refused and the queued
 * ones are kept, since the oldest are the ones a technician has been waiting for longest. A file
 * that cannot be read back, or one the controller refused, is renamed aside ({@code .corrupt},
 * {@code .refused}) rather than deleted, so nothing disappears without a trace.
 *
 * <p>Several processes may use one data folder (a technician's {@code agent run --sync} beside a
 * running {@code agent connect}): each file is created whole by one rename, and the uploader only
 * reads, deletes or renames files it listed.
 */
public final class LocalRunOutbox {
  /** At most this many reports wait by default. */
  public static final int DEFAULT_MAX_FILES = 500;

  /** At most this many bytes of reports wait by default. */
  public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

  /**
   * One report's limit: an upload is one message, and the controller refuses messages over 8 MiB.
   */
  public static final long MAX_FILE_BYTES = 6L * 1024 * 1024;

  static final String FORMAT = "autoservice-local-run/1";
  static final String SUFFIX = ".json";
  static final String TMP_SUFFIX = ".tmp";
  static final String CORRUPT_SUFFIX = ".corrupt";
  static final String REFUSED_SUFFIX = ".refused";

  private final Path dir;
  private final int maxFiles;
  private final long maxBytes;

  private LocalRunOutbox(Path dir, int maxFiles, long maxBytes) {
    this.dir = dir;
    this.maxFiles = maxFiles;
    this.maxBytes = maxBytes;
  }

  /** Opens (creating) the outbox folder with the default bounds. */
  public static LocalRunOutbox open(Path dir) throws IOException {
    return open(dir, DEFAULT_MAX_FILES, DEFAULT_MAX_BYTES);
  }

  public static LocalRunOutbox open(Path dir, int maxFiles, long maxBytes) throws IOException {
    Path abs = OwnerOnly.directory(dir);
    return new LocalRunOutbox(abs, maxFiles, maxBytes);
  }

  public Path path() {
    return dir;
  }

  /** One queued report, read back. */
  public record Entry(Path file, String agentId, OfflineRun run) {}

  /** The report was not queued; the message says why and what to do. */
  public static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedException(String message) {
      super(message);
    }
  }

  /** A queued file that cannot be read back as a report. */
  public static final class CorruptException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Queues a finished run durably; returns its file.
   *
   * @throws RefusedException when the outbox is full or the report too big (nothing written)
   * @throws IOException when the file cannot be written (nothing left behind)
   */
  public Path queue(OfflineRun run, String agentId) throws IOException, RefusedException {
    // The id names the file: only a UUID can never climb out of the folder.
    String id = UUID.fromString(run.localRunId()).toString();
    byte[] body = (Json.pretty(toJson(run, agentId)) + "\n").getBytes(StandardCharsets.UTF_8);
    if (body.length > MAX_FILE_BYTES) {
      throw new RefusedException(
          "the report is "
              + body.length
              + " bytes, over the "
              + MAX_FILE_BYTES
              + "-byte limit of one upload");
    }
    List<Path> queued = pending();
    long bytes = 0;
    for (Path p : queued) {
      bytes += size(p);
    }
    if (queued.size() >= maxFiles || bytes + body.length > maxBytes) {
      throw new RefusedException(
          "the outbox "
              + dir
              + " is full ("
              + queued.size()
              + " reports, "
              + bytes
              + " bytes; limits "
              + maxFiles
              + " reports, "
              + maxBytes
              + " bytes); the queued"
              + " reports are kept: connect this agent to a controller (agent connect --data"
              + " <folder>) to upload them");
    }
    Path target = dir.resolve(id + SUFFIX);
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(
          target.toString(), null, "a report with this run id is already queued");
    }
    Path tmp = dir.resolve(id + SUFFIX + TMP_SUFFIX);
    try {
      try (FileChannel ch =
          OwnerOnly.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(body);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    JournalFiles.syncDir(dir);
    return target;
  }

  /** The queued reports' files, oldest first (a temporary or set-aside file is not one). */
  public List<Path> pending() throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path p : ds) {
        if (Files.isRegularFile(p)) {
          out.add(p);
        }
      }
    }
    out.sort(Comparator.comparing(LocalRunOutbox::modified).thenComparing(Path::getFileName));
    return out;
  }

  /** Reads a queued report back. */
  public Entry read(Path file) throws IOException, CorruptException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      JsonNode root = Json.parse(new String(bytes, StandardCharsets.UTF_8));
      if (!FORMAT.equals(root.path("format").asText())) {
        throw new IllegalArgumentException(
            "format: expected \"" + FORMAT + "\" but got " + root.path("format"));
      }
      String id = text(root, "local_run_id");
      if (!file.getFileName().toString().equals(id + SUFFIX)) {
        throw new IllegalArgumentException(
            "local_run_id: \"" + id + "\" does not match the file name");
      }
      JsonNode report = root.path("report");
      if (!report.isObject()) {
        throw new IllegalArgumentException("report: expected an object");
      }
      RunReport parsed = ReportJson.readSeedReport(report);
      OfflineRun run =
          new OfflineRun(
              id,
              instant(root, "started_at"),
              instant(root, "finished_at"),
              PlanParser.fromJson(root.path("plan")),
              parsed);
      return new Entry(file, text(root, "agent_id"), run);
    } catch (IOException | PlanException | RuntimeException e) {
      throw new CorruptException(file + ": not a queued report (" + e.getMessage() + ")", e);
    }
  }

  /** The controller has the run: its file goes. */
  public void delete(Path file) throws IOException {
    Files.deleteIfExists(file);
    JournalFiles.syncDir(dir);
  }

  /** Moves a file out of the queue, keeping it beside it as {@code <name><suffix>}; returns it. */
  public Path setAside(Path file, String suffix) throws IOException {
    Path aside = file.resolveSibling(file.getFileName() + suffix);
    try {
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
    } catch (NoSuchFileException e) {
      return aside; // another process already dealt with it
    }
    JournalFiles.syncDir(dir);
    return aside;
  }

  static ObjectNode toJson(OfflineRun run, String agentId) {
    ObjectNode root = Json.object();
    root.put("format", FORMAT);
    root.put("local_run_id", run.localRunId());
    root.put("agent_id", agentId);
    root.put("started_at", run.startedAt().toString());
    root.put("finished_at", run.finishedAt().toString());
    root.set("plan", run.plan().toJson());
    // The seed shape holds everything (the AutoService shape is derived from it), whatever
    // --markers the run printed in.
    root.set("report", ReportJson.report(run.report(), MarkerDialect.SEED));
    return root;
  }

  private static String text(JsonNode root, String field) {
    JsonNode n = root.path(field);
    if (!n.isTextual() || n.asText().isBlank()) {
      throw new IllegalArgumentException(field + ": expected a string");
    }
    return n.asText();
  }

  private static Instant instant(JsonNode root, String field) {
    try {
      return Instant.parse(text(root, field));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + ": not an ISO-8601 instant", e);
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0; // uploaded and deleted meanwhile
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }
}
