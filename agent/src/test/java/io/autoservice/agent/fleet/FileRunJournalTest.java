package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.agent.config.AgentConfig;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.proto.v1.RunEvent;
import io.autoservice.proto.v1.RunFinished;
import io.autoservice.proto.v1.RunStarted;
import io.autoservice.proto.v1.TaskFinished;
import io.autoservice.proto.v1.TaskOutput;
import io.autoservice.proto.v1.TaskProgress;
import io.autoservice.proto.v1.TaskResult;
import io.autoservice.proto.v1.TaskStarted;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable journal's files: append, ack, reopen, torn records, leftovers and the disk cap. */
class FileRunJournalTest {
  @TempDir Path dir;
  private FileRunJournal journal;

  @AfterEach
  void tearDown() {
    if (journal != null) {
      journal.close();
    }
  }

  private FileRunJournal open() throws IOException {
    return open(FileRunJournal.DEFAULT_MAX_BYTES);
  }

  private FileRunJournal open(long maxBytes) throws IOException {
    if (journal != null) {
      journal.close();
    }
    journal = FileRunJournal.open(dir, maxBytes, Clock.systemUTC());
    return journal;
  }

  static RunEvent.Builder event(String run, long seq) {
    return RunEvent.newBuilder().setRunId(run).setSequence(seq);
  }

  static RunEvent started(String run, long seq) {
    return event(run, seq).setRunStarted(RunStarted.newBuilder().setTotalTasks(1)).build();
  }

  static RunEvent taskStarted(String run, long seq) {
    return event(run, seq).setTaskStarted(TaskStarted.newBuilder().setTaskType("t")).build();
  }

  static RunEvent output(String run, long seq, String line) {
    return event(run, seq).setTaskOutput(TaskOutput.newBuilder().setLine(line)).build();
  }

  static RunEvent progress(String run, long seq) {
    return event(run, seq).setTaskProgress(TaskProgress.newBuilder().setPercent(50)).build();
  }

  static RunEvent taskFinished(String run, long seq) {
    return event(run, seq)
        .setTaskFinished(
            TaskFinished.newBuilder().setResult(TaskResult.newBuilder().setTaskType("t")))
        .build();
  }

  static RunEvent finished(String run, long seq) {
    return event(run, seq).setRunFinished(RunFinished.getDefaultInstance()).build();
  }

