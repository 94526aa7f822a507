package io.autoservice.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.auth.Role;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.AuditEntry;
import io.autoservice.controller.model.EventRow;
import io.autoservice.controller.model.IssuedCertificate;
import io.autoservice.controller.model.TokenRedemption.Outcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every store's statements, written and read back, on each engine the controller runs on. */
class StoreRoundTripTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00.123456Z");

  @TempDir Path data;

  @ParameterizedTest
  @EnumSource(Engine.class)
  void shouldKeepUsersAuditAndEnrolmentOnEitherEngine(Engine engine) throws Exception {
    try (Database db = engine.open(data)) {
      Stores s = db.stores();
      assertThat(s.users().isEmpty()).isTrue();
      assertThat(s.users().add("anna", Role.ADMIN, new byte[] {1, 2}, T0)).isTrue();
      assertThat(s.users().add("anna", Role.ADMIN, new byte[] {3}, T0)).as("taken").isFalse();
      assertThat(s.users().setPasswordHash("anna", "$argon2id$x")).isTrue();
      assertThat(s.users().find("anna").orElseThrow().hasPassword()).isTrue();
      assertThat(s.users().passwordHash("anna")).contains("$argon2id$x");
      assertThat(s.users().valid())
          .singleElement()
          .satisfies(c -> assertThat(c.tokenHash()).containsExactly(1, 2));
      s.users().revoke("anna", T0.plusSeconds(1));
      assertThat(s.users().valid()).isEmpty();

      long first =
          s.audit()
              .append(new AuditEntry(0, T0, "anna", "dispatch", "pc-1", null, "127.0.0.1", "ab"));
      long second =
          s.audit().append(new AuditEntry(0, T0, "anna", "cancel", "pc-1", null, null, null));
      assertThat(second).isGreaterThan(first);
      assertThat(s.audit().query("anna", null, T0, 10))
          .extracting(AuditEntry::id, AuditEntry::action, AuditEntry::at)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(second, "cancel", T0),
              org.assertj.core.groups.Tuple.tuple(first, "dispatch", T0));

      byte[] secret = {9, 9, 9};
      s.enrolment().createToken(secret, Map.of("site", "a"), 1, T0.plusSeconds(3600), "anna", T0);
      IssuedCertificate cert =
          new IssuedCertificate("01", "pc-1", T0, T0.plusSeconds(86_400), null);
      assertThat(s.enrolment().enrol(secret, cert, T0).outcome()).isEqualTo(Outcome.REDEEMED);
      assertThat(s.enrolment().redeem(secret, T0).outcome()).isEqualTo(Outcome.SPENT);
      assertThat(s.enrolment().enrolledLabels("pc-1")).containsEntry("site", "a");
      assertThat(s.enrolment().certificates()).containsExactly(cert);
      assertThat(s.enrolment().revokeAgent("pc-1", T0.plusSeconds(5))).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void shouldCommitAGroupOfAgentsAndEventsOnEitherEngine(Engine engine) throws Exception {
    try (Database db = engine.open(data)) {
      Stores s = db.stores();
      AgentRecord agent =
          new AgentRecord(
              "pc-1",
              "PC-ONE",
              "Windows",
              "11",
              "1.0",
              "tech",
              Map.of("site", "a"),
              List.of("ping"),
              T0,
              T0);
      WriteBatch b =
          new WriteBatch()
              .upsertAgent(agent)
              .taskSchemas("pc-1", new byte[] {7})
              .appendEvent(new EventRow("run-1", 1, T0, new byte[] {0x0a, 0}))
              .appendEvent(new EventRow("run-1", 2, T0, new byte[] {(byte) 0xff}));
      s.writeTarget().write(b);
      s.writeTarget()
          .write(new WriteBatch().appendEvent(new EventRow("run-1", 2, T0, new byte[] {1})));
      s.writeTarget().write(new WriteBatch().touchAgents(Map.of("pc-1", T0.plusSeconds(60))));

      assertThat(s.agents().all())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.labels()).containsEntry("site", "a");
                assertThat(a.lastSeen()).isEqualTo(T0.plusSeconds(60));
              });
      assertThat(s.agents().taskSchemas("pc-1"))
          .hasValueSatisfying(v -> assertThat(v).containsExactly(7));
      assertThat(s.events().maxSeq("run-1")).as("a repeated event is stored once").isEqualTo(2);
      var events = s.events().events("run-1", 0, 10);
      assertThat(events).extracting(e -> e.seq()).containsExactly(1L, 2L);
      assertThat(events.get(1).readable())
          .as("a body that is not a protobuf event is shown unreadable, not thrown")
          .isFalse();
    }
  }
}
