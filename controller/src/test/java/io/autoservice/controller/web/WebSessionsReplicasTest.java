package io.autoservice.controller.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.auth.Role;
import io.autoservice.controller.store.Database;
import io.autoservice.controller.store.WebSessionStore;
import io.autoservice.testsupport.FakeClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Web sessions of two controller replicas over one store (each on its own connections, as a second
 * process would be): a browser's cookie means the same on both.
 */
class WebSessionsReplicasTest {
  @TempDir Path data;

  final FakeClock clock = new FakeClock();
  Database dbA;
  Database dbB;
  WebSessions a;
  WebSessions b;
  WebSessionStore store;

  @BeforeEach
  void open() throws Exception {
    dbA = Database.open(data, clock);
    dbB = Database.open(data, clock);
    a = new WebSessions(dbA.stores().webSessions(), clock);
    b = new WebSessions(dbB.stores().webSessions(), clock);
    store = dbB.stores().webSessions();
  }

  @AfterEach
  void close() {
    dbA.close();
    dbB.close();
  }

  @Test
  void signedInOnOneReplicaIsSignedInOnTheOtherWithTheSameCsrfToken() {
    Map.Entry<String, WebSessions.Session> opened = a.open("anna", Role.TECHNICIAN, "password");

    WebSessions.Session onB = b.find(opened.getKey()).orElseThrow();

    assertThat(onB.user()).isEqualTo("anna");
    assertThat(onB.role()).isEqualTo(Role.TECHNICIAN);
    assertThat(onB.csrf()).isEqualTo(opened.getValue().csrf());
    assertThat(onB.expiresAt()).isEqualTo(clock.instant().plus(WebSessions.ABSOLUTE));
  }

  @Test
  void signedOutOnOneReplicaIsSignedOutOnTheOther() {
    String id = a.open("anna", Role.TECHNICIAN, "password").getKey();
    String other = a.open("anna", Role.TECHNICIAN, "token").getKey();

    assertThat(b.close(id)).isTrue();

    assertThat(a.find(id)).isEmpty();
    assertThat(a.find(other)).isPresent();
  }

  @Test
  void aRevokedUsersSessionsEndOnEveryReplica() {
    String anna = a.open("anna", Role.TECHNICIAN, "password").getKey();
    String ben = a.open("ben", Role.VIEWER, "password").getKey();

    b.closeAll("anna");

    assertThat(a.find(anna)).isEmpty();
    assertThat(a.find(ben)).isPresent();
  }

  @Test
  void aSessionUsedOnEitherReplicaStaysAliveAndEndsIdleAfterItsLastUse() {
    String id = a.open("anna", Role.TECHNICIAN, "password").getKey();

    clock.advance(WebSessions.IDLE.minusMinutes(1));
    assertThat(b.find(id)).isPresent(); // used on B
    clock.advance(WebSessions.IDLE.minusMinutes(1));
    assertThat(a.find(id)).isPresent(); // so still alive on A, 58 minutes after sign-in
    clock.advance(WebSessions.IDLE);
    assertThat(b.find(id)).isEmpty();
    assertThat(a.find(id)).isEmpty();
  }

  @Test
  void aSessionEndsAtItsAbsoluteExpiryHoweverBusy() {
    String id = a.open("anna", Role.TECHNICIAN, "password").getKey();
    Duration step = Duration.ofMinutes(20);
    for (Duration t = step; t.compareTo(WebSessions.ABSOLUTE) < 0; t = t.plus(step)) {
      clock.advance(step);
      assertThat(a.find(id)).as("after %s", t).isPresent();
    }

    clock.advance(step);

    assertThat(b.find(id)).isEmpty();
  }

  @Test
  void callsInABurstWriteTheLastUseAtMostOncePerTouchPeriod() {
    String id = a.open("anna", Role.TECHNICIAN, "password").getKey();
    java.time.Instant signedIn = clock.instant();

    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(10));
      assertThat(b.find(id)).isPresent();
    }
    assertThat(lastUsed(id)).isEqualTo(signedIn);

    clock.advance(WebSessions.TOUCH_EVERY.minusSeconds(50));
    assertThat(a.find(id)).isPresent();
    assertThat(lastUsed(id)).isEqualTo(clock.instant());
  }

  @Test
  void signingInOnceTooOftenEndsTheUsersOldestSessionOnEveryReplica() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < WebSessions.MAX_PER_USER + 1; i++) {
      clock.advance(Duration.ofSeconds(1));
      ids.add((i % 2 == 0 ? a : b).open("anna", Role.TECHNICIAN, "password").getKey());
    }

    assertThat(b.find(ids.get(0))).isEmpty();
    assertThat(ids.subList(1, ids.size())).allMatch(id -> a.find(id).isPresent());
  }

  @Test
  void endedSessionsAreDeletedByThePrune() {
    String idle = a.open("anna", Role.TECHNICIAN, "password").getKey();
    clock.advance(WebSessions.IDLE.minusMinutes(5));
    String fresh = a.open("ben", Role.VIEWER, "password").getKey();
    clock.advance(Duration.ofMinutes(5));

    assertThat(b.prune()).isEqualTo(1);

    assertThat(store.find(WebSessions.hash(idle))).isEmpty();
    assertThat(store.find(WebSessions.hash(fresh))).isPresent();
  }

  @Test
  void theStoreNeverHoldsTheSessionIdItself() throws Exception {
    String id = a.open("anna", Role.TECHNICIAN, "password").getKey();

    assertThat(store.find(WebSessions.hash(id))).isPresent();
    byte[] needle = id.getBytes(StandardCharsets.US_ASCII);
    try (Stream<Path> files = Files.list(data)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(indexOf(Files.readAllBytes(f), needle)).as(f.toString()).isEqualTo(-1);
      }
    }
  }

  private java.time.Instant lastUsed(String id) {
    return store.find(WebSessions.hash(id)).orElseThrow().lastUsed();
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