  private List<RunEvent> held(String run) {
    List<RunEvent> all = new ArrayList<>();
    for (RunEvent e = journal.next(run, 0); e != null; e = journal.next(run, e.getSequence())) {
      all.add(e);
    }
    return all;
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void shouldKeepEventsAcrossAReopenAndResendOnlyWhatWasNotAcked() throws Exception {
    // given
    open();
    journal.append(started("run-1", 1));
    journal.append(taskStarted("run-1", 2));
    journal.append(output("run-1", 3, "line"));
    journal.ack("run-1", 1);

    // when
    open();

    // then
    assertThat(journal.openRuns()).containsExactly(java.util.Map.entry("run-1", 3L));
    assertThat(held("run-1")).containsExactly(taskStarted("run-1", 2), output("run-1", 3, "line"));
    assertThat(journal.next("run-1", 2)).isEqualTo(output("run-1", 3, "line"));
    List<RunEvent> replayed = new ArrayList<>();
    journal.replay("run-1", replayed::add);
    assertThat(replayed).hasSize(3);
    assertThat(journal.unfinishedRuns()).containsExactly("run-1");

    // when: the run goes on after the restart and its end is acked
    journal.append(finished("run-1", 4));
    journal.ack("run-1", 3);
    assertThat(held("run-1")).containsExactly(finished("run-1", 4));
    journal.ack("run-1", 4);

    // then: delivered, so nothing is left to send, but kept until a Welcome confirms it
    assertThat(journal.isEmpty()).isTrue();
    assertThat(files()).isNotEmpty();
    journal.confirm("run-1", 4L);
    assertThat(files()).isEmpty();
    assertThat(journal.totalBytes()).isZero();
    assertThat(open().isEmpty()).isTrue();
  }

  @Test
  void shouldSendAckedEventsAgainWhenTheControllerSaysItLostThemAndRememberThatAcrossAReopen()
      throws Exception {
    open();
    journal.append(started("run-1", 1));
    journal.append(taskStarted("run-1", 2));
    journal.append(output("run-1", 3, "line"));
    journal.ack("run-1", 3);
    assertThat(held("run-1")).isEmpty();

    journal.rewind("run-1", 1);

    assertThat(held("run-1")).containsExactly(taskStarted("run-1", 2), output("run-1", 3, "line"));
    open();
    assertThat(held("run-1")).containsExactly(taskStarted("run-1", 2), output("run-1", 3, "line"));
    journal.rewind("run-1", 2); // a rewind never moves the mark forward
    assertThat(held("run-1")).hasSize(2);
  }

  @Test
  void shouldKeepADeliveredRunUntilAWelcomeConfirmsItAndResendWhatAControllerLost()
      throws Exception {
    open();
    journal.append(started("run-1", 1));
    journal.append(taskStarted("run-1", 2));
    journal.append(finished("run-1", 3));
    journal.ack("run-1", 3);
    assertThat(journal.isEmpty()).isTrue();

    open(); // the agent restarts; the delivered run is still there, listed for Hello
    assertThat(journal.openRuns()).containsEntry("run-1", 3L);
    journal.confirm("run-1", 1L); // the restarted controller holds only the first event

    assertThat(held("run-1")).containsExactly(taskStarted("run-1", 2), finished("run-1", 3));
    assertThat(journal.isEmpty()).isFalse();
    journal.ack("run-1", 3);
    journal.confirm("run-1", 3L);
    assertThat(files()).isEmpty();
  }

  @Test
  void shouldForgetAFinishedRunWhoseLastAckWasLostWhenAWelcomeSaysTheControllerHoldsAllOfIt()
      throws Exception {
    // given: the controller persisted the RunFinished, but the stream dropped before its ack came
    open();
    journal.append(started("run-1", 1));
    journal.append(finished("run-1", 2));
    journal.ack("run-1", 1);

    // when: the next Welcome says it holds the whole run
    journal.confirm("run-1", 2L);

    // then: confirmed, gone
    assertThat(files()).isEmpty();
    assertThat(journal.openRuns()).isEmpty();
  }

  @Test
  void shouldKeepAFinishedRunAWelcomeHoldsOnlyPartOf() throws Exception {
    open();
    journal.append(started("run-1", 1));
    journal.append(finished("run-1", 2));

    journal.confirm("run-1", 1L);

    assertThat(held("run-1")).containsExactly(finished("run-1", 2));
    assertThat(files()).isNotEmpty();
  }

  @Test
  void shouldDropADeliveredRunTheControllerNoLongerKnows() throws Exception {
    open();
    journal.append(started("run-1", 1));
    journal.append(finished("run-1", 2));
    journal.ack("run-1", 2);

    journal.confirm("run-1", null);

    assertThat(files()).isEmpty();
  }

  @Test
  void shouldReadManyEventsInAnyOrder() throws Exception {
    // given: more records than one index stride
    open();
    journal.append(started("run-1", 1));
    for (long seq = 2; seq <= 300; seq++) {
      journal.append(output("run-1", seq, "line " + seq));
    }
    open();

    // then
    assertThat(held("run-1"))
        .extracting(RunEvent::getSequence)
        .isEqualTo(LongStream.rangeClosed(1, 300).boxed().toList());
    assertThat(journal.next("run-1", 199).getTaskOutput().getLine()).isEqualTo("line 200");
    assertThat(journal.next("run-1", 63).getTaskOutput().getLine()).isEqualTo("line 64");
    assertThat(journal.next("run-1", 300)).isNull();
  }

  @Test
  void shouldDropATornLastRecordOnReopen() throws Exception {
    // given: a crash in the middle of writing the third record
    open();
    journal.append(started("run-1", 1));
    journal.append(taskStarted("run-1", 2));
    Path log = dir.resolve("run-1.log");
    long intact = Files.size(log);
    journal.append(output("run-1", 3, "a line that was being written when the power went"));
    journal.close();
    journal = null;
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
      ch.truncate(Files.size(log) - 7);
    }

    // when
    open();

    // then: the torn record is gone, the file is cut back, and the run goes on from there
    assertThat(journal.openRuns()).containsEntry("run-1", 2L);
    assertThat(Files.size(log)).isEqualTo(intact);
    journal.append(output("run-1", 3, "again"));
    assertThat(held("run-1")).extracting(RunEvent::getSequence).containsExactly(1L, 2L, 3L);
  }

