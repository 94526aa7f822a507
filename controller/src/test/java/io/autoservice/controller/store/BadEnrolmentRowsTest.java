package io.autoservice.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An enrolled agent's stored labels that do not read must not keep the agent out for good. */
class BadEnrolmentRowsTest {
  @TempDir Path data;

  @ParameterizedTest
  @EnumSource(Engine.class)
  void shouldReadUnreadableEnrolledLabelsAsNoneInsteadOfFailingEveryHello(Engine engine)
      throws Exception {
    try (Database db = engine.open(data)) {
      // given labels that are not JSON, written behind the controller's back
      try (Connection c = db.writeDataSource().getConnection()) {
        c.createStatement()
            .executeUpdate(
                "INSERT INTO enrolled_agents (agent_id, labels, enrolled_at) VALUES ('pc-1', '{not json', 0)");
      }

      // then the agent reads as enrolled without labels (a warning is logged), not as an error
      assertThat(db.stores().enrolment().enrolledLabels("pc-1")).isEmpty();
      db.stores().enrolment().enrolled("pc-2", java.util.Map.of("site", "a"), Instant.now());
      assertThat(db.stores().enrolment().enrolledLabels("pc-2")).containsEntry("site", "a");
    }
  }
}
