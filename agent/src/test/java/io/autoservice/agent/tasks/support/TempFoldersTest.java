package io.autoservice.agent.tasks.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFoldersTest {
  @TempDir Path tmp;

  @Test
  void shouldDeleteTheFolderAndEverythingInIt() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("wu/sub"));
    Files.writeString(dir.resolve("script.ps1"), "x");
    List<String> log = new ArrayList<>();

    TempFolders.delete(tmp.resolve("wu"), log::add);

    assertThat(tmp.resolve("wu")).doesNotExist();
    assertThat(log).isEmpty();
  }

  @Test
  void shouldLogWhatItCouldNotDeleteInsteadOfThrowing() {
    List<String> log = new ArrayList<>();

    TempFolders.delete(tmp.resolve("never-made"), log::add);

    assertThat(log)
        .singleElement()
        .asString()
        .startsWith("could not delete " + tmp.resolve("never-made"));
  }
}
