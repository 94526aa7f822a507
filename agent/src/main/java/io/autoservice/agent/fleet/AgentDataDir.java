package io.autoservice.agent.fleet;

import io.autoservice.common.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The agent's data folder ({@code --data}, default {@code ./agent-data}): its stable id in {@code
 * agent-id}, the runs it has taken in {@code taken-runs}, the run journal in {@code journal/}
 * ({@link FileRunJournal}) and the reports of {@code agent run --sync} waiting for upload in {@code
 * outbox/} ({@link LocalRunOutbox}).
 */
public final class AgentDataDir {
  /** Where {@code connect} keeps its data when {@code --data} is not given. */
  public static final Path DEFAULT = Path.of("agent-data");

  static final String AGENT_ID_FILE = "agent-id";
  static final String TAKEN_RUNS_FILE = "taken-runs";
  static final String JOURNAL_DIR = "journal";
  static final String OUTBOX_DIR = "outbox";

  private final Path dir;

  private AgentDataDir(Path dir) {
    this.dir = dir;
  }

  /**
   * Opens the folder, creating it (and its parents) if needed; it and everything in it are made
   * owner-only ({@link OwnerOnly}), fixing what an older agent left readable by everyone.
   */
  public static AgentDataDir open(Path dir) throws IOException {
    return new AgentDataDir(OwnerOnly.directory(dir));
  }

  public Path path() {
    return dir;
  }

  /**
   * The agent's id: read from {@code agent-id}, or created (a random UUID) on first start. A file
   * that holds something else is an error rather than a reason to make a new id, because a new id
   * would make the controller see a different agent.
   */
  public String agentId() throws IOException {
    Path file = dir.resolve(AGENT_ID_FILE);
    if (Files.exists(file)) {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      try {
        return UUID.fromString(text).toString();
      } catch (IllegalArgumentException e) {
        throw new IOException(
            file
                + ": \""
                + abbreviate(text)
                + "\" is not an agent id (expected: a UUID; delete the file to make a new one)");
      }
    }
    String id = UUID.randomUUID().toString();
    // A crash must never leave a half-written id behind.
    AtomicFiles.write(file, id + System.lineSeparator());
    return id;
  }

  /** The append-only list of run ids this agent has accepted. */
  public Path takenRunsFile() {
    return dir.resolve(TAKEN_RUNS_FILE);
  }

  /** The run journal's folder (created by {@link FileRunJournal#open}). */
  public Path journalDir() {
    return dir.resolve(JOURNAL_DIR);
  }

  /** Where {@code agent run --sync} queues reports for upload ({@link LocalRunOutbox#open}). */
  public Path outboxDir() {
    return dir.resolve(OUTBOX_DIR);
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }
}
