package io.autoservice.common.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredSettingsTest {
  public record Sample(
      String listen,
      @JsonProperty("heartbeat_seconds") Integer heartbeatSeconds,
      @JsonProperty("server_names") List<String> serverNames,
      @JsonProperty("shop") Map<String, String> shop,
      @JsonProperty("api_token") String apiToken,
      @JsonProperty("token_file") Path tokenFile,
      @JsonProperty("verbose") boolean verbose) {
    public Sample {
      listen = listen == null ? "127.0.0.1:7443" : listen;
      heartbeatSeconds = heartbeatSeconds == null ? 30 : heartbeatSeconds;
      if (heartbeatSeconds <= 0) {
        throw new IllegalArgumentException(
            "heartbeat_seconds: " + heartbeatSeconds + " (expected: > 0)");
      }
    }
  }

  @TempDir Path dir;

  private Path file(String json) throws IOException {
    return Files.writeString(dir.resolve("settings.json"), json);
  }

  @Test
  void defaultsThenFileThenEnvironmentThenFlagsEachWithItsSource() throws Exception {
    Path f = file("{\"listen\": \"0.0.0.0:1\", \"heartbeat_seconds\": 5}");

    ResolvedSettings<Sample> r =
        LayeredSettings.of(Sample.class)
            .file(f)
            .env(
                Map.of(
                    "AUTOSERVICE_HEARTBEAT_SECONDS", "7",
                    "AUTOSERVICE_LISTEN", "0.0.0.0:2",
                    "AUTOSERVICE_SERVER_NAMES", "a.lan, b.lan",
                    "AUTOSERVICE_SHOP", "{\"name\": \"Bob's\"}",
                    "AUTOSERVICE_VERBOSE", "true",
                    "PATH", "/bin"))
            .flag("listen", "--listen", "0.0.0.0:3")
            .resolve();

    assertThat(r.settings())
        .isEqualTo(
            new Sample(
                "0.0.0.0:3",
                7,
                List.of("a.lan", "b.lan"),
                Map.of("name", "Bob's"),
                null,
                null,
                true));
    assertThat(r.sources().get("listen")).hasToString("flag --listen");
    assertThat(r.sources().get("heartbeat_seconds"))
        .hasToString("env AUTOSERVICE_HEARTBEAT_SECONDS");
    assertThat(r.sources().get("api_token")).hasToString("default");
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void aListVariableMayBeAJsonArray() throws Exception {
    Sample s =
        LayeredSettings.of(Sample.class)
            .env(Map.of("AUTOSERVICE_SERVER_NAMES", "[\"a,b\", \"c\"]"))
            .resolve()
            .settings();

    assertThat(s.serverNames()).containsExactly("a,b", "c");
  }

  @Test
  void aVariableThatIsNotANumberIsNamed() {
    assertThatThrownBy(
            () ->
                LayeredSettings.of(Sample.class).env(Map.of("AUTOSERVICE_HEARTBEAT_SECONDS", "x")))
        .isInstanceOf(SettingsException.class)
        .hasMessage("AUTOSERVICE_HEARTBEAT_SECONDS: \"x\" is not a number");
  }

  @Test
  void aValueTheRecordRefusesNamesWhereItCameFrom() throws Exception {
    Path f = file("{\"heartbeat_seconds\": 0}");
    assertThatThrownBy(() -> LayeredSettings.of(Sample.class).file(f).resolve())
        .hasMessage(f + ": heartbeat_seconds: 0 (expected: > 0)");
    assertThatThrownBy(
            () ->
                LayeredSettings.of(Sample.class)
                    .file(f)
                    .env(Map.of("AUTOSERVICE_HEARTBEAT_SECONDS", "-1"))
                    .resolve())
        .hasMessage("AUTOSERVICE_HEARTBEAT_SECONDS: heartbeat_seconds: -1 (expected: > 0)");
  }

  @Test
  void anUnknownFileKeyStopsWithTheKeyAndTheKnownOnes() throws Exception {
    Path f = file("{\"heartbeat_second\": 5}");
    assertThatThrownBy(() -> LayeredSettings.of(Sample.class).file(f))
        .hasMessageStartingWith(f + ": unknown key \"heartbeat_second\" (expected: listen,");
  }

  @Test
  void aVariableATypoAwayFromASettingIsWarnedAboutOthersAreLeftAlone() throws Exception {
    ResolvedSettings<Sample> r =
        LayeredSettings.of(Sample.class)
            .env(
                Map.of(
                    "AUTOSERVICE_HEARTBEAT_SECOND", "5",
                    "AUTOSERVICE_SHOP_LLM_KEY", "sk-secret",
                    "AUTOSERVICE_TOKEN", "t",
                    "AUTOSERVICE_TOOL_SMARTCTL", "/usr/sbin/smartctl"))
            .resolve();

    assertThat(r.settings().heartbeatSeconds()).isEqualTo(30);
    assertThat(r.warnings())
        .containsExactly(
            "AUTOSERVICE_HEARTBEAT_SECOND is not a setting (did you mean"
                + " AUTOSERVICE_HEARTBEAT_SECONDS?); it is ignored");
  }

  @Test
  void configShowsEveryKeyWithItsSourceSecretsMaskedPathsNot() throws Exception {
    ResolvedSettings<Sample> r =
        LayeredSettings.of(Sample.class)
            .env(
                Map.of(
                    "AUTOSERVICE_API_TOKEN", "s3cret-token-value",
                    "AUTOSERVICE_TOKEN_FILE", "/etc/autoservice/token"))
            .resolve();

    String text = r.text();
    assertThat(text)
        .doesNotContain("s3cret-token-value")
        .contains("api_token         = ********  (env AUTOSERVICE_API_TOKEN)")
        .contains("listen            = 127.0.0.1:7443  (default)")
        .contains("heartbeat_seconds = 30  (default)")
        .contains("server_names      = null  (default)")
        .contains("token_file        = /etc/autoservice/token  (env AUTOSERVICE_TOKEN_FILE)");
    assertThat(r.json().toString()).doesNotContain("s3cret-token-value");
    assertThat(r.json().get("heartbeat_seconds").get("value").asInt()).isEqualTo(30);
  }
}
