package io.autoservice.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void shouldReplaceTheContentAndLeaveNoTemporaryFileBehind() throws Exception {
    Path file = dir.resolve("report.json");
    AtomicFiles.write(file, "{\"a\":1}");
    AtomicFiles.write(file, "{\"b\":2}");

    assertThat(Files.readString(file)).isEqualTo("{\"b\":2}");
    try (var all = Files.list(dir)) {
      assertThat(all).containsExactly(file);
    }
  }
}
