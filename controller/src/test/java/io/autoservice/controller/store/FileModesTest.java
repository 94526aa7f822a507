package io.autoservice.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store holds customers' reports and the fleet's identities: its folder and files are the
 * owner's only.
 */
class FileModesTest {
  @TempDir Path parent;

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void shouldCreateTheDataFolderAndEveryDatabaseFileOwnerOnly() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path data = parent.resolve("data");

    try (Database db = Database.open(data)) {
      db.stores().runs().maxQueueSeq(); // a reader open: the WAL and shared-memory files exist
      db.stores().enrolment().certificates();

      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(mode(Database.fileIn(data))).isEqualTo("rw-------");
      for (String side : new String[] {"-wal", "-shm"}) {
        Path f = data.resolve(Database.FILE + side);
        assertThat(f).exists();
        assertThat(mode(f)).as(side).isEqualTo("rw-------");
      }
    }
  }

  @Test
  void shouldTightenTheFilesOfAnEarlierControllerAtStart() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path data = parent.resolve("data");
    try (Database db = Database.open(data)) {
      db.stores().runs().maxQueueSeq();
    }
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path wal = data.resolve(Database.FILE + "-wal");
    Files.writeString(
        wal, "", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    Files.setPosixFilePermissions(wal, PosixFilePermissions.fromString("rw-r--r--"));

    try (Database db = Database.open(data)) {
      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(mode(wal)).isEqualTo("rw-------");
    }
  }
}
