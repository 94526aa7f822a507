package io.autoservice.controller.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.controller.model.EventRow;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.EventStore;
import io.autoservice.controller.store.RunStore;
import io.autoservice.controller.store.StoreWrites;
import io.autoservice.controller.store.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exported run's files are read on a terminal ({@code cat execution.log}): agent text in them
 * (task output, progress, task types and ids, reasons, the run's error) sends no control to it.
 */
class ExecutionLogTest {
  @TempDir Path dir;

  static String evil(String field) {
    return field + "\u001b[2J\u001b]0;owned\u0007\u009b31m\u007f\r\nFORGED " + field;
  }

  @Test
  void shouldEscapeAgentTextInTheExportedFiles() throws Exception {
    try (Database db = Database.open(dir.resolveSibling(dir.getFileName() + "-db"))) {
      // given a finished run whose agent put terminal controls in every string it sent
      RunStore store = db.stores().runs();
      EventStore events = db.stores().events();
      StoreWrites writes =
          (write, after) -> {
            WriteBatch b = new WriteBatch();
            write.accept(b);
            db.stores().writeTarget().write(b);
            after.run();
          };
      String runId = "0123456789-run";
      Instant t = Instant.parse("2026-11-26T10:15:30Z");
      TaskResult failed =
          TaskResult.ofReason(evil("type"), evil("task-id"), TaskStatus.ERROR, evil("reason"), 0.5);
      RunReport report =
          new RunReport(
              runId,
              RunStatus.COMPLETED_WITH_ERRORS,
              List.of(failed),
              0.6,
              t,
              Json.object().put("hostname", evil("hostname")),
              evil("error"));
      long seq = 1;
      for (EventPayload p :
          List.<EventPayload>of(
              new EventPayload.RunStarted(List.of(evil("type"))),
              new EventPayload.TaskStarted(0, evil("type"), evil("task-id")),
              new EventPayload.TaskProgress(0, 50, evil("progress")),
              new EventPayload.TaskOutput(0, EventPayload.OutputSource.STDOUT, evil("output")),
              new EventPayload.TaskFinished(0, failed),
              new EventPayload.RunFinished(report))) {
        RunEvent e = new RunEvent(runId, seq, t, p);
        events.append(List.of(new EventRow(runId, seq++, t, WireMapper.toProto(e).toByteArray())));
      }
      RunRecord run =
          new RunRecord(
              runId,
              "a1",
              evil("hostname"),
              1,
              RunState.FINISHED,
              RunStatus.COMPLETED_WITH_ERRORS,
              PlanParser.parse("{\"tasks\":[{\"type\":\"hello_service\"}]}"),
              1,
              "tech",
              t,
              t,
              t.plusSeconds(5),
              1,
              report,
              null,
              null);
      store.insert(run, null);

      // when it is exported
      Path folder = new ReportExporter(dir, store, events, writes).write(run);

      // then each file shows the text escaped, on the line it belongs to, and JSON still parses
      String log = Files.readString(folder.resolve("execution.log"), StandardCharsets.UTF_8);
      assertNoControls("execution.log", log);
      assertThat(log.lines()).noneMatch(l -> l.startsWith("FORGED"));
      assertThat(log).contains("output\\e[2J\\e]0;owned\\x07");
      for (String name : List.of("report.json", "metadata.json")) {
        String json = Files.readString(folder.resolve(name), StandardCharsets.UTF_8);
        assertNoControls(name, json);
        assertThat(Json.parse(json).toString()).isNotEmpty();
      }
      assertThat(
              Json.parse(Files.readString(folder.resolve("metadata.json")))
                  .path("hostname")
                  .asText())
          .isEqualTo(evil("hostname"));
    }
  }

  static void assertNoControls(String what, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c != '\t' && c != '\n' && (c < 0x20 || (c >= 0x7f && c <= 0x9f));
      assertThat(control).as("U+%04X at %d of %s:%n%s", (int) c, i, what, text).isFalse();
    }
  }
}
