package io.autoservice.controller.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The management endpoints' keys of the controller settings file. */
class ControllerSettingsManagementTest {
  @TempDir Path dir;

  @Test
  void shouldServeManagementOnLoopbackByDefault() {
    ControllerSettings s = ControllerSettings.defaults();

    assertThat(s.managementListen()).isEqualTo("127.0.0.1:9464");
    assertThat(s.managementTokenFile()).isNull();
  }

  @Test
  void shouldRefuseAWideManagementAddressWithoutAScrapeToken() throws IOException {
    Path f = Files.writeString(dir.resolve("c.json"), "{\"management_listen\": \"0.0.0.0:9464\"}");

    assertThatThrownBy(() -> ControllerSettings.load(f))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("management_token_file: missing")
        .hasMessageContaining("0.0.0.0:9464");
  }

  @Test
  void shouldAcceptAWideManagementAddressWithAScrapeTokenAndNoneWhenEmpty() throws IOException {
    Path wide =
        Files.writeString(
            dir.resolve("w.json"),
            "{\"management_listen\": \"0.0.0.0:9464\", \"management_token_file\": \"/etc/t\"}");
    Path off = Files.writeString(dir.resolve("o.json"), "{\"management_listen\": \"\"}");

    assertThat(ControllerSettings.load(wide).managementTokenFile()).isEqualTo(Path.of("/etc/t"));
    assertThat(ControllerSettings.load(off).managementListen()).isEmpty();
  }

  @Test
  void shouldNameTheKeyOfABadManagementAddress() throws IOException {
    Path f = Files.writeString(dir.resolve("c.json"), "{\"management_listen\": \"nope\"}");

    assertThatThrownBy(() -> ControllerSettings.load(f))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("management_listen:");
  }
}
