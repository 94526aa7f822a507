package io.autoservice.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoservice.common.plan.PlanParser;
import io.autoservice.controller.model.EventRow;
import io.autoservice.controller.model.RunFilter;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A connection lost during COMMIT leaves the writer not knowing whether the batch landed (on
 * PostgreSQL a real case: the server committed, the answer never arrived). The writer retries it;
 * the retry must neither be refused as a duplicate (dropping the ack of a stored dispatch) nor
 * store anything twice.
 */
class UnknownCommitOutcomeTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @TempDir Path data;

  @ParameterizedTest
  @EnumSource(Engine.class)
  void shouldAckADispatchWhoseCommitLandedButWhoseAnswerWasLostOnceAndStoreItOnce(Engine engine)
      throws Exception {
    try (Database db = engine.open(data)) {
      AtomicBoolean answerLost = new AtomicBoolean(true);
      StoreWriter.Target committedThenCut =
          b -> {
            db.stores().writeTarget().write(b);
            if (answerLost.getAndSet(false)) {
              throw new StoreException(
                  "An I/O error occurred while sending to the backend.",
                  new SQLException("An I/O error occurred", "08006"));
            }
          };
      List<String> acks = new CopyOnWriteArrayList<>();
      RunRecord run =
          new RunRecord(
              "run-1",
              "pc-1",
              "PC-ONE",
              1,
              RunState.QUEUED,
              null,
              PlanParser.parse("[{\"type\":\"hello_service\"}]"),
              1,
              "anna",
              T0,
              T0.plusSeconds(3600),
              null,
              0,
              null,
              null,
              null);
      try (StoreWriter writer = new StoreWriter(committedThenCut, 100)) {
        writer.submit(
            b -> b.insertRun(run).appendEvent(new EventRow("run-1", 1, T0, new byte[] {1})),
            () -> acks.add("dispatch acked"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !acks.isEmpty());
      }

      assertThat(acks).containsExactly("dispatch acked");
      assertThat(db.stores().runs().runs(new RunFilter(null, null, null, null, 10)))
          .extracting(RunRecord::runId)
          .containsExactly("run-1");
      assertThat(db.stores().events().events("run-1", 0, 10)).hasSize(1);
    }
  }
}
