package io.autoservice.controller.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.common.auth.Role;
import io.autoservice.controller.model.AuditEntry;
import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.model.User;
import io.autoservice.controller.store.Database;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenStoreTest {
  Database db;
  AtomicInteger comparisons = new AtomicInteger();
  TokenStore tokens;

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path data;

  @BeforeEach
  void open() throws Exception {
    db = Database.open(data);
    tokens =
        new TokenStore(
            db.stores().users(),
            Clock.systemUTC(),
            (a, b) -> {
              comparisons.incrementAndGet();
              return MessageDigest.isEqual(a, b);
            });
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void shouldIssueHighEntropyTokensAndAuthenticateThem() throws Exception {
    TokenStore.Issued a = tokens.add("anna", Role.TECHNICIAN);
    TokenStore.Issued b = tokens.add("ben", Role.VIEWER);

    assertThat(a.token()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(b.token());
    assertThat(tokens.authenticate(a.token()))
        .get()
        .extracting(User::name, User::role)
        .containsExactly("anna", Role.TECHNICIAN);
    assertThat(tokens.authenticate(b.token()).orElseThrow().name()).isEqualTo("ben");
    assertThat(tokens.authenticate(TokenStore.newToken())).isEmpty();
  }

  @Test
  void shouldCompareAgainstEveryValidUserWhereverTheMatchIs() throws Exception {
    List<String> issued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      issued.add(tokens.add("user" + i, Role.VIEWER).token());
    }

    for (String token : List.of(issued.get(0), issued.get(4), "wrong")) {
      comparisons.set(0);
      tokens.authenticate(token);
      assertThat(comparisons.get()).as("comparisons for %s", token).isEqualTo(5);
    }
  }

  @Test
  void shouldRefuseARevokedTokenAndKeepTheName() throws Exception {
    String token = tokens.add("anna", Role.ADMIN).token();

    User revoked = tokens.revoke("anna");

    assertThat(revoked.revoked()).isTrue();
    assertThat(tokens.authenticate(token)).isEmpty();
    assertThat(tokens.revoke("anna").revokedAt())
        .as("revoking again changes nothing")
        .isEqualTo(revoked.revokedAt());
    assertThatThrownBy(() -> tokens.add("anna", Role.VIEWER))
        .isInstanceOfSatisfying(
            Refusal.class, e -> assertThat(e.code()).isEqualTo(Refusal.Code.ALREADY_EXISTS));
  }

  @Test
  void shouldRefuseBadNamesAndUnknownUsers() {
    assertThatThrownBy(() -> tokens.add("two words", Role.VIEWER))
        .hasMessage("name: 'two words' (expected: 1 to 64 letters, digits, '.', '_', '-' or '@')");
    assertThatThrownBy(() -> tokens.revoke("nobody")).hasMessage("user nobody not found");
  }

  @Test
  void shouldStoreTheSha256OfTheToken() throws Exception {
    String token = tokens.add("anna", Role.VIEWER).token();

    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + Database.fileIn(data));
        var rs = c.createStatement().executeQuery("SELECT token_hash FROM users")) {
      rs.next();
      assertThat(rs.getBytes(1)).isEqualTo(TokenStore.hash(token)).hasSize(32);
    }
  }

  @Test
  void shouldParseBearerHeadersAndFormatAddresses() {
    assertThat(BearerTokens.bearer("Bearer abc")).isEqualTo("abc");
    assertThat(BearerTokens.bearer("bearer  abc ")).isEqualTo("abc");
    assertThat(BearerTokens.bearer("Basic abc")).isNull();
    assertThat(BearerTokens.bearer("Bearer ")).isNull();
    assertThat(BearerTokens.bearer(null)).isNull();
    assertThat(AuthInterceptor.remote(new InetSocketAddress("127.0.0.1", 5000)))
        .isEqualTo("127.0.0.1:5000");
    assertThat(AuthInterceptor.remote(new InetSocketAddress("::1", 5000)))
        .isEqualTo("[0:0:0:0:0:0:0:1]:5000");
  }

  @Test
  void shouldAppendAndQueryTheAuditLogNewestFirst() {
    AuditLog audit = new AuditLog(db.stores().audit(), Clock.systemUTC());
    audit.append(
        "anna", "10.0.0.5:4000", AuditLog.DISPATCH, "all agents", "2 runs", "ab".repeat(32));
    audit.append("ben", "10.0.0.6:4000", AuditLog.CANCEL, "run-1", null, null);

    List<AuditEntry> all = audit.query(new AuditLog.Query(null, null, null, 0));
    List<AuditEntry> anna = audit.query(new AuditLog.Query("anna", null, null, 0));

    assertThat(all).extracting(AuditEntry::actor).containsExactly("ben", "anna");
    assertThat(anna)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.remoteAddr()).isEqualTo("10.0.0.5:4000");
              assertThat(e.planSha256()).isEqualTo("ab".repeat(32));
            });
    assertThatThrownBy(() -> new AuditLog.Query(null, null, null, 1001))
        .hasMessageContaining("expected: 0 to 1000");
  }
}
