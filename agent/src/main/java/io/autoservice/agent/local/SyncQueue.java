package io.autoservice.agent.local;

import io.autoservice.agent.fleet.AgentDataDir;
import io.autoservice.agent.fleet.LocalRunOutbox;
import io.autoservice.common.result.OfflineRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@code agent run --sync}: queues each finished run's report in the agent's data folder, for the
 * next {@code agent connect} with that folder to upload. Says what it did on stderr as free log
 * lines (never markers), and never changes the run's output or exit status: a technician without
 * network still gets the report on stdout even when it cannot be queued.
 */
public final class SyncQueue implements Consumer<OfflineRun> {
  private final Path dataDir;
  private final PrintStream stderr;
  private final LocalRunOutbox outbox;
  private final String agentId;
  private final String problem;

  private SyncQueue(
      Path dataDir, PrintStream stderr, LocalRunOutbox outbox, String agentId, String problem) {
    this.dataDir = dataDir;
    this.stderr = stderr;
    this.outbox = outbox;
    this.agentId = agentId;
    this.problem = problem;
  }

  /**
   * Opens the data folder (creating it and the agent id, as {@code connect} would) before the run,
   * so a folder that cannot be used is said at the start rather than after an hour of scans.
   */
  public static SyncQueue open(Path dataDir, PrintStream stderr) {
    try {
      AgentDataDir data = AgentDataDir.open(dataDir);
      String id = data.agentId();
      return new SyncQueue(data.path(), stderr, LocalRunOutbox.open(data.outboxDir()), id, null);
    } catch (IOException | RuntimeException e) {
      String why = "cannot use the data folder " + dataDir.toAbsolutePath() + ": " + e.getMessage();
      line("warning: --sync: " + why + "; the report will not be queued for upload", stderr);
      return new SyncQueue(dataDir, stderr, null, null, why);
    }
  }

  @Override
  public void accept(OfflineRun run) {
    if (outbox == null) {
      line("warning: report NOT queued for upload: " + problem, stderr);
      return;
    }
    try {
      Path file = outbox.queue(run, agentId);
      line(
          "Report queued for upload to the controller: "
              + file
              + " (sent by the next 'agent"
              + " connect --data "
              + dataDir
              + "')",
          stderr);
    } catch (LocalRunOutbox.RefusedException e) {
      line("warning: report NOT queued for upload: " + e.getMessage(), stderr);
    } catch (IOException | RuntimeException e) {
      line(
          "warning: report NOT queued for upload: cannot write to " + outbox.path() + ": " + e,
          stderr);
    }
  }

  private static void line(String text, PrintStream stderr) {
    stderr.println(text.replace('\n', ' ').replace('\r', ' '));
    stderr.flush();
  }
}
