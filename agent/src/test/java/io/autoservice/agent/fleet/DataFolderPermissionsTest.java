package io.autoservice.agent.fleet;

import static io.autoservice.agent.fleet.FileRunJournalTest.finished;
import static io.autoservice.agent.fleet.FileRunJournalTest.output;
import static io.autoservice.agent.fleet.FileRunJournalTest.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.plan.PlanParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Nothing in the agent's data folder is readable by other users of the PC. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class DataFolderPermissionsTest {
  @TempDir Path tmp;

  /** Every folder and file under {@code root} (itself included) with its permissions. */
  private static Map<String, String> modes(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.toList()) {
        out.put(
            root.relativize(p).toString(),
            PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
      }
    }
    return out;
  }

  /** What the agent writes in a session: id, a taken run, its journal, a queued offline report. */
  private static void useEverything(Path dataDir) throws Exception {
    AgentDataDir data = AgentDataDir.open(dataDir);
    data.agentId();
    try (TakenRunsHandle taken = new TakenRunsHandle(TakenRuns.open(data.takenRunsFile()))) {
      taken.runs.add("run-1");
    }
    FileRunJournal journal = FileRunJournal.open(data.journalDir(), 1 << 20, Clock.systemUTC());
    journal.store("run-1", PlanParser.parse("{\"tasks\":[{\"type\":\"hello_service\"}]}"));
    journal.append(started("run-1", 1));
    journal.append(output("run-1", 2, "customer's files listed here"));
    journal.append(finished("run-1", 3));
    journal.ack("run-1", 1);
    journal.close();
    LocalRunOutbox.open(data.outboxDir())
        .queue(LocalRunOutboxTest.run("A"), LocalRunOutboxTest.AGENT);
  }

  @Test
  void shouldCreateTheDataFolderAndEverythingInItOwnerOnly() throws Exception {
    // given
    Path dataDir = tmp.resolve("agent-data");

    // when
    useEverything(dataDir);

    // then
    Map<String, String> modes = modes(dataDir);
    assertThat(modes.keySet()).contains("", "agent-id", "taken-runs", "journal", "outbox");
    assertThat(modes.keySet()).anyMatch(k -> k.startsWith("journal/") && k.endsWith(".log"));
    assertThat(modes.keySet()).anyMatch(k -> k.startsWith("journal/") && k.endsWith(".plan"));
    assertThat(modes.keySet()).anyMatch(k -> k.startsWith("outbox/"));
    modes.forEach(
        (path, mode) ->
            assertThat(mode)
                .as(path)
                .isEqualTo(Files.isDirectory(dataDir.resolve(path)) ? "rwx------" : "rw-------"));
  }

  @Test
  void shouldMakeAnOlderWorldReadableDataFolderOwnerOnlyAtStart() throws Exception {
    // given: a data folder an older agent left readable by everyone
    Path dataDir = tmp.resolve("agent-data");
    useEverything(dataDir);
    try (Stream<Path> all = Files.walk(dataDir)) {
      for (Path p : all.toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }

    // when: the agent starts on it
    AgentDataDir.open(dataDir);

    // then
    modes(dataDir)
        .forEach(
            (path, mode) ->
                assertThat(mode)
                    .as(path)
                    .isEqualTo(
                        Files.isDirectory(dataDir.resolve(path)) ? "rwx------" : "rw-------"));
  }

  /** Closes TakenRuns in a try-with-resources. */
  private record TakenRunsHandle(TakenRuns runs) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      runs.close();
    }
  }
}
