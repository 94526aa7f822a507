package io.autoservice.controller.backup;

import static io.autoservice.controller.backup.BackupRestoreTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.auth.Role;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.controller.auth.TokenStore;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.AuditEntry;
import io.autoservice.controller.model.EventRow;
import io.autoservice.controller.model.IssuedCertificate;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.StoreLocation;
import io.autoservice.controller.store.Stores;
import io.autoservice.controller.store.WriteBatch;
import io.autoservice.testsupport.TestPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code controller migrate}: a shop's embedded store moved into PostgreSQL, nothing lost. */
class MigrateCommandTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00.123456Z");

  @TempDir Path dir;
  private Path data;
  private String annaToken;

  @BeforeEach
  void aShopsEmbeddedStore() throws Exception {
    data = dir.resolve("data");
    try (Database db = Database.open(data)) {
      Stores s = db.stores();
      annaToken = new TokenStore(s.users(), Clock.systemUTC()).add("anna", Role.ADMIN).token();
      s.users().setPasswordHash("anna", "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA");
      s.audit().append(new AuditEntry(0, T0, "anna", "user.add", "tess", null, "127.0.0.1", null));
      s.audit().append(new AuditEntry(0, T0, "anna", "dispatch", "pc-1", null, null, "ab12"));
      s.enrolment()
          .createToken(
              new byte[] {1, 2, 3}, Map.of("site", "north"), 2, T0.plusSeconds(3600), "anna", T0);
      s.enrolment()
          .enrol(
              new byte[] {1, 2, 3},
              new IssuedCertificate("0a1b", "pc-1", T0, T0.plusSeconds(86_400), null),
              T0);
      s.runs()
          .insert(
              new RunRecord(
                  "run-1",
                  "pc-1",
                  "PC-ONE",
                  1,
                  RunState.FINISHED,
                  RunStatus.OK,
                  PlanParser.parse("[{\"type\":\"hello_service\"}]"),
                  1,
                  "anna",
                  T0,
                  T0.plusSeconds(3600),
                  T0.plusSeconds(60),
                  2,
                  new RunReport(
                      "run-1",
                      RunStatus.OK,
                      List.of(),
                      1.5,
                      T0,
                      Json.object().put("hostname", "PC-ONE"),
                      null),
                  null,
                  null),
              null);
      s.writeTarget()
          .write(
              new WriteBatch()
                  .upsertAgent(
                      new AgentRecord(
                          "pc-1",
                          "PC-ONE",
                          "Windows",
                          "11",
                          "1.0",
                          "tech",
                          Map.of("site", "north"),
                          List.of("hello_service"),
                          T0,
                          T0))
                  .taskSchemas("pc-1", new byte[] {7, 7})
                  .appendEvent(new EventRow("run-1", 1, T0, new byte[] {1}))
                  .appendEvent(new EventRow("run-1", 2, T0, new byte[] {2})));
    }
  }

  @Test
  void shouldMoveEveryTableIntoPostgresWhereAControllerServesTheSameRunsUsersAndTokens()
      throws Exception {
    TestPostgres.Db pg = TestPostgres.shared().newDatabase();

    BackupRestoreTest.Run r =
        cli("migrate", "--to", pg.url(), "--data", data.toString(), "--user", pg.user());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err())
        .contains("runs: 1 rows", "run_events: 2 rows", "users: 1 rows", "audit: 2 rows")
        .contains("enrollment_tokens: 1 rows", "agent_certificates: 1 rows", "agents: 1 rows")
        .contains("now set store_url");
    try (Database db =
        Database.open(
            StoreLocation.of(pg.url(), pg.user(), pg.password(), 2),
            dir.resolve("other"),
            Clock.systemUTC())) {
      Stores s = db.stores();
      RunRecord run = s.runs().run("run-1").orElseThrow();
      assertThat(run.report()).isNotNull();
      assertThat(run.report().status()).isEqualTo(RunStatus.OK);
      assertThat(run.finishedAt()).isEqualTo(T0.plusSeconds(60));
      assertThat(s.events().maxSeq("run-1")).isEqualTo(2);
      assertThat(new TokenStore(s.users(), Clock.systemUTC()).authenticate(annaToken))
          .as("the user's console token still signs in")
          .hasValueSatisfying(u -> assertThat(u.name()).isEqualTo("anna"));
      assertThat(s.users().passwordHash("anna"))
          .hasValueSatisfying(h -> assertThat(h).startsWith("$argon2id$"));
      assertThat(s.enrolment().certificates())
          .extracting(IssuedCertificate::serial)
          .containsExactly("0a1b");
      assertThat(s.enrolment().enrolledLabels("pc-1")).containsEntry("site", "north");
      assertThat(s.enrolment().redeem(new byte[] {1, 2, 3}, T0).outcome().name())
          .isEqualTo("REDEEMED");
      assertThat(s.agents().taskSchemas("pc-1"))
          .hasValueSatisfying(b -> assertThat(b).containsExactly(7, 7));
      long next = s.audit().append(new AuditEntry(0, T0, "anna", "x", null, null, null, null));
      assertThat(next).as("the audit log's ids continue after the copied ones").isEqualTo(3);
    }
  }

  @Test
  void shouldRefuseADatabaseThatAlreadyHoldsRowsNamingIt() throws Exception {
    TestPostgres.Db pg = TestPostgres.shared().newDatabase();
    assertThat(
            cli("migrate", "--to", pg.url(), "--data", data.toString(), "--user", pg.user()).exit())
        .isZero();

    BackupRestoreTest.Run again =
        cli("migrate", "--to", pg.url(), "--data", data.toString(), "--user", pg.user());

    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("not empty", "runs", "users");
  }

  @Test
  void shouldRefuseTheStoreOfARunningController() throws Exception {
    TestPostgres.Db pg = TestPostgres.shared().newDatabase();
    try (Database running = Database.open(data)) {
      BackupRestoreTest.Run r =
          cli("migrate", "--to", pg.url(), "--data", data.toString(), "--user", pg.user());

      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("in use by a running controller");
    }
  }
}
