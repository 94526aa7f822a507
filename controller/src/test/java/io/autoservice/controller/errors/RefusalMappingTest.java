package io.autoservice.controller.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.autoservice.common.auth.Role;
import io.autoservice.controller.auth.TokenStore;
import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.limits.WireLimits;
import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.runs.Dispatcher;
import io.autoservice.controller.runs.RunDomain;
import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.InMemoryStore;
import io.autoservice.controller.store.ManualWrites;
import io.autoservice.controller.store.StoreException;
import io.autoservice.controller.tls.EnrollmentTokens;
import io.grpc.Status;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one mapping from what the controller throws to what a caller reads: refusals raised by the
 * real domain code keep the gRPC code and words they had before there was one refusal type.
 */
class RefusalMappingTest {
  @TempDir Path data;
  private Database db;
  private TokenStore users;
  private EnrollmentTokens tokens;
  private Dispatcher dispatcher;

  /** What a site throws, and the status its caller must get. */
  private record Row(String site, Throwable thrown, Status.Code code, String description) {}

  @BeforeEach
  void open() throws Exception {
    db = Database.open(data);
    users = new TokenStore(db.stores().users(), Clock.systemUTC());
    tokens = new EnrollmentTokens(db.stores().enrolment(), Clock.systemUTC());
    InMemoryStore runs = new InMemoryStore();
    ManualWrites writes = new ManualWrites(runs);
    WatchHub hub = new WatchHub();
    FleetRegistry fleet =
        new FleetRegistry(runs, writes, hub, Clock.systemUTC(), Duration.ofSeconds(90));
    dispatcher =
        new RunDomain(
                runs, runs, writes, fleet, hub, Clock.systemUTC(), Duration.ofMinutes(10), r -> {})
            .dispatcher();
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static Throwable thrown(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).as("the site refuses").isNotNull();
    return t;
  }

  @Test
  void shouldGiveEachSiteItsCodeAndWords() throws Exception {
    users.add("anna", Role.TECHNICIAN);
    byte[] once = "a-secret-good-for-one-use".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    tokens.create(once, Map.of(), 1, Duration.ofHours(1), "admin");
    tokens.redeem(once);
    List<Row> rows = new ArrayList<>();
    rows.add(
        new Row(
            "TokenStore.add of a taken name",
            thrown(() -> users.add("anna", Role.VIEWER)),
            Status.Code.ALREADY_EXISTS,
            "user anna already exists"));
    rows.add(
        new Row(
            "TokenStore.add of a bad name",
            thrown(() -> users.add("an na", Role.VIEWER)),
            Status.Code.INVALID_ARGUMENT,
            "name: 'an na' (expected: 1 to 64 letters, digits, '.', '_', '-' or '@')"));
    rows.add(
        new Row(
            "TokenStore.revoke of nobody",
            thrown(() -> users.revoke("nobody")),
            Status.Code.NOT_FOUND,
            "user nobody not found"));
    rows.add(
        new Row(
            "Dispatcher.cancel of an unknown run",
            thrown(() -> dispatcher.cancel("nope", "x")),
            Status.Code.NOT_FOUND,
            "run nope not found"));
    rows.add(
        new Row(
            "EnrollmentTokens.redeem of an unknown token",
            thrown(() -> tokens.redeem(new byte[] {1, 2})),
            Status.Code.UNAUTHENTICATED,
            "unknown enrolment token (create one with 'controller enroll create')"));
    rows.add(
        new Row(
            "EnrollmentTokens.redeem of a spent token",
            thrown(() -> tokens.redeem(once)),
            Status.Code.PERMISSION_DENIED,
            "enrolment token already used up; create a new one"));
    rows.add(
        new Row(
            "EnrollmentTokens.create with no use",
            thrown(() -> tokens.create(once, Map.of(), 0, Duration.ofHours(1), "admin")),
            Status.Code.INVALID_ARGUMENT,
            "uses: 0 (expected: 1 to 10000)"));
    rows.add(
        new Row(
            "WireLimits.runId",
            thrown(() -> WireLimits.runId("run_id", "..")),
            Status.Code.INVALID_ARGUMENT,
            "run_id: expected 1-128 letters, digits, '.', '_' or '-' (not \".\" or \"..\") but got \"..\""));
    rows.add(
        new Row(
            "a database failure",
            new StoreException("disk I/O error", new SQLException("disk I/O error")),
            Status.Code.UNAVAILABLE,
            "the controller's database is unavailable; try again"));
    rows.add(
        new Row(
            "a bug",
            new IllegalStateException("boom"),
            Status.Code.INTERNAL,
            "internal error: java.lang.IllegalStateException: boom"));

    for (Row row : rows) {
      Status s = Statuses.of(row.thrown());
      assertThat(s.getCode()).as(row.site()).isEqualTo(row.code());
      assertThat(s.getDescription()).as(row.site()).isEqualTo(row.description());
    }
  }

  @Test
  void shouldSendEveryRefusalCodeAsTheGrpcCodeOfTheSameName() {
    for (Refusal.Code code : Refusal.Code.values()) {
      Status s = Statuses.of(new Refusal(code, "because " + code));

      assertThat(s.getCode().name()).as("%s", code).isEqualTo(code.name());
      assertThat(s.getDescription()).isEqualTo("because " + code);
    }
  }

  @Test
  void shouldCutADescriptionPastFourHundredCharacters() {
    String echoed = "x".repeat(Statuses.MAX_DESCRIPTION);

    assertThat(Statuses.of(Refusal.invalid(echoed)).getDescription()).isEqualTo(echoed);
    assertThat(Statuses.of(Refusal.invalid(echoed + "yz")).getDescription())
        .isEqualTo(echoed + "…");
    assertThat(Statuses.of(new IllegalArgumentException(echoed + "yz")).getDescription())
        .isEqualTo(echoed + "…");
  }
}
