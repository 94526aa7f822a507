package io.autoservice.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordedCommandTest {

  @Test
  void shouldWritePathsUnderTheWorkingFolderRelativeToIt() {
    // given
    Path checkout = Path.of("/srv/ci/autoservice");
    List<String> command =
        List.of(
            "/usr/lib/jvm/java-17/bin/java",
            "-Xmx768m",
            "-jar",
            "/srv/ci/autoservice/controller/target/autoservice-controller.jar",
            "serve",
            "--data",
            "/tmp/b10k/controller-data");

    // when
    String recorded = RecordedCommand.of(command, checkout);

    // then
    assertThat(recorded)
        .isEqualTo(
            "/usr/lib/jvm/java-17/bin/java -Xmx768m -jar controller/target/autoservice-controller.jar"
                + " serve --data /tmp/b10k/controller-data");
  }

  @Test
  void shouldLeaveAFolderThatOnlyStartsWithTheSameNameAlone() {
    assertThat(
            RecordedCommand.of(
                List.of("/srv/ci/autoservice-old/x.jar"), Path.of("/srv/ci/autoservice")))
        .isEqualTo("/srv/ci/autoservice-old/x.jar");
  }
}
