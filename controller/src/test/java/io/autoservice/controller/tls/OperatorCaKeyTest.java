package io.autoservice.controller.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.common.tls.Pem;
import io.autoservice.common.tls.SecretFile;
import io.autoservice.testsupport.FakeClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** An operator's CA key, which every replica holds a copy of, must be owner-only. */
@DisabledOnOs(OS.WINDOWS) // POSIX modes; Windows ACLs are the operator's
class OperatorCaKeyTest {
  @TempDir Path dir;
  final FakeClock clock = new FakeClock();
  final SecureRandom random = new SecureRandom();

  @Test
  void aCaKeyOthersCanReadIsRefusedNamingTheFileNotItsContent() throws Exception {
    CertificateAuthority ca =
        CertificateAuthority.create("Shop CA", clock.instant(), Duration.ofDays(3650), random);
    Path cert = dir.resolve("ca.pem");
    Path key = dir.resolve("ca.key");
    Files.writeString(cert, Pem.of(ca.certificate()));
    SecretFile.write(key, Pem.of(ca.privateKey()));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> load(cert, key))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(key.toString())
        .hasMessageContaining("rw-r--r--")
        .hasMessageContaining("chmod 600")
        .hasMessageNotContaining("PRIVATE KEY");

    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    assertThat(load(cert, key).caCertificate()).isEqualTo(ca.certificate());
  }

  private ControllerTls load(Path cert, Path key) throws IOException {
    return ControllerTls.loadOrCreate(
        new TlsSettings(dir.resolve("data"), "127.0.0.1", List.of(), cert, key, null, null),
        clock,
        random);
  }
}
