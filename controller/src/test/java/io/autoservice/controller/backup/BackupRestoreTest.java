package io.autoservice.controller.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.auth.Role;
import io.autoservice.controller.auth.TokenStore;
import io.autoservice.controller.cli.ControllerMain;
import io.autoservice.controller.store.Database;
import io.autoservice.controller.tls.ControllerTls;
import io.autoservice.controller.tls.TlsSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code controller backup} and {@code controller restore} on a data folder with a database and the
 * TLS material, through the command line as an operator types it.
 */
class BackupRestoreTest {
  @TempDir Path dir;
  private Path data;
  private Path backup;
  private String userToken;

  /** One command's outcome. */
  record Run(int exit, String err) {}

  static Run cli(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cl = ControllerMain.commandLine();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    int exit = cl.execute(args);
    return new Run(exit, err.toString());
  }

  @BeforeEach
  void controllerDataFolder() throws Exception {
    data = dir.resolve("data");
    backup = dir.resolve("fleet.zip");
    try (Database db = Database.open(data)) {
      userToken =
          new TokenStore(db.stores().users(), Clock.systemUTC())
              .add("tess", Role.TECHNICIAN)
              .token();
    }
    ControllerTls.loadOrCreate(
        new TlsSettings(data, "127.0.0.1", List.of(), null, null, null, null),
        Clock.systemUTC(),
        new SecureRandom());
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  @Test
  void aBackupIsOneOwnerOnlyFileWithTheDatabaseTheTlsFolderAndAManifestOfTheirChecksums()
      throws Exception {
    Run r = cli("backup", "--to", backup.toString(), "--data", data.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("backup written: " + backup).contains("CA's private key");
    if (posix()) {
      assertThat(mode(backup)).isEqualTo("rw-------");
    }
    List<String> names = new ArrayList<>();
    try (ZipFile zip = new ZipFile(backup.toFile())) {
      zip.stream().forEach(e -> names.add(e.getName()));
      Manifest m =
          Manifest.parse(
              new String(
                  zip.getInputStream(zip.getEntry("manifest.json")).readAllBytes(),
                  StandardCharsets.UTF_8));
      assertThat(m.schemaVersion()).as("the newest migration").isEqualTo("9");
      assertThat(m.entries())
          .filteredOn(e -> e.name().equals("tls/ca.key"))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.sha256())
                      .isEqualTo(
                          java.util.HexFormat.of()
                              .formatHex(
                                  Sha256.digest()
                                      .digest(Files.readAllBytes(data.resolve("tls/ca.key"))))));
    }
    assertThat(names)
        .containsExactly(
            "controller.db",
            "tls/ca.key",
            "tls/ca.pem",
            "tls/server.key",
            "tls/server.pem",
            "manifest.json");
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("no work files left beside the backup")
          .containsExactlyInAnyOrder("data", "fleet.zip");
    }
  }

  @Test
  void aRestoredFolderHasTheSameUsersAndCaWithKeysReadableByTheOwnerOnly() throws Exception {
    assertThat(cli("backup", "--to", backup.toString(), "--data", data.toString()).exit()).isZero();
    Path restored = dir.resolve("restored");

    Run r = cli("restore", "--from", backup.toString(), "--data", restored.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("restored into " + restored);
    assertThat(Files.readAllBytes(restored.resolve("tls/ca.key")))
        .isEqualTo(Files.readAllBytes(data.resolve("tls/ca.key")));
    try (Database db = Database.open(restored)) {
      assertThat(new TokenStore(db.stores().users(), Clock.systemUTC()).authenticate(userToken))
          .isPresent();
    }
    if (posix()) {
      assertThat(mode(restored)).isEqualTo("rwx------");
      assertThat(mode(restored.resolve("tls"))).isEqualTo("rwx------");
      assertThat(mode(restored.resolve("tls/ca.key"))).isEqualTo("rw-------");
      assertThat(mode(restored.resolve("tls/server.key"))).isEqualTo("rw-------");
      assertThat(mode(Database.fileIn(restored))).isEqualTo("rw-------");
    }
  }

  @Test
  void anExistingBackupFileIsReplacedOnlyWithForce() throws Exception {
    Files.writeString(backup, "last week's");

    Run refused = cli("backup", "--to", backup.toString(), "--data", data.toString());

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains(backup + " exists (use --force to replace it)");
    assertThat(Files.readString(backup)).isEqualTo("last week's");
    Run forced = cli("backup", "--to", backup.toString(), "--data", data.toString(), "--force");
    assertThat(forced.exit()).as(forced.err()).isZero();
    assertThat(
            cli("restore", "--from", backup.toString(), "--data", dir.resolve("r").toString())
                .exit())
        .isZero();
  }

  @Test
  void aFolderWithoutADatabaseIsNamedAsTheProblem() {
    Path empty = dir.resolve("not-data");

    Run r = cli("backup", "--to", backup.toString(), "--data", empty.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .contains("error: no controller database in " + empty)
        .contains("controller.db");
    assertThat(backup).doesNotExist();
  }

  @Test
  void aBackupWithOneFlippedByteIsRefusedNamingTheEntryAndNothingIsRestored() throws Exception {
    assertThat(cli("backup", "--to", backup.toString(), "--data", data.toString()).exit()).isZero();
    byte[] bytes = Files.readAllBytes(backup);
    int at = indexOf(bytes, "controller.db".getBytes(StandardCharsets.US_ASCII)) + 400;
    bytes[at] ^= 0x01;
    Files.write(backup, bytes);
    Path restored = dir.resolve("restored");

    Run r = cli("restore", "--from", backup.toString(), "--data", restored.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("error: ").contains("entry controller.db");
    assertThat(restored).doesNotExist();
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("no work folder left beside the target")
          .containsExactlyInAnyOrder("data", "fleet.zip");
    }
  }

  @Test
  void aTruncatedBackupIsRefused() throws Exception {
    assertThat(cli("backup", "--to", backup.toString(), "--data", data.toString()).exit()).isZero();
    byte[] bytes = Files.readAllBytes(backup);
    Files.write(backup, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));

    Run r = cli("restore", "--from", backup.toString(), "--data", dir.resolve("r").toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).containsAnyOf("truncated", "damaged");
    assertThat(dir.resolve("r")).doesNotExist();
  }

  @Test
  void restoreRefusesAFolderWhoseDatabaseAControllerHasOpen() throws Exception {
    assertThat(cli("backup", "--to", backup.toString(), "--data", data.toString()).exit()).isZero();
    try (Database live = Database.open(data)) {
      live.stores().runs().maxQueueSeq(); // as a serving controller: its connections have read

      Run r = cli("restore", "--from", backup.toString(), "--data", data.toString(), "--force");

      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("a controller is running on " + data).contains("stop it");
    }
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("data", "fleet.zip");
    }
  }

  @Test
  void aFolderThatIsNotEmptyIsRestoredOnlyWithForceAndItsContentIsKeptBesideIt() throws Exception {
    assertThat(cli("backup", "--to", backup.toString(), "--data", data.toString()).exit()).isZero();
    Path target = dir.resolve("target");
    Files.createDirectories(target);
    Files.writeString(target.resolve("notes.txt"), "mine");

    Run refused = cli("restore", "--from", backup.toString(), "--data", target.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains(target + " is not empty (use --force");
    assertThat(target.resolve("notes.txt")).exists();

    Run forced =
        cli("restore", "--from", backup.toString(), "--data", target.toString(), "--force");

    assertThat(forced.exit()).as(forced.err()).isZero();
    assertThat(Database.fileIn(target)).exists();
    try (var siblings = Files.list(dir)) {
      Path kept =
          siblings
              .filter(p -> p.getFileName().toString().startsWith("target.before-restore-"))
              .findFirst()
              .orElseThrow();
      assertThat(Files.readString(kept.resolve("notes.txt"))).isEqualTo("mine");
      assertThat(forced.err()).contains("kept in " + kept);
    }
  }

  @Test
  void theHelpSaysWhatABackupHoldsAndThatItHoldsTheCaKey() {
    StringWriter out = new StringWriter();
    CommandLine cl = ControllerMain.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.execute("backup", "--help");
    cl.execute("restore", "--help");

    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("THE FILE HOLDS THE CA'S PRIVATE KEY")
        .contains("the tls/ folder")
        .contains("last 30 days");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
