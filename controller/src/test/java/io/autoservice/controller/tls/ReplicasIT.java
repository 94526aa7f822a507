package io.autoservice.controller.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.testsupport.FakeClock;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real controllers over one store and one CA (the same data folder: the embedded store is the
 * one two processes can share here), agents on real mutual TLS on loopback: an agent enrolled on
 * one connects to the other, and a revocation made on one cuts its stream on the other within the
 * refresh period.
 */
class ReplicasIT {
  @TempDir Path data;
  private final FakeClock clock = new FakeClock(Instant.now());
  private ControllerServer a;
  private ControllerServer b;

  @BeforeEach
  void start() throws Exception {
    a = ControllerServer.start(settings(), clock);
    b = ControllerServer.start(settings(), clock);
  }

  private ControllerSettings settings() {
    return ControllerSettings.defaults().withManagementListen("", null).with("127.0.0.1:0", data);
  }

  @AfterEach
  void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  @Test
  void anAgentEnrolledOnOneControllerConnectsToTheOtherUntilItIsRevokedOnTheFirst()
      throws Exception {
    AgentEnrollment onA = a.enrollment().orElseThrow();
    String token = onA.createToken(Map.of(), 1, Duration.ofHours(1), "admin", "test").token();
    try (TlsAgent toA = new TlsAgent("pc-1", a.address().port(), a.caFile().orElseThrow());
        TlsAgent toB = new TlsAgent("pc-1", b.address().port(), b.caFile().orElseThrow())) {
      toA.enroll(token);
      TlsAgent.Stream onB = toB.openWith(toA.certificatePem, toA.keys.getPrivate()).hello("pc-1");
      assertThat(onB.next().hasWelcome()).isTrue();

      long revokedAt = System.nanoTime();
      onA.revoke("pc-1", "admin", "test");

      Status closed = onB.closedWith();
      assertThat(Duration.ofNanos(System.nanoTime() - revokedAt))
          .isLessThan(AgentCertificates.REFRESH_EVERY.multipliedBy(3));
      assertThat(closed.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(closed.getDescription()).contains("revoked on another controller");
      Status again =
          toB.openWith(toA.certificatePem, toA.keys.getPrivate()).hello("pc-1").closedWith();
      assertThat(again.getCode()).isEqualTo(Status.Code.UNAVAILABLE); // refused at the handshake
    }
  }
}
