package io.autoservice.controller.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportExporterTest {
  @TempDir Path dir;

  @Test
  void shouldWriteTheOriginalsFolderLayout() throws Exception {
    try (Database db = Database.open(dir.resolveSibling(dir.getFileName() + "-db"))) {
      RunStore store = db.stores().runs();
      EventStore events = db.stores().events();
      StoreWrites writes =
          (write, after) -> { // committed at once, as the test reads it right after
            WriteBatch b = new WriteBatch();
            write.accept(b);
            db.stores().writeTarget().write(b);
            after.run();
          };
      String runId = "0123456789-run";
      Instant t = Instant.parse("2026-11-26T10:15:30Z");
      TaskResult ok = TaskResult.ofReason("hello_service", null, TaskStatus.SUCCESS, "fine", 0.5);
      RunReport report =
          new RunReport(
              runId,
              RunStatus.OK,
              List.of(ok),
              0.6,
              t,
              Json.object().put("hostname", "PC 1"),
              null);
      long seq = 1;
      for (EventPayload p :
          List.<EventPayload>of(
              new EventPayload.RunStarted(List.of("hello_service")),
              new EventPayload.TaskStarted(0, "hello_service", null),
              new EventPayload.TaskFinished(0, ok),
              new EventPayload.RunFinished(report))) {
        RunEvent e = new RunEvent(runId, seq, t, p);
        events.append(List.of(new EventRow(runId, seq++, t, WireMapper.toProto(e).toByteArray())));
      }
      RunRecord run =
          new RunRecord(
              runId,
              "a1",
              "PC 1/Front",
              1,
              RunState.FINISHED,
              RunStatus.OK,
              PlanParser.parse(
                  "{\"tasks\":[{\"type\":\"hello_service\"}],\"metadata\":{\"customer_name\":\"Ada\"}}"),
              1,
              "tech",
              t,
              t,
              t.plusSeconds(5),
              4,
              report,
              null,
              null);
      store.insert(run, null);

      Path folder = new ReportExporter(dir, store, events, writes).write(run);

      assertThat(folder.getFileName().toString())
          .isEqualTo("PC_1_Front__2026-11-26_10-15-35__01234567");
      JsonNode json = Json.parse(Files.readString(folder.resolve("report.json")));
      assertThat(json.path("overall_status").asText()).isEqualTo("success");
      assertThat(json.path("results")).hasSize(1);
      assertThat(
              Json.parse(Files.readString(folder.resolve("run_plan.json")))
                  .at("/tasks/0/type")
                  .asText())
          .isEqualTo("hello_service");
      assertThat(Files.readAllLines(folder.resolve("execution.log")))
          .contains("TASK_START:0:hello_service", "TASK_OK:0:hello_service");
      JsonNode meta = Json.parse(Files.readString(folder.resolve("metadata.json")));
      assertThat(meta.path("customer_name").asText()).isEqualTo("Ada");
      assertThat(meta.path("timestamp").asLong()).isEqualTo(t.plusSeconds(5).getEpochSecond());
      if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        assertThat(
                java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(folder.resolve("report.json"))))
            .as("customer data: owner only")
            .isEqualTo("rw-------");
        assertThat(
                java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(folder)))
            .as("the run's folder names a customer's PC: owner only")
            .isEqualTo("rwx------");
        assertThat(
                java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir)))
            .as("the reports folder: owner only")
            .isEqualTo("rwx------");
      }

      // A run finished again later (a crashed controller's agent resent what it lost) keeps its
      // folder.
      RunRecord again =
          new RunRecord(
              runId,
              "a1",
              "PC 1/Front",
              1,
              RunState.FINISHED,
              RunStatus.OK,
              run.plan(),
              1,
              "tech",
              t,
              t,
              t.plusSeconds(60),
              4,
              report,
              null,
              null);
      Path second = new ReportExporter(dir, store, events, writes).write(again);
      assertThat(second).isEqualTo(folder);
      try (var all = Files.list(dir)) {
        assertThat(all).hasSize(1);
      }

      // At start, finished runs without a folder (the controller died before exporting) get one.
      String lostId = "fedcba9876-run";
      RunRecord unexported =
          new RunRecord(
              lostId,
              "a1",
              "PC 2",
              2,
              RunState.FINISHED,
              RunStatus.OK,
              run.plan(),
              1,
              "tech",
              t,
              t,
              t.plusSeconds(9),
              0,
              null,
              null,
              null);
      // ... and so do runs whose export was cut short (a folder without metadata.json): completed
      // in place.
      String cutId = "abcdef0123-run";
      RunRecord cutShort =
          new RunRecord(
              cutId,
              "a1",
              "PC 3",
              3,
              RunState.FINISHED,
              RunStatus.OK,
              run.plan(),
              1,
              "tech",
              t,
              t,
              t.plusSeconds(2),
              0,
              null,
              null,
              null);
      store.insert(unexported, null);
      store.insert(cutShort, null);
      Path torn = Files.createDirectories(dir.resolve("PC_3__2026-11-26_10-15-32__abcdef01"));
      Files.writeString(torn.resolve("report.json"), "{\"overall_st");
      ReportExporter restarted = new ReportExporter(dir, store, events, writes);
      restarted.exportMissing(t.minusSeconds(3600));
      restarted.close();
      assertThat(dir.resolve("PC_2__2026-11-26_10-15-39__fedcba98").resolve("metadata.json"))
          .isRegularFile();
      assertThat(
              Json.parse(Files.readString(torn.resolve("metadata.json"))).path("run_id").asText())
          .isEqualTo(cutId);
      assertThat(
              Json.parse(Files.readString(torn.resolve("report.json")))
                  .path("overall_status")
                  .asText())
          .isEqualTo("success");
      try (var all = Files.list(dir)) {
        assertThat(all).hasSize(3);
      }
      try (var files = Files.list(torn)) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .containsExactlyInAnyOrder(
                "report.json", "run_plan.json", "execution.log", "metadata.json");
      }
    }
  }

  /**
   * A replica whose link to PostgreSQL was cut as a run finished: the export's read failed, and the
   * run had no report folder until the controller's next start (the replica fault suite saw it).
   */
  @Test
  void shouldTryAFailedExportAgainOnceTheStoreAnswers() throws Exception {
    try (Database db = Database.open(dir.resolveSibling(dir.getFileName() + "-db2"))) {
      RunStore real = db.stores().runs();
      StoreWrites writes =
          (write, after) -> {
            WriteBatch b = new WriteBatch();
            write.accept(b);
            db.stores().writeTarget().write(b);
            after.run();
          };
      java.util.concurrent.atomic.AtomicInteger reads =
          new java.util.concurrent.atomic.AtomicInteger();
      RunStore flaky =
          (RunStore)
              java.lang.reflect.Proxy.newProxyInstance(
                  RunStore.class.getClassLoader(),
                  new Class<?>[] {RunStore.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("run") && reads.incrementAndGet() <= 2) {
                      throw new io.autoservice.controller.store.StoreException(
                          "An I/O error occurred while sending to the backend", null);
                    }
                    try {
                      return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
      Instant t = Instant.parse("2026-11-26T10:15:30Z");
      RunRecord run =
          new RunRecord(
              "5555555555-run",
              "a1",
              "PC 5",
              1,
              RunState.FINISHED,
              RunStatus.OK,
              PlanParser.parse("{\"tasks\":[{\"type\":\"hello_service\"}]}"),
              1,
              "tech",
              t,
              t,
              t.plusSeconds(5),
              0,
              null,
              null,
              null);
      real.insert(run, null);

      try (ReportExporter exporter =
          new ReportExporter(
              dir,
              flaky,
              db.stores().events(),
              writes,
              () -> false,
              50,
              java.time.Clock.systemUTC(),
              ReportExporter.SOLO)) {
        exporter.export(run);
        io.autoservice.testsupport.Eventually.until(
            "the run exported after two failed reads",
            java.time.Duration.ofSeconds(10),
            () ->
                Files.isRegularFile(
                    dir.resolve("PC_5__2026-11-26_10-15-35__55555555").resolve("metadata.json")));
      }
      assertThat(reads).hasValue(3);
    }
  }

  /**
   * Two replicas each saw the same run finish (its agent moved to the second while the first's
   * write waited on a cut database link; the replica fault suite caught two folders for one run):
   * one folder between them. A claim whose exporter died is taken over by the periodic look; a live
   * one is left alone.
   */
  @Test
  void shouldWriteOneFolderPerRunAcrossReplicasAndTakeOverAClaimWhoseExporterDied()
      throws Exception {
    try (Database db = Database.open(dir.resolveSibling(dir.getFileName() + "-db3"))) {
      RunStore store = db.stores().runs();
      StoreWrites writes =
          (write, after) -> {
            WriteBatch b = new WriteBatch();
            write.accept(b);
            db.stores().writeTarget().write(b);
            after.run();
          };
      Instant t = Instant.parse("2026-11-26T10:15:30Z");
      RunRecord twice = finished("1111111111-run", "PC 1", t);
      RunRecord orphaned = finished("2222222222-run", "PC 2", t.plusSeconds(1));
      RunRecord busy = finished("3333333333-run", "PC 3", t.plusSeconds(2));
      for (RunRecord r : List.of(twice, orphaned, busy)) {
        store.insert(r, null);
      }
      java.time.Clock clock = java.time.Clock.systemUTC();
      Instant now = clock.instant();
      assertThat(
              store.claimExport(
                  orphaned.runId(),
                  "died-an-hour-ago",
                  now.minusSeconds(3600),
                  now.minusSeconds(7200)))
          .isTrue();
      assertThat(store.claimExport(busy.runId(), "alive", now, now.minusSeconds(60))).isTrue();

      Path r1 = Files.createDirectories(dir.resolve("replica-1"));
      Path r2 = Files.createDirectories(dir.resolve("replica-2"));
      try (ReportExporter one =
              new ReportExporter(
                  r1, store, db.stores().events(), writes, () -> false, 50, clock, "r1");
          ReportExporter two =
              new ReportExporter(
                  r2, store, db.stores().events(), writes, () -> false, 50, clock, "r2")) {
        one.export(twice);
        two.export(twice);
        two.keepExportingMissing(java.time.Duration.ofMillis(50), java.time.Duration.ofDays(3650));
        io.autoservice.testsupport.Eventually.until(
            "the orphaned claim taken over",
            java.time.Duration.ofSeconds(10),
            () -> store.exportDir(orphaned.runId()).isPresent());
      }
      assertThat(folders(r1).size() + folders(r2).size())
          .as("folders in both replicas' reports: the run both saw finish, the orphaned one")
          .isEqualTo(2);
      assertThat(folders(r1, "11111111").size() + folders(r2, "11111111").size())
          .as("one folder for the run both replicas saw finish")
          .isEqualTo(1);
      assertThat(folders(r2, "22222222")).as("the dead exporter's run, taken over").hasSize(1);
      assertThat(folders(r1, "33333333").size() + folders(r2, "33333333").size())
          .as("a run a live exporter holds is left to it")
          .isZero();
      assertThat(store.exportDir(twice.runId())).isPresent();

      // The live claim's owner restarts (a replica killed halfway through the folder): its start
      // completes the folder in place.
      Path r3 = Files.createDirectories(dir.resolve("replica-3"));
      Path torn = Files.createDirectories(r3.resolve("PC_3__2026-11-26_10-15-37__33333333"));
      Files.writeString(torn.resolve("report.json"), "{\"overall_st");
      try (ReportExporter restarted =
          new ReportExporter(
              r3, store, db.stores().events(), writes, () -> false, 50, clock, "alive")) {
        restarted.exportMissing(t.minusSeconds(3600));
      }
      assertThat(torn.resolve("metadata.json")).isRegularFile();
      assertThat(folders(r3)).hasSize(1);
      assertThat(store.exportDir(busy.runId())).contains(torn.getFileName().toString());
    }
  }

  private static RunRecord finished(String runId, String host, Instant at) throws Exception {
    return new RunRecord(
        runId,
        "a1",
        host,
        1,
        RunState.FINISHED,
        RunStatus.OK,
        PlanParser.parse("{\"tasks\":[{\"type\":\"hello_service\"}]}"),
        1,
        "tech",
        at,
        at,
        at.plusSeconds(5),
        0,
        null,
        null,
        null);
  }

  private static List<String> folders(Path reports) throws java.io.IOException {
    return folders(reports, "");
  }

  private static List<String> folders(Path reports, String idPrefix) throws java.io.IOException {
    try (var all = Files.list(reports)) {
      return all.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(idPrefix)).toList();
    }
  }

  @Test
  void shouldSanitiseFolderNamesAsTheOriginalDid() {
    assertThat(ReportExporter.sanitize("Front Desk/PC#1")).isEqualTo("Front_Desk_PC_1");
    assertThat(ReportExporter.sanitize("")).isEqualTo("Unknown_PC");
    assertThat(ReportExporter.sanitize("x".repeat(80))).hasSize(50);
  }
}
