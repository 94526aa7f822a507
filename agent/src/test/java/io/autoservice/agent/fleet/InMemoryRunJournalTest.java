package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.proto.v1.RunEvent;
import io.autoservice.proto.v1.RunFinished;
import io.autoservice.proto.v1.RunStarted;
import io.autoservice.proto.v1.TaskStarted;
import org.junit.jupiter.api.Test;

class InMemoryRunJournalTest {
  private final InMemoryRunJournal journal = new InMemoryRunJournal();

  private static RunEvent started(String run, long seq) {
    return RunEvent.newBuilder()
        .setRunId(run)
        .setSequence(seq)
        .setRunStarted(RunStarted.getDefaultInstance())
        .build();
  }

  private static RunEvent task(String run, long seq) {
    return RunEvent.newBuilder()
        .setRunId(run)
        .setSequence(seq)
        .setTaskStarted(TaskStarted.getDefaultInstance())
        .build();
  }

  private static RunEvent finished(String run, long seq) {
    return RunEvent.newBuilder()
        .setRunId(run)
        .setSequence(seq)
        .setRunFinished(RunFinished.getDefaultInstance())
        .build();
  }

  @Test
  void shouldKeepEventsUntilAckedAndForgetARunOnceItsEndIsAcked() {
    // given
    journal.append(started("a", 1));
    journal.append(task("a", 2));
    journal.append(finished("a", 3));

    // when
    journal.ack("a", 1);

    // then
    assertThat(journal.openRuns()).containsEntry("a", 3L);
    assertThat(journal.next("a", 0).getSequence()).isEqualTo(2);
    assertThat(journal.next("a", 2).getSequence()).isEqualTo(3);
    assertThat(journal.next("a", 3)).isNull();
    journal.ack("a", 3);
    assertThat(journal.isEmpty()).isTrue();
    assertThat(journal.next("a", 0)).isNull();
  }

  @Test
  void shouldKeepARunWhoseEventsAreAllAckedButThatHasNotFinished() {
    // given
    journal.append(started("a", 1));
    journal.append(task("a", 2));

    // when
    journal.ack("a", 5);
    journal.append(task("a", 3));

    // then
    assertThat(journal.openRuns()).containsEntry("a", 3L);
    assertThat(journal.next("a", 0).getSequence()).isEqualTo(3);
  }

  @Test
  void shouldListRunsInTheOrderTheyStarted() {
    journal.append(started("b", 1));
    journal.append(started("a", 1));
    assertThat(journal.openRuns().keySet()).containsExactly("b", "a");
  }

  @Test
  void shouldRefuseASequenceGap() {
    journal.append(started("a", 1));
    assertThatThrownBy(() -> journal.append(task("a", 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: 2");
  }
}
