package io.autoservice.console.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSourceTest {
  @TempDir Path dir;

  @Test
  void shouldPreferFlagsOverTheEnvironment() throws Exception {
    Path file = Files.writeString(dir.resolve("t"), "  from-file\n");
    Path envFile = Files.writeString(dir.resolve("e"), "from-env-file\n");
    Map<String, String> env =
        Map.of("AUTOSERVICE_TOKEN", "from-env", "AUTOSERVICE_TOKEN_FILE", envFile.toString());

    assertThat(TokenSource.resolve("flag", null, env)).isEqualTo("flag");
    assertThat(TokenSource.resolve(null, file, env)).isEqualTo("from-file");
    assertThat(TokenSource.resolve(null, null, env)).isEqualTo("from-env");
    assertThat(
            TokenSource.resolve(null, null, Map.of("AUTOSERVICE_TOKEN_FILE", envFile.toString())))
        .isEqualTo("from-env-file");
    assertThat(TokenSource.resolve(null, null, Map.of())).isNull();
  }

  @Test
  void shouldRefuseUnusableTokens() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");

    assertThatThrownBy(() -> TokenSource.resolve(null, dir.resolve("missing"), Map.of()))
        .hasMessage("--token-file: cannot read " + dir.resolve("missing") + " (no such file)");
    assertThatThrownBy(() -> TokenSource.resolve(null, empty, Map.of()))
        .hasMessageContaining("is empty");
    assertThatThrownBy(() -> TokenSource.resolve("two words", null, Map.of()))
        .hasMessageStartingWith("--token: not a token");
    assertThatThrownBy(() -> TokenSource.resolve("a", empty, Map.of()))
        .hasMessage("--token and --token-file: give one, not both");
  }
}