  @Test
  void shouldDropACorruptLastRecordOnReopen() throws Exception {
    // given: garbage after the last good record (a length that fits, a CRC that does not)
    open();
    journal.append(started("run-1", 1));
    journal.close();
    journal = null;
    Path log = dir.resolve("run-1.log");
    Files.write(log, new byte[] {0, 0, 0, 4, 1, 2, 3, 4, 9, 9, 9, 9}, StandardOpenOption.APPEND);

    // when
    open();

    // then
    assertThat(journal.openRuns()).containsEntry("run-1", 1L);
    assertThat(held("run-1")).containsExactly(started("run-1", 1));
  }

  @Test
  void shouldRefuseASequenceGapOrAnEventAfterTheEnd() throws Exception {
    open();
    journal.append(started("a", 1));
    assertThatThrownBy(() -> journal.append(taskStarted("a", 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: 2");
    assertThatThrownBy(() -> journal.append(started("b", 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: 1");
    journal.append(finished("a", 2));
    assertThatThrownBy(() -> journal.append(taskStarted("a", 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("after its RunFinished");
  }

  @Test
  void shouldStoreThePlanOfAnAcceptedRunBeforeItHasEvents() throws Exception {
    // given
    open();
    journal.store("run-1", PlanParser.parse("{\"tasks\":[{\"type\":\"hello_service\"}]}"));

    // when
    open();

    // then: the run is held (to be closed by recovery) but has nothing to send yet
    assertThat(journal.unfinishedRuns()).containsExactly("run-1");
    assertThat(journal.plan("run-1")).isPresent();
    assertThat(journal.plan("run-1").get().getPlan().getTasks(0).getType())
        .isEqualTo("hello_service");
    assertThat(journal.openRuns()).isEmpty();
    assertThat(journal.isEmpty()).isTrue();
    assertThat(files()).containsExactly("run-1.log", "run-1.plan");

    // when: refused after all
    journal.discard("run-1");

    // then
    assertThat(files()).isEmpty();
    assertThat(journal.unfinishedRuns()).isEmpty();
  }

  @Test
  void shouldRemoveTheLeftoversOfAnInterruptedAcceptOrDelete() throws Exception {
    // given: a plan whose log was deleted, a log never given a plan or an event, a temp file
    open();
    journal.store("run-a", PlanParser.parse("{\"tasks\":[]}"));
    journal.append(started("run-b", 1));
    journal.close();
    journal = null;
    Files.delete(dir.resolve("run-a.log"));
    Files.write(dir.resolve("run-b.plan.tmp"), new byte[] {1, 2});
    Files.write(
        dir.resolve("run-c.log"),
        new byte[] {0x41, 0x53, 0x4A, 0x31, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0});

    // when
    open();

    // then
    assertThat(files()).containsExactly("run-b.log");
    assertThat(journal.openRuns()).containsOnlyKeys("run-b");
  }

  @Test
  void shouldKeepARunWhoseEndWasAckedUntilAWelcomeConfirmsIt() throws Exception {
    // given: the ack of RunFinished was recorded, then the agent died before deleting
    open();
    journal.append(started("run-1", 1));
    journal.append(finished("run-1", 2));
    journal.ack("run-1", 1);
    journal.close();
    journal = null;
    byte[] acked = Files.readAllBytes(dir.resolve("run-1.acked"));
    java.nio.ByteBuffer.wrap(acked).putLong(0, 2);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(acked, 0, 8);
    java.nio.ByteBuffer.wrap(acked).putInt(8, (int) crc.getValue());
    Files.write(dir.resolve("run-1.acked"), acked);

    // when
    open();

    // then
    assertThat(journal.isEmpty()).isTrue();
    assertThat(files()).isNotEmpty();
    journal.confirm("run-1", 2L);
    assertThat(files()).isEmpty();
  }

  @Test
  void shouldNameTheFilesOfAnUnsafeRunIdByItsHash() throws Exception {
    // given
    String runId = "Run 7/../CON:x";
    open();
    journal.append(started(runId, 1));

    // when
    open();

    // then
    assertThat(files()).singleElement().asString().startsWith("h_").endsWith(".log");
    assertThat(journal.openRuns()).containsEntry(runId, 1L);
    assertThat(JournalFiles.fileName("0b8f0d2e-6a4c-4c39-a1f0-4f3c1fbb2e55"))
        .isEqualTo("0b8f0d2e-6a4c-4c39-a1f0-4f3c1fbb2e55");
    assertThat(JournalFiles.fileName("nul.txt")).startsWith("h_");
    assertThat(JournalFiles.fileName("Run-1")).startsWith("h_");
  }

  @Test
  void shouldDropOutputLinesButNeverResultsWhenTheJournalIsFull() throws Exception {
    // given: room for the first events and a few lines only
    open(700);
    journal.append(started("run-1", 1));
    journal.append(taskStarted("run-1", 2));
    long seq = 3;
    for (int i = 0; i < 100; i++) {
      journal.append(output("run-1", seq++, "a verbose tool line number " + i));
    }
    journal.append(progress("run-1", seq++));
    journal.append(output("run-1", seq++, "still full"));
    journal.append(taskFinished("run-1", seq++));
    journal.append(finished("run-1", seq++));

    // then: the lines that fitted, progress, one marker line, the result and the report; no gaps
    List<RunEvent> held = held("run-1");
    assertThat(held)
        .extracting(RunEvent::getSequence)
        .isEqualTo(LongStream.rangeClosed(1, held.size()).boxed().toList());
    List<RunEvent> lines = held.stream().filter(RunEvent::hasTaskOutput).toList();
    long kept = lines.size() - 1;
    assertThat(kept).isBetween(1L, 99L);
    long dropped = 101 - kept;
    assertThat(journal.droppedLines()).isEqualTo(dropped);
    RunEvent marker = lines.get(lines.size() - 1);
    assertThat(marker.getTaskOutput().getLine())
        .isEqualTo("… " + dropped + " output lines dropped: journal full");
    assertThat(marker.getTaskOutput().getStream()).isEqualTo(TaskOutput.Stream.STREAM_LOG);
    int at = held.indexOf(marker);
    assertThat(held.get(at - 1).hasTaskProgress()).isTrue();
    assertThat(held.get(at + 1).hasTaskFinished()).isTrue();
    assertThat(held.get(at + 2).hasRunFinished()).isTrue();
    assertThat(journal.totalBytes()).isGreaterThan(700); // results go past the cap

    // and: the journal survives a reopen as it was
    open(700);
    assertThat(held("run-1")).isEqualTo(held);
  }

  @Test
  void shouldAcceptOutputAgainOnceAnotherRunFreedItsSpace() throws Exception {
    // given: a journal filled up by a run that is not delivered yet
    String line = "a line of forty-odd characters, or thereabouts";
    open(1_000);
    journal.append(started("old", 1));
    long seq = 2;
    while (journal.droppedLines() == 0) {
      journal.append(output("old", seq++, line));
    }
    journal.append(finished("old", seq));
    journal.append(started("new", 1));
    journal.append(output("new", 2, line + " 1"));
    journal.append(output("new", 3, line + " 2"));

    // when: the old run is delivered
    journal.ack("old", journal.openRuns().get("old"));
    journal.append(output("new", 4, "fits again"));

    // then
    assertThat(journal.openRuns()).containsOnlyKeys("new");
    assertThat(held("new"))
        .extracting(e -> e.hasTaskOutput() ? e.getTaskOutput().getLine() : e.getKindCase().name())
        .containsExactly("RUN_STARTED", "… 2 output lines dropped: journal full", "fits again");
  }

  @Test
  void shouldReadItsCapFromTheAgentConfig() throws Exception {
    // given
    Path withCap = dir.resolve("agent.json");
    Files.writeString(withCap, "{\"labels\":{\"site\":\"a\"},\"journal_max_bytes\":1048576}");
    Path without = dir.resolve("plain.json");
    Files.writeString(without, "{}");
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"journal_max_bytes\":0}");

    // then
    assertThat(AgentConfig.load(withCap).journalMaxBytes()).isEqualTo(1_048_576L);
    assertThat(AgentConfig.load(without).journalMaxBytes()).isEqualTo(256L * 1024 * 1024);
    assertThat(AgentConfig.empty().journalMaxBytes()).isEqualTo(FileRunJournal.DEFAULT_MAX_BYTES);
    assertThatThrownBy(() -> AgentConfig.load(bad))
        .isInstanceOf(AgentConfig.ConfigException.class)
        .hasMessageContaining("journal_max_bytes: 0 (expected: a positive number of bytes)");
  }
}
